"""`model-monitor report` against the marts it shows.

The demo is built once (tests/report_fixtures.py): its report must hold every alert of
model_monitor__alerts, and every plotted number (drift statistics, histogram counts, performance)
must equal the mart's value read with duckdb directly. The page must be one self-contained file.
A synthetic history of 100 features x 365 daily windows gives a page under 5 MB; the same
report runs on PostgreSQL (and DuckDB) on a small project with SLOs, latency and a monitor
without outcomes.
"""
from __future__ import annotations

import datetime as dt
import math
import re
import shlex
import shutil
import subprocess

import duckdb
import numpy as np
import pandas as pd
import pytest

from model_monitor.cli import main
from model_monitor.report import (DRIFT_STATS, MARTS, Collected, Table, assemble, decode_counts, decode_runs,
                                  drift_series, render_html)
from report_fixtures import demo_report, dbt_env, page_data, synthetic_report  # noqa: F401  (fixtures)

SIZE_LIMIT = 5_000_000  # bytes


# -- helpers -----------------------------------------------------------------------------------------

def _iso(value) -> str | None:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NaT:
        return None
    return pd.Timestamp(value).isoformat(timespec="seconds")


def _value(value):
    """A mart value as the page holds it: NULL/NaN as None, numbers as float."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, (float, np.floating)):
        return None if math.isnan(value) else float(value)
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, (pd.Timestamp, dt.datetime)):
        return _iso(value)
    return value


def _page_rows(table: dict) -> list[dict]:
    return [dict(zip(table["columns"], row)) for row in table.get("rows", [])]


def _read(db, sql: str) -> pd.DataFrame:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql).df()


def assert_alerts_in_page(data: dict, alerts: pd.DataFrame) -> None:
    """Every alert row (window, subject, statistic, value, threshold, severity) is in the page."""
    for monitor, rows in alerts.groupby("monitor_name"):
        page = {(r["window_start"], r["subject"], r["metric_name"], _value(r["metric_value"]),
                 _value(r["threshold"]), r["severity"])
                for r in _page_rows(data["monitors"][monitor].get("alerts", {}))}
        assert len(page) == len(rows), (monitor, len(page), len(rows))
        for r in rows.itertuples():
            key = (_iso(r.window_start), r.subject, r.metric_name, _value(r.metric_value), _value(r.threshold),
                   r.severity)
            assert key in page, (monitor, key)


def assert_drift_in_page(data: dict, drift: pd.DataFrame) -> int:
    """Every plotted drift point equals the mart's value (exactly); returns the points compared."""
    compared = 0
    for (monitor, feature), rows in drift.groupby(["monitor_name", "feature_name"]):
        rows = rows.sort_values("window_start")
        entry = data["monitors"][monitor]["features"][feature]
        windows = [data["windows"][i] for i in decode_runs(entry["drift"]["w"])]
        assert windows == [_iso(w) for w in rows.window_start], (monitor, feature)
        assert entry["drift"]["status"] == "".join(
            {"ok": "o", "warn": "w", "alert": "a", "no_data": "n"}[s] for s in rows.drift_status)
        assert decode_counts(entry["drift"]["row_count"]) == [int(v) for v in rows.row_count]
        series = drift_series(entry)
        for stat in DRIFT_STATS:
            mart = [_value(v) for v in rows[stat]]
            if all(v is None for v in mart):
                assert stat not in series or all(v is None for v in series[stat]), (monitor, feature, stat)
                continue
            assert series[stat] == mart, (monitor, feature, stat)
            compared += sum(v is not None for v in mart)
    return compared


def assert_histograms_in_page(data: dict, hist: pd.DataFrame) -> None:
    """Reference bins (labels, edges, counts) and every window's bin counts equal the mart."""
    for (monitor, feature), rows in hist.groupby(["monitor_name", "feature_name"]):
        h = data["monitors"][monitor]["features"][feature]["hist"]
        refs = rows[rows.is_reference].sort_values("bin_index")
        assert len(h["refs"]) == 1
        ref = h["refs"][0]
        assert ref["labels"] == refs.bin_label.tolist()
        assert ref["counts"] == [int(c) for c in refs.row_count]
        for key, column in (("lower", "lower_edge"), ("upper", "upper_edge")):
            expected = [None if pd.isna(v) else ("inf" if v == math.inf else "-inf" if v == -math.inf else float(v))
                        for v in refs[column]]
            assert ref[key] == expected, (feature, key)
        windows = rows[~rows.is_reference]
        starts = sorted(windows.window_start.unique())
        assert [data["windows"][i] for i in decode_runs(h["w"])] == [_iso(w) for w in starts]
        flat = decode_counts(h["counts"])
        expected = [int(c) for c in windows.sort_values(["window_start", "bin_index"]).row_count]
        assert flat == expected, feature


