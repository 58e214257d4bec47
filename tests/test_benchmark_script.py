"""The benchmark script runs end to end at a tiny size and prints its table (benchmarks/bench.py).

Not a timed test: nothing here asserts a duration, only that the script works, that its table
has the documented structure and that every figure is a finite positive ratio. Also the demo
generator's opt-in extra features, which the benchmark needs for its 20 features.
"""
from __future__ import annotations

import math
import re
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from model_monitor import demo

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))
import bench  # noqa: E402


def table_rows(text: str) -> list[list[str]]:
    """The cells of the figures table: the first block of table lines."""
    lines = text.split("| figure |", 1)[1].split("\n\n", 1)[0].splitlines()
    lines = ["| figure |" + lines[0], *lines[1:]]
    assert lines[0] == "| figure | target | result | met | detail |"
    assert lines[1] == "|---|---|---|---|---|"
    return [[cell.strip() for cell in line.strip("|").split("|")] for line in lines[2:]]


def test_bench_prints_a_table_of_finite_ratios(tmp_path, capsys):
    out = tmp_path / "results.md"
    argv = ["--rows", "9_000", "--memory-rows", "9_000", "--repeat", "1", "--data-dir", str(tmp_path / "data"),
            "--skip", "competitors", "--out", str(out)]
    assert bench.main(argv) == 0
    printed = capsys.readouterr().out
    written = out.read_text()
    assert printed.strip() == written.strip()
    assert f"Command: `python benchmarks/bench.py {' '.join(argv)}`" in written
    assert re.search(r"Machine: \d+ cores, [\d.]+ GiB memory", written)
    rows = table_rows(written)
    names = [r[0] for r in rows]
    assert [n.split(" ")[0] for n in names] == ["full", "bin", "incremental", "9,000", "dbt"], names
    for name, target, result, met, detail in rows[:3]:
        ratio = float(result.split(" ")[0])
        assert math.isfinite(ratio) and ratio > 0, (name, result)
        assert result.endswith("(median of 1)")
        assert met == "-" if name.startswith("bin counts") else met in ("yes", "NO")  # a floor, no target
    assert rows[3][2].startswith("completes, peak RSS ") and rows[3][3] == "yes"
    assert rows[4][3] == "-" and rows[4][2].endswith(" s")  # start-up: reported, never a ratio
    per_model = written.split("Full build, median SQL seconds per model:")[1]
    assert "| model_monitor__window_values | " in per_model and "| model_monitor__feature_drift | " in per_model


def test_bench_says_when_the_competitors_venv_is_missing(tmp_path):
    db = bench.data_file(tmp_path, 9_000, 20, print)
    dbt = bench.Dbt(tmp_path / "dbt", print)
    figures = bench.competitor_figures(dbt, db, tmp_path, 9_000, 20, 1, tmp_path / "no-venv" / "python", print)
    assert [f.value for f in figures] == ["not run", "not run"]
    assert all(f.met is None and "missing" in f.detail for f in figures)


def test_our_drift_is_the_drift_models_only(tmp_path):
    """The competitor figures divide by the models that compute what Evidently and NannyML do."""
    db = bench.data_file(tmp_path, 9_000, 20, print)
    dbt = bench.Dbt(tmp_path / "dbt", print)
    dbt.deps(db)
    run = dbt.run(db, 20, bench.REFERENCE_DAYS + bench.COMPARE_WINDOWS, full_refresh=True, select=bench.DRIFT_MODELS)
    assert {m.split(".")[-1] for m in run.models} == {
        "model_monitor__window_values", "model_monitor__reference_values", "model_monitor__reference_bins",
        "model_monitor__feature_histograms", "model_monitor__feature_drift"}


def test_bench_rejects_fewer_features_than_the_demo_has():
    with pytest.raises(SystemExit, match="at least 13"):
        bench.feature_columns(12)


def test_extra_features_leave_every_other_column_unchanged():
    plain = list(demo.iter_days(rows=900, seed=5))
    wide = list(demo.iter_days(rows=900, seed=5, extra_features=3))
    for (p, po), (w, wo) in zip(plain, wide):
        assert list(w.columns) == list(p.columns) + ["extra_01", "extra_02", "extra_03"]
        pd.testing.assert_frame_equal(w[p.columns], p)
        pd.testing.assert_frame_equal(wo, po)
    assert "extra_01" not in plain[0][0].columns


def test_extra_features_are_stationary_and_deterministic():
    days = [p for p, _ in demo.iter_days(rows=90_000, seed=5, extra_features=2)]
    again = [p for p, _ in demo.iter_days(rows=90_000, seed=5, extra_features=2)]
    pd.testing.assert_frame_equal(days[40], again[40])
    first = np.concatenate([d["extra_02"].to_numpy() for d in days[:30]])
    last = np.concatenate([d["extra_02"].to_numpy() for d in days[60:]])
    # same law every day: mean 20, sd 3 (1000 rows a day, so the means agree to ~0.05)
    assert abs(first.mean() - 20) < 0.1 and abs(last.mean() - 20) < 0.1
    assert abs(first.std() - 3) < 0.1 and abs(last.std() - 3) < 0.1
    assert not np.array_equal(days[0]["extra_01"].to_numpy(), days[1]["extra_01"].to_numpy()[: len(days[0])])


@pytest.mark.parametrize("bad", [-1, 100, 2.0, True])
def test_extra_features_must_be_a_small_whole_number(bad):
    with pytest.raises(ValueError, match="extra_features must be a whole number"):
        next(demo.iter_days(rows=900, extra_features=bad))
