"""The benchmark script runs end to end at a tiny size and prints its table (benchmarks/bench.py).

Not a timed test: nothing here asserts a duration, only that the script works, that its table
has the documented rows and that every figure is a finite positive ratio. The PostgreSQL part
is skipped (not cheap), unless MODEL_MONITOR_BENCH_TEST_POSTGRES=1 and the test suite's server
listens on MODEL_MONITOR_PG_PORT (default 54329). The Spark part is skipped too (a full build on
a local Spark session takes minutes even at 9,000 rows); only its "not run" rows are checked. Also
the benchmark's generated log (all-distinct and heavy-tailed features beside the demo's) and the
demo generator's opt-in extra features.
"""
from __future__ import annotations

import math
import os
import re
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from model_monitor import demo_data

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


def postgres_args() -> list[str]:
    """The PostgreSQL part is skipped: not cheap (its full build took about 2 minutes at 9,000 rows
    when this was written). With MODEL_MONITOR_BENCH_TEST_POSTGRES=1 it runs against the test
    suite's server if that is listening (MODEL_MONITOR_PG_PORT, default 54329; never started nor
    stopped here, and the benchmark drops only its own schemas)."""
    port = int(os.environ.get("MODEL_MONITOR_PG_PORT", "54329"))
    if os.environ.get("MODEL_MONITOR_BENCH_TEST_POSTGRES") == "1" and bench.port_open(port):
        return ["--postgres-rows", "9_000", "--postgres-port", str(port), "--postgres-external",
                "--postgres-statement-timeout-minutes", "5"]
    return ["--skip", "postgres"]


def row(rows: list[list[str]], prefix: str) -> list[str]:
    found = [r for r in rows if r[0].startswith(prefix)]
    assert len(found) == 1, (prefix, [r[0] for r in rows])
    return found[0]


def ratio_of(result: str) -> float:
    ratio = float(result.split(" ")[0])
    assert math.isfinite(ratio) and ratio > 0, result
    return ratio


def test_bench_prints_a_table_of_finite_ratios(tmp_path, capsys):
    out = tmp_path / "results.md"
    argv = ["--rows", "9_000", "--memory-rows", "9_000", "--repeat", "1", "--data-dir", str(tmp_path / "data"),
            "--skip", "competitors", "--skip", "incremental-10-days", "--skip", "noop", "--skip", "spark",
            *postgres_args(), "--output", str(out)]
    assert bench.main(argv) == 0
    printed = capsys.readouterr().out
    written = out.read_text()
    assert printed.strip() == written.strip()
    assert f"Command: `python benchmarks/bench.py {' '.join(argv)}`" in written
    assert re.search(r"Machine: \d+ cores, [\d.]+ GiB memory", written)
    # the package's default configuration: distribution_statistics is not set
    assert "distribution_statistics: not set (the package's default)" in written
    rows = table_rows(written)
    names = [r[0] for r in rows]
    assert [n.split(" ")[0] for n in names] == (
        ["full", "rows", "bin", "incremental", "9,000"] + (["PostgreSQL:"] if "--postgres-external" in argv else [])), names
    scale = row(rows, "full build SQL time / bare scan")
    assert scale[1] == "<= 10" and scale[2].endswith("(median of 1)") and scale[3] in ("yes", "NO")
    ratio_of(scale[2])
    stored = row(rows, "rows in all package tables / rows of the predictions table")
    assert stored[1] == "<= 0.1" and stored[3] in ("yes", "NO")
    ratio_of(stored[2])
    assert re.search(r"[\d,]+ rows in \d+ tables, 9,000 predictions", stored[4]), stored[4]
    incremental = row(rows, "incremental run adding day 90 after 89 days / full build")
    assert incremental[1] == "<= 0.07" and incremental[2].endswith("(median of 1)") and incremental[3] in ("yes", "NO")
    ratio_of(incremental[2])
    floor = row(rows, "bin counts only")  # reported, no target; "not measured" if the package's bins change
    assert floor[3] == "-" and (floor[2] == "not measured" or floor[2].endswith("(median of 1)"))
    memory = row(rows, "9,000 rows x 20 features, DuckDB memory_limit = '2GB'")
    assert memory[2].startswith("completes, build/scan ") and memory[3] == "yes"
    ratio_of(memory[2].removeprefix("completes, build/scan "))
    if "--postgres-external" in argv:
        postgres = row(rows, "PostgreSQL: full build SQL time / bare scan")
        assert postgres[3] == "-", postgres
        ratio_of(postgres[2])
    per_model = written.split("Full build, median SQL seconds per model:")[1]
    assert "| model_monitor__feature_drift | " in per_model