# -- the demo's report -------------------------------------------------------------------------------

def test_demo_writes_the_report_and_prints_where_the_marts_and_a_query(demo_report, tmp_path):
    out = demo_report.output
    assert demo_report.report.is_file() and "report" in demo_report.report.name
    assert demo_report.report.parent == demo_report.built_db.parent
    for mart in MARTS:
        assert mart in out
    line = next(line.strip() for line in out.splitlines() if line.strip().endswith(".show()\""))
    # pasted as printed, on the copy of the file (the process that built it keeps it locked)
    assert str(demo_report.built_db) in line
    pasted = subprocess.run(shlex.split(line.replace(str(demo_report.built_db), str(demo_report.db))),
                            capture_output=True, text=True, timeout=120)
    assert pasted.returncode == 0, pasted.stderr
    assert "metric_name" in pasted.stdout and "threshold" in pasted.stdout
    print(f"demo with report: {demo_report.info['seconds']:.1f} s")


def test_every_alert_of_the_mart_is_in_the_page(demo_report):
    data = demo_report.data()
    assert set(data["monitors"]) == {"car_loan"}  # the demo reports its own monitor only
    alerts = _read(demo_report.db, "select * from main.model_monitor__alerts where monitor_name = 'car_loan'")
    assert len(alerts) > 20
    assert_alerts_in_page(data, alerts)


def test_every_plotted_drift_point_equals_the_mart(demo_report):
    data = demo_report.data()
    drift = _read(demo_report.db, "select * from main.model_monitor__feature_drift where monitor_name = 'car_loan'")
    assert assert_drift_in_page(data, drift) > 5000
    # the thresholds drawn are the metrics mart's
    thresholds = _read(demo_report.db, "select distinct subject, metric_name, warn_threshold, alert_threshold "
                                       "from main.model_monitor__metrics where monitor_name = 'car_loan' "
                                       "and metric_name = 'psi'")
    page = {(t[0], t[1], t[2], t[3]) for t in data["monitors"]["car_loan"]["thresholds"] if t[1] == "psi"}
    assert page == {(r.subject, r.metric_name, _value(r.warn_threshold), _value(r.alert_threshold))
                    for r in thresholds.itertuples()}


def test_histograms_equal_the_mart(demo_report):
    hist = _read(demo_report.db, "select * from main.model_monitor__feature_histograms where monitor_name = 'car_loan'")
    assert_histograms_in_page(demo_report.data(), hist)
    # the new categories of issue 8, by name
    new = _read(demo_report.db, "select * from main.model_monitor__new_categories where monitor_name = 'car_loan'")
    named = demo_report.data()["monitors"]["car_loan"]["features"]["vehicle_make"]["new_categories"]
    assert sum(len(v) for v in named.values()) == len(new[new.feature_name == "vehicle_make"]) > 0


def test_performance_and_freshness_rows_equal_the_mart(demo_report):
    data = demo_report.data()["monitors"]["car_loan"]
    for mart, key in (("model_monitor__performance", "performance"), ("model_monitor__freshness", "freshness")):
        rows = _read(demo_report.db, f"select * from main.{mart} where monitor_name = 'car_loan'")
        page = _page_rows(data[key])
        assert len(page) == len(rows) > 0
        columns = [c for c in rows.columns if c != "monitor_name"]
        assert set(columns) <= set(data[key]["columns"])
        expected = sorted(tuple(str(_value(v)) for v in r) for r in rows[columns].itertuples(index=False))
        actual = sorted(tuple(str(_value(p[c])) for c in columns) for p in page)
        assert actual == expected, mart


def test_page_is_self_contained(demo_report):
    html = demo_report.html()
    for tag in re.findall(r"<(?:script|link|img|iframe)\b[^>]*>", html, re.I):
        assert not re.search(r"\b(?:src|href)\s*=", tag, re.I), tag
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", html, re.I)
    assert "<link" not in html.lower()
    assert "Chart.js v4" in html and "sourceMappingURL" not in html
    assert "default-src 'none'" in html  # the page may not fetch anything
    data = page_data(html)
    assert data["meta"]["warnings"] == []


def test_report_command_with_monitor_since_and_progress(demo_report, tmp_path, monkeypatch, capsys):
    from dbt_harness import PROJECT_DIR

    db = tmp_path / "demo.duckdb"  # a copy of its own: dbt keeps its file open in this process
    shutil.copy(demo_report.db, db)
    for key, value in dbt_env(tmp_path, MODEL_MONITOR_TARGET="duckdb", MODEL_MONITOR_DUCKDB_PATH=str(db)).items():
        monkeypatch.setenv(key, value)
    out = tmp_path / "out" / "page.html"
    assert main(["report", "--project-dir", str(PROJECT_DIR), "--profiles-dir", str(PROJECT_DIR),
                 "--target", "duckdb", "--monitor", "car_loan",
                 "--since", "2026-03-20", "--output", str(out)]) == 0
    captured = capsys.readouterr()
    assert captured.out.strip() == str(out)
    progress = [line for line in captured.err.splitlines() if re.search(r"\[\d+/\d+\] model_monitor__", line)]
    assert len(progress) >= 10, captured.err
    data = page_data(out.read_text())
    assert set(data["monitors"]) == {"car_loan"}
    assert min(data["windows"]) == "2026-03-20T00:00:00"
    alerts = _read(demo_report.db, "select * from main.model_monitor__alerts where monitor_name = 'car_loan' "
                                   "and window_start >= '2026-03-20'")
    assert_alerts_in_page(data, alerts)
    # the reference is kept: the histograms still compare with it
    assert data["monitors"]["car_loan"]["features"]["credit_score"]["hist"]["refs"][0]["start"] == "2026-01-05T00:00:00"
    with pytest.raises(SystemExit):  # not a date
        main(["report", "--since", "yesterday"])
    # a misspelt monitor is an error naming it, not an empty page that looks healthy
    typo = tmp_path / "typo.html"
    assert main(["report", "--project-dir", str(PROJECT_DIR), "--profiles-dir", str(PROJECT_DIR),
                 "--target", "duckdb", "--monitor", "car_lone", "--output", str(typo)]) == 1
    assert "no rows in the marts for monitor(s) 'car_lone'" in capsys.readouterr().err and not typo.exists()