def test_bench_parts_can_be_skipped_and_approximate_is_gone():
    """Every part has a --skip (the competitors, the 10-day figure, Spark and dbt's start-up are
    skipped above to keep the test short; the competitors' rows are checked by the missing-venv
    test, the Spark rows by the no-Java test)."""
    assert bench.SKIPPABLE == ["scale", "bins", "rows", "incremental", "incremental-10-days", "memory",
                               "competitors", "postgres", "spark", "noop"]
    with pytest.raises(SystemExit):
        bench.main(["--distribution-statistics", "approximate"])  # removed from the package


def test_bench_spark_rows_say_why_they_did_not_run(tmp_path):
    """Without Java (or without the spark extra) both Spark rows say "not run" and why, and the
    benchmark goes on; no Spark directory is left behind."""
    dbt = bench.Dbt(tmp_path / "dbt", print)
    figures = bench.spark_figures(dbt, tmp_path, 9_000, 20, 1, print, java=str(tmp_path / "no-java"))
    assert [f.name.split(" ")[0] for f in figures] == ["Spark:", "Spark:"]
    assert "full build SQL time / bare scan" in figures[0].name and "planning time" in figures[1].name
    assert [f.value for f in figures] == ["not run", "not run"]
    assert all(f.met is None and f.ratio is None for f in figures)
    assert all(("no-java" in f.detail or "spark extra" in f.detail) for f in figures), figures[0].detail
    assert not list(tmp_path.glob("spark_*"))


def test_the_spark_scan_quotes_with_backticks():
    """On Spark "x" is a string literal: the bare scan there quotes its columns with backticks."""
    sql = bench.scan_sql(20, "`bench_demo`.`loan_predictions`", quote="`")
    assert 'count(`car_value`), min(`car_value`), max(`car_value`)' in sql and '"' not in sql
    assert 'count("car_value")' in bench.scan_sql(20, "demo.loan_predictions")


def test_bench_sets_distribution_statistics_only_when_asked():
    monitor = bench.monitor_vars(20, None)["model_monitor"]["monitors"][0]
    assert "distribution_statistics" not in monitor
    for mode in ("profile", "exact"):
        assert bench.monitor_vars(20, 90, mode)["model_monitor"]["monitors"][0]["distribution_statistics"] == mode


def test_bench_says_when_the_competitors_venv_is_missing(tmp_path):
    db = bench.data_file(tmp_path, 9_000, 20, print)
    dbt = bench.Dbt(tmp_path / "dbt", print)
    figures = bench.competitor_figures(dbt, db, tmp_path, 9_000, 20, 1, tmp_path / "no-venv" / "python", print)
    assert [f.name.split(" ")[0] for f in figures] == ["NannyML", "Evidently"]
    assert [f.target for f in figures] == [">= 3", ">= 50"]
    assert [f.value for f in figures] == ["not run", "not run"]
    assert all(f.met is None and "missing" in f.detail for f in figures)


def test_our_drift_is_the_drift_models_only(tmp_path):
    """The competitor figures divide by the models that compute what Evidently and NannyML do:
    the drift and what it reads, not performance, freshness or alerts."""
    db = bench.data_file(tmp_path, 9_000, 20, print)
    dbt = bench.Dbt(tmp_path / "dbt", print)
    dbt.deps(db)
    run = dbt.run(db, 20, bench.REFERENCE_DAYS + bench.COMPARE_WINDOWS, full_refresh=True, select=bench.DRIFT_MODELS)
    models = {m.split(".")[-1] for m in run.models}
    assert "model_monitor__feature_drift" in models and "model_monitor__reference_bins" in models
    assert not models & {"model_monitor__performance", "model_monitor__prediction_outcomes", "model_monitor__freshness",
                         "model_monitor__alerts", "model_monitor__metrics"}, models


def test_the_generated_log_has_all_distinct_and_heavy_tailed_features(tmp_path):
    numeric, categorical = bench.feature_columns(20)
    assert len(numeric) + len(categorical) == 20
    assert numeric[:8] == bench.NUMERIC and categorical == bench.CATEGORICAL
    assert numeric[8:] == list(bench.EXTRA_KINDS)
    days = list(bench.iter_bench_days(9_000, 20))
    frame = pd.concat([p for p, _ in days], ignore_index=True)
    assert list(frame.columns[-7:]) == list(bench.EXTRA_KINDS)
    for c in ("amount_lognormal", "amount_pareto", "cauchy_like", "uniform_continuous", "normal_continuous"):
        assert frame[c].nunique() == len(frame), c  # continuous: every value distinct
    assert frame["cauchy_like"].abs().max() > 1e4  # extreme values
    assert frame["amount_pareto"].max() > 50 * frame["amount_pareto"].median()  # heavy right tail
    assert frame["money_rounded"].isna().mean() > 0.02 and str(frame["money_rounded"].dtype) == "Float64"
    assert (frame["money_rounded"].dropna() * 100).round(6).eq((frame["money_rounded"].dropna() * 100).round()).all()
    assert frame["count_integer"].dtype == np.int64
    # the demo's columns are the demo's, and the log is deterministic
    plain = pd.concat([p for p, _ in demo_data.iter_days(rows=9_000, seed=bench.SEED)], ignore_index=True)
    pd.testing.assert_frame_equal(frame[plain.columns], plain)
    again = pd.concat([p for p, _ in bench.iter_bench_days(9_000, 20)], ignore_index=True)
    pd.testing.assert_frame_equal(frame, again)
    assert [c for c, _ in bench.extra_columns(9)][7:] == ["amount_lognormal_2", "amount_pareto_2"]


def test_bench_rejects_fewer_features_than_the_demo_has():
    with pytest.raises(SystemExit, match="at least 13"):
        bench.feature_columns(12)


def test_extra_features_leave_every_other_column_unchanged():
    plain = list(demo_data.iter_days(rows=900, seed=5))
    wide = list(demo_data.iter_days(rows=900, seed=5, extra_features=3))
    for (p, po), (w, wo) in zip(plain, wide):
        assert list(w.columns) == list(p.columns) + ["extra_01", "extra_02", "extra_03"]
        pd.testing.assert_frame_equal(w[p.columns], p)
        pd.testing.assert_frame_equal(wo, po)
    assert "extra_01" not in plain[0][0].columns


def test_extra_features_are_stationary_and_deterministic():
    days = [p for p, _ in demo_data.iter_days(rows=90_000, seed=5, extra_features=2)]
    again = [p for p, _ in demo_data.iter_days(rows=90_000, seed=5, extra_features=2)]
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
        next(demo_data.iter_days(rows=900, extra_features=bad))


def test_a_failed_dbt_run_is_summarised_on_one_line():
    output = ("\x1b[0m12:01:53  Finished running 17 models\n"
              "\x1b[0m12:01:53    Database Error in model model_monitor__reference_edges (models/x.sql)\n"
              "  canceling statement due to statement timeout\n"
              "  compiled code at target/run/x.sql\n"
              "\x1b[0m12:01:53  Done. PASS=7 WARN=0 ERROR=1 SKIP=9 NO-OP=0 TOTAL=17\n")
    assert bench.dbt_error_summary(output) == (
        "Database Error in model model_monitor__reference_edges (models/x.sql): "
        "canceling statement due to statement timeout")