def test_the_assets_ship_in_the_wheel_and_names_stay_literal():
    import tomllib
    from pathlib import Path

    from model_monitor.report import ASSETS, queries

    repo = Path(__file__).resolve().parents[1]
    package_data = tomllib.loads((repo / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]
    assert "report_assets/*" in package_data["model_monitor"]
    for name in ("chart.umd.min.js", "chart.js-LICENSE.md", "report.js", "report.css"):
        assert (ASSETS / name).is_file(), name
    assert "MIT License" in (ASSETS / "chart.js-LICENSE.md").read_text()
    sql = queries(["o'brien {{ x }}"], dt.datetime(2026, 3, 1))[0].sql
    assert "{% raw %}'o''brien {{ x }}'{% endraw %}" in sql and "'2026-03-01 00:00:00'" in sql


# -- marts that are empty, missing, or have columns added later -------------------------------------

def test_empty_and_missing_marts_and_added_columns():
    when = dt.datetime(2026, 1, 1)
    tables = {
        "drift": Table(["monitor_name", "feature_name", "feature_type", "window_start", "row_count", "psi",
                        "drift_status", "drift_reason", "reference_null_rate"],
                       [("m", "x", "numeric", when, 10, 0.5, "alert", "psi", None)]),
        "alerts": Table(["monitor_name", "window_start", "subject", "metric_name", "metric_value", "threshold",
                         "severity", "segment_name"],  # a column a later release adds
                        [("m", when, "x", "psi", 0.5, 0.25, "alert", "__all__")]),
        "performance": Table([], []), "slos": Table(["monitor_name", "slo_name"], []),
    }
    data = assemble(Collected(tables, ["model_monitor__status: not a model of this project (skipped)"]))
    assert data["monitors"]["m"]["alerts"]["columns"][-1] == "segment_name"
    assert "performance" not in data["monitors"]["m"] and "slos" not in data["monitors"]["m"]
    assert drift_series(data["monitors"]["m"]["features"]["x"])["psi"] == [0.5]
    html = render_html(data)
    assert page_data(html) == data and "</script" not in html.split('id="report-data">')[1].split("</script>")[0]


# -- size: 100 features x 365 daily windows ----------------------------------------------------------

def test_100_features_by_365_windows_stay_under_5_mb(synthetic_report):
    info = synthetic_report.info
    size = synthetic_report.report.stat().st_size
    print(f"\nreport of 100 features x 365 windows: {size / 1e6:.2f} MB; marts {info['rows']}; "
          f"queries through dbt {info['query_seconds']:.1f} s, page written in {info['render_seconds']:.1f} s "
          f"after the queries (synthetic marts generated in {info['generate_seconds']:.1f} s)")
    assert size < SIZE_LIMIT, size
    assert info["warnings"] == []
    data = synthetic_report.data()
    features = data["monitors"]["synthetic"]["features"]
    assert len(features) == 100 and len(data["windows"]) == 365
    # and what it shows is the marts' data, exactly
    drift = _read(synthetic_report.db, "select * from main.model_monitor__feature_drift "
                                       "where feature_name in ('feature_000', 'feature_001')")
    assert assert_drift_in_page(data, drift) > 2000
    hist = _read(synthetic_report.db, "select * from main.model_monitor__feature_histograms "
                                      "where feature_name in ('feature_000', 'feature_001')")
    assert_histograms_in_page(data, hist)
    assert_alerts_in_page(data, _read(synthetic_report.db, "select * from main.model_monitor__alerts"))


# -- the report on PostgreSQL (and DuckDB): the same marts, the same page ---------------------------

START = pd.Timestamp("2024-05-01")


def _engine_data(days: int = 8, n: int = 80, seed: int = 5) -> tuple[pd.DataFrame, pd.DataFrame]:
    rng = np.random.default_rng(seed)
    frames = []
    for day in range(days):
        ts = START + pd.Timedelta(days=day) + pd.to_timedelta(np.sort(rng.integers(0, 86_400, n)), unit="s")
        frames.append(pd.DataFrame({
            "prediction_id": [f"d{day}-{i}" for i in range(n)], "predicted_at": ts,
            "model_version": np.where(np.arange(n) % 3 == 0, "v2", "v1"), "score": rng.random(n),
            "amount": rng.normal(100 if day < 6 else 160, 15, n),
            "segment": rng.choice(["a", "b", "c"] + (["z"] if day >= 6 else []), n),
            "latency_ms": rng.gamma(3.0, 20.0, n), "cost_usd": rng.random(n) / 1000}))
    predictions = pd.concat(frames, ignore_index=True)
    labeled = predictions[predictions.predicted_at < START + pd.Timedelta(days=5)]
    outcomes = pd.DataFrame({"prediction_id": labeled.prediction_id,
                             "repaid": (rng.random(len(labeled)) < labeled.score).astype(int),
                             "observed_at": labeled.predicted_at + pd.Timedelta(hours=20)})
    return predictions, outcomes


def _engine_monitors() -> dict:
    base = {"predictions": {"source": ["oracle", "predictions"]}, "id_column": "prediction_id",
            "timestamp_column": "predicted_at", "task": "binary_classification", "score_column": "score",
            "window": "day", "features": {"numeric": ["amount"], "categorical": ["segment"]},
            "reference": {"start": "2024-05-01", "end": "2024-05-04"}}
    full = {**base, "name": "svc", "model_version_column": "model_version", "segments": ["segment"],
            "latency_ms_column": "latency_ms", "cost_column": "cost_usd",
            "outcomes": {"relation": {"source": ["oracle", "outcomes"]}, "id_column": "prediction_id",
                         "label_column": "repaid", "timestamp_column": "observed_at"},
            "slos": [{"name": "drift_free", "objective": 0.8, "period_windows": 8, "short_windows": 1,
                      "long_windows": 4}]}
    return {"model_monitor": {"monitors": [full, {**base, "name": "bare"}]},
            "model_monitor_as_of": "2024-05-09 00:30"}


def test_report_on_the_engine(engine, tmp_path):
    from dbt_harness import PROJECT_DIR

    from model_monitor.report import write_report

    predictions, outcomes = _engine_data()
    engine.load_table(engine.oracle_schema, "predictions", predictions)
    engine.load_table(engine.oracle_schema, "outcomes", outcomes)
    run = engine.dbt("run", "--select", "package:model_monitor", vars=_engine_monitors())
    assert run.success, run.messages[-6000:]
    lines: list[str] = []
    out = tmp_path / "report.html"
    written = write_report(out, project_dir=PROJECT_DIR, profiles_dir=PROJECT_DIR, target=engine.name,
                           env={**engine.env, **dbt_env(tmp_path / "report-dbt")}, progress=lines.append)
    assert written["warnings"] == [], written["warnings"]
    data = page_data(out.read_text())
    assert set(data["monitors"]) == {"svc", "bare"}
    svc, bare = data["monitors"]["svc"], data["monitors"]["bare"]
    # a monitor without outcomes, SLOs or operational columns: no SLO or operational rows, and
    # performance rows without labels (counts and label-free estimates only)
    assert "slos" not in bare and "operational" not in bare
    assert {r["labeled_count"] for r in _page_rows(bare["performance"])} == {0}
    assert set(bare["features"]) == {"amount", "segment", "__score__"}
    for key, mart in (("slos", "model_monitor__slos"), ("operational", "model_monitor__operational_metrics"),
                      ("performance", "model_monitor__performance"), ("model_versions", "model_monitor__model_versions")):
        rows = engine.table(mart)
        assert len(_page_rows(svc[key])) == len(rows[rows.monitor_name == "svc"]) > 0, key
    for key, mart in (("prediction_quality", "model_monitor__prediction_quality"),
                      ("outcome_quality", "model_monitor__outcome_quality")):
        rows = engine.table(mart)
        rows = rows[rows.monitor_name == "svc"]
        assert [r["prediction_rows" if key == "prediction_quality" else "outcome_rows"] for r in _page_rows(svc[key])] \
            == [int(v) for v in rows["prediction_rows" if key == "prediction_quality" else "outcome_rows"]] and len(rows) == 1
    # what was live when, and the pipeline's runs (the run above, recorded by the on-run-end hook)
    versions = engine.table("model_monitor__model_versions")
    svc_versions = versions[versions.monitor_name == "svc"]
    page_versions = {(r["window_start"], r["model_version"]): r["prediction_count"] for r in _page_rows(svc["model_versions"])}
    assert page_versions == {(pd.Timestamp(r.window_start).isoformat(), r.model_version): int(r.prediction_count)
                             for r in svc_versions.itertuples()}
    runs = engine.table("model_monitor__pipeline_runs")
    page_runs = _page_rows(data["pipeline_runs"])
    assert len(runs) == 1 and [(r["invocation_id"], r["run_succeeded"]) for r in page_runs] == \
        [(runs.invocation_id.iloc[0], True)]
    assert_alerts_in_page(data, engine.table("model_monitor__alerts"))
    assert assert_drift_in_page(data, engine.table("model_monitor__feature_drift")) > 50
    assert_histograms_in_page(data, engine.table("model_monitor__feature_histograms"))
    print(f"\n{engine.name}: " + "; ".join(lines[-3:]))


def test_the_page_can_chart_every_realized_performance_metric():
    """The page's list of performance metrics (report.js perfMetrics) holds every realized metric
    column of the metric catalogue, so a metric added to a task shows in its chart menu. The est_*
    estimates are drawn beside their realized metric, and the micro averages equal accuracy."""
    import metric_catalogue
    from model_monitor.report import ASSETS

    script = (ASSETS / "report.js").read_text()
    body = re.search(r"function perfMetrics\(r\) \{\s*return \[(.*?)\]\.filter", script, re.S)
    assert body, "report.js: no perfMetrics list"
    charted = set(re.findall(r'"(\w+)"', body.group(1)))
    realized = {m for m in metric_catalogue.names(source="performance", metric_column=True)
                if not m.startswith("est_") and not m.endswith("_micro")}
    assert realized - charted == set()
    assert charted - set(metric_catalogue.names(source="performance")) == set()
