"""The same data built on DuckDB, PostgreSQL and Spark gives the same marts.

One build per engine of the adversarial prediction log (ties, NULL, NaN, +/-inf, an empty day, a
single-row day, unseen categories, quotes and spaces in names, a time-zone-aware timestamp) with
outcomes (late, missing and duplicated labels), for a fixed-period, a relation, a trailing and
a same-weekday reference. Every table the package builds is compared row by row: counts, labels, statuses,
timestamps and every other non-floating-point column exactly, floating-point columns to 1e-9
(relative above 1). DuckDB's marts are themselves checked against numpy/scipy/scikit-learn in
test_oracle_drift.py, test_adversarial_drift.py and test_oracle_performance.py, so equality here
carries those checks over to Spark.
"""
from __future__ import annotations

import json
import math
import os
import re

import numpy as np
import pandas as pd
import pytest

import adversarial_data as oracle_data

# Wasserstein is built from running integrals at the data's scale (README): besides 1e-9 of its
# size it may differ by ~1e-16 of the largest |value| (the `wide` feature reaches 1e8).
DATA_SCALE_COLUMNS = {"wasserstein": 1e-15 * 1e9}
AS_OF = "2030-01-01"  # fixes measured_at (the run's start otherwise); later than every row


def _outcomes(predictions: pd.DataFrame, seed: int = 5) -> pd.DataFrame:
    """Labels for about 85% of the predictions, 1 to 20 days late; 3% of them twice."""
    rng = np.random.default_rng(seed)
    rows = []
    for pid, ts, score in zip(predictions.prediction_id, predictions.predicted_at, predictions.score):
        if rng.random() < 0.15:
            continue
        p = score if isinstance(score, float) and math.isfinite(score) and 0 <= score <= 1 else 0.5
        copies = 2 if rng.random() < 0.03 else 1
        for _ in range(copies):
            rows.append((pid, int(rng.random() < p), ts + pd.Timedelta(hours=int(rng.integers(24, 480)))))
    return pd.DataFrame(rows, columns=["prediction_id", "label", "observed_at"])


def _monitors() -> list[dict]:
    by_name = {m["name"]: m for kind in oracle_data.KINDS for m in oracle_data.monitors(kind)}
    outcomes = {"relation": {"source": ["oracle", "outcomes"]}, "id_column": "prediction_id",
                "label_column": "label", "timestamp_column": "observed_at"}
    # trailing_day also: owners with a quote and a backslash (Spark escapes literals its own way),
    # and `tier` as a model version column ('a' and 'c' differ only in case from 'C')
    # and the pipeline-success SLI with an SLO on it (test_pipeline_success_on_every_engine)
    versions = {"model_version_column": "tier", "expected_model_version": ["a", "b"], "shadow_model_versions": ["C"],
                "owner": "o'brien \\ team", "response": "https://runbooks.example.com/x?a=1&b='2'",
                "thresholds": {**by_name["trailing_day"].get("thresholds", {}),
                               "expected_version_share": {"warn": 0.7, "alert": 0.6, "owner": "release 'team'"},
                               "pipeline_success_rate": {"warn": 0.99, "alert": 0.5}},
                "slos": [{"name": "pipeline", "objective": 0.9, "metrics": ["pipeline_success_rate"],
                          "period_windows": 3, "short_windows": 1, "long_windows": 2}]}
    # period_day also: scores calibrated on its reference period's labels (histogram binning)
    calibration = {"estimation": {"calibration": "histogram_binning", "bins": 7}}
    return [{**by_name["period_day"], "outcomes": outcomes, "segments": ["tier"], **calibration},
            by_name["relation_week_tz"], {**by_name["trailing_day"], **versions}, by_name["seasonal_day"]]


def _build(engine, predictions, reference, outcomes, monitors) -> dict[str, pd.DataFrame]:
    engine.load_table(engine.oracle_schema, "predictions", predictions,
                      types=oracle_data.sql_types(engine.name))
    engine.load_table(engine.oracle_schema, "reference", reference,
                      types=oracle_data.sql_types(engine.name))
    engine.load_table(engine.oracle_schema, "outcomes", outcomes)
    # the SLO gate (assert_slos_not_paging) would fail on the pipeline SLO: no run is recorded
    # before this build's end, so it has no rows yet (no_data); _check_pipeline_success reads it
    run = engine.dbt("build", "--select", "package:model_monitor", "--exclude", "assert_slos_not_paging",
                     vars={"model_monitor": {"monitors": monitors}, "model_monitor_as_of": AS_OF})
    assert run.success, f"{engine.name}: " + run.messages[-8000:]
    # model_monitor__monitor_state records the configuration, whose relations name each engine's
    # own database and schema: compared for its keys only
    models = sorted(r.node.name for r in run.results.results
                    if r.node.resource_type == "model" and r.node.package_name == "model_monitor")
    tables = {name: engine.table(name) for name in models}
    tables["model_monitor__monitor_state"] = tables["model_monitor__monitor_state"][["monitor_name", "state_key"]]
    # the run log differs by invocation id, clock and timings: compared for what each run did
    tables["model_monitor__run_results"] = tables["model_monitor__run_results"][["command", "model_name", "status"]]
    tables["model_monitor__pipeline_runs"] = tables["model_monitor__pipeline_runs"][
        ["command", "models_run", "models_succeeded", "models_failed", "models_skipped", "run_succeeded"]]
    return tables


def _value(v):
    """A comparable Python value: None, float, int, bool, str or naive UTC Timestamp. NaN is None:
    pandas reads a NULL double as NaN on DuckDB and Spark, so the two cannot be told apart here
    (the oracle tests check null_count and invalid_count, which count them separately)."""
    if v is None or v is pd.NaT or v is pd.NA or (isinstance(v, (float, np.floating)) and math.isnan(v)):
        return None
    if isinstance(v, (np.bool_, bool)):
        return bool(v)
    if isinstance(v, (np.integer, int)):
        return int(v)
    if isinstance(v, (np.floating, float)) or type(v).__name__ == "Decimal":
        return float(v)
    if isinstance(v, (pd.Timestamp, np.datetime64)) or hasattr(v, "isoformat"):
        ts = pd.Timestamp(v)
        return ts.tz_convert("UTC").tz_localize(None) if ts.tzinfo else ts
    return v


_NUMERIC_LABEL = re.compile(r"^\[(\S+), (\S+)\)$")


def _label(v):
    """A numeric bin's label '[a, b)' as its two edges: the engines print floats their own way
    ('0.0', '0'; '-inf', '-Infinity'; '1e-07', '1.0E-7'), each exactly enough to read back the
    same double, so the parsed edges must be equal. Category labels stay text."""
    match = _NUMERIC_LABEL.match(v) if isinstance(v, str) else None
    if match:
        try:
            return ("[a, b)", float(match.group(1)), float(match.group(2)))
        except ValueError:
            pass
    return v


def _is_float_column(values: list) -> bool:
    return any(isinstance(v, float) and math.isfinite(v) and v != int(v) for v in values)


def _sort_key(row: tuple) -> tuple:
    def key(v):
        if v is None:
            return (3, 0)
        if isinstance(v, (bool, int, float)):
            return (0, float(v))
        if isinstance(v, pd.Timestamp):
            return (2, v.value)
        return (1, str(v))
    return tuple(key(v) for v in row)


def compare_tables(name: str, expected: pd.DataFrame, actual: pd.DataFrame, engine: str,
                   tol: float = 1e-9) -> list[str]:
    """Differences between two versions of one mart (empty when equal). Columns are matched by
    name; a column is floating-point when either side holds a non-integral float, and its values
    must agree to ``tol`` (relative above 1); every other column must be equal."""
    problems: list[str] = []
    if set(expected.columns) != set(actual.columns):
        return [f"{name} on {engine}: columns differ: only expected {sorted(set(expected.columns) - set(actual.columns))}, "
                f"only actual {sorted(set(actual.columns) - set(expected.columns))}"]
    if len(expected) != len(actual):
        return [f"{name} on {engine}: {len(actual)} rows, expected {len(expected)}"]
    columns = sorted(expected.columns)
    exp_cols = {c: [_value(v) for v in expected[c].tolist()] for c in columns}
    act_cols = {c: [_value(v) for v in actual[c].tolist()] for c in columns}
    for c in [c for c in columns if c == "bin_label"]:
        exp_cols[c], act_cols[c] = [_label(v) for v in exp_cols[c]], [_label(v) for v in act_cols[c]]
    for c in [c for c in columns if c == "edge_text"]:  # a profile edge as the engine prints it
        exp_cols[c], act_cols[c] = ([None if v is None else float(v) for v in exp_cols[c]],
                                    [None if v is None else float(v) for v in act_cols[c]])
    floats = [c for c in columns if _is_float_column(exp_cols[c]) or _is_float_column(act_cols[c])]
    exact = [c for c in columns if c not in floats]
    order = exact + floats

    for c in exact:  # a column whose values differ as a multiset: say so, rows cannot align
        if sorted(exp_cols[c], key=lambda v: _sort_key((v,))) != sorted(act_cols[c], key=lambda v: _sort_key((v,))):
            diff = [v for v in act_cols[c] if v not in exp_cols[c]][:3] or [v for v in exp_cols[c] if v not in act_cols[c]][:3]
            problems.append(f"{name} on {engine}: column {c} holds other values, e.g. {diff!r}")
    if problems:
        return problems

    def rows(cols):
        out = [tuple(cols[c][i] for c in order) for i in range(len(expected))]
        return sorted(out, key=_sort_key)

    for e_row, a_row in zip(rows(exp_cols), rows(act_cols)):
        where = dict(zip(exact, e_row[:len(exact)]))
        for c, e, a in zip(order, e_row, a_row):
            if c in floats:
                if e is None or a is None:
                    ok = e is None and a is None
                elif math.isinf(e) or math.isinf(a):
                    ok = e == a
                else:
                    limit = tol * max(1.0, abs(e)) + DATA_SCALE_COLUMNS.get(c, 0.0)
                    ok = abs(a - e) <= limit
            else:
                ok = e == a
            if not ok:
                problems.append(f"{name} on {engine}: {c} = {a!r}, expected {e!r} (row {where})")
                if len(problems) > 20:
                    return problems
    return problems


@pytest.mark.spark
def test_same_marts_on_duckdb_postgres_and_spark(duckdb_engine, postgres_engine, spark_engine, tmp_path):
    predictions = oracle_data.predictions()
    reference = oracle_data.reference_relation()
    outcomes = _outcomes(predictions)
    monitors = _monitors()
    built = {}
    for engine in (duckdb_engine, postgres_engine, spark_engine):
        engine.workdir = tmp_path / engine.name
        engine.workdir.mkdir()
        built[engine.name] = _build(engine, predictions, reference, outcomes, monitors)
    if os.environ.get("MODEL_MONITOR_CROSS_ENGINE_DUMP"):  # to study a difference offline
        pd.to_pickle(built, os.environ["MODEL_MONITOR_CROSS_ENGINE_DUMP"])
    expected = built["duckdb"]
    # the comparison is not vacuous: drift, histograms and performance hold rows of every monitor
    drift = expected["model_monitor__feature_drift"]
    assert set(drift.monitor_name) == {m["name"] for m in monitors}
    assert drift.ks_statistic.notna().any() and drift.ks_pvalue.notna().any()
    assert len(expected["model_monitor__performance"]) > 0
    assert set(expected["model_monitor__model_versions"].version_role) == {"served", "shadow"}
    assert expected["model_monitor__alerts"].owner.notna().any()
    assert (expected["model_monitor__operational_metrics"].metric_name == "expected_version_share").any()
    problems = []
    for engine in ("postgres", "spark"):
        assert sorted(built[engine]) == sorted(expected), engine
        for name in expected:
            problems += compare_tables(name, expected[name], built[engine][name], engine)
    assert not problems, "\n".join(problems[:40])
    for engine in (duckdb_engine, postgres_engine, spark_engine):
        _check_pipeline_success(engine, monitors)
    # `model-monitor report` through dbt's Spark connection writes the page DuckDB's marts give
    pages = {engine.name: _report_data(engine, monitors) for engine in (duckdb_engine, spark_engine)}
    assert pages["duckdb"]["monitors"], "the report holds no monitor"
    problems = compare_page_data(pages["duckdb"], pages["spark"])
    assert not problems, "report on spark:\n" + "\n".join(problems[:40])


def _check_pipeline_success(engine, monitors) -> None:
    """The pipeline-success SLI and its SLO on one engine: the build above is the one recorded run
    (the on-run-end hook records a run after its models, so the build's own metrics had none);
    a second run of the operational metrics, the metrics and the SLOs gives the share of recorded
    runs that succeeded, per wall-clock day of their start, against the thresholds and the SLO
    (here 1.0: ok)."""
    run = engine.dbt("run", "--select", "model_monitor__operational_metrics", "model_monitor__metrics", "model_monitor__slos",
                     vars={"model_monitor": {"monitors": monitors}, "model_monitor_as_of": AS_OF})
    assert run.success, f"{engine.name}: " + run.messages[-8000:]
    recorded = engine.table("model_monitor__pipeline_runs")
    first = recorded[recorded.command == "build"]
    assert len(first) == 1 and bool(first.run_succeeded.iloc[0]), (engine.name, recorded)
    day = _value(pd.Timestamp(_value(first.run_started_at.iloc[0])).floor("D"))
    metrics = engine.table("model_monitor__metrics")
    rows = metrics[metrics.metric_name == "pipeline_success_rate"]
    got = sorted((r.monitor_name, _value(r.window_start), float(r.metric_value), r.subject, r.status) for r in rows.itertuples())
    assert got == [("trailing_day", day, 1.0, "__pipeline__", "ok")], (engine.name, got)
    slos = engine.table("model_monitor__slos")
    pipeline = slos[(slos.slo_name == "pipeline") & (slos.window_start.map(_value) == day)]
    assert len(pipeline) == 1 and pipeline.window_status.iloc[0] == "ok", (engine.name, pipeline.to_dict("records"))


def _report_data(engine, monitors) -> dict:
    """The data block of the report written from one engine's marts (as `model-monitor report
    --target <engine>` does, in this process), without its run metadata."""
    from dbt_harness import PROJECT_DIR
    from model_monitor.report import write_report
    from report_fixtures import page_data

    output = engine.workdir / "report.html"
    env = {**engine.env, "DBT_TARGET_PATH": str(engine.workdir / "report_target"),
           "DBT_LOG_PATH": str(engine.workdir / "report_logs")}
    written = write_report(output, project_dir=PROJECT_DIR, profiles_dir=PROJECT_DIR, env=env,
                           progress=lambda line: None,
                           dbt_vars={"model_monitor": {"monitors": monitors}, "model_monitor_as_of": AS_OF})
    assert not written["warnings"], (engine.name, written["warnings"])
    data = page_data(output.read_text(encoding="utf-8"))
    data.pop("meta", None)
    # each engine's run log has its own invocation ids and clock: compared for what the runs did
    runs = data["pipeline_runs"]
    keep = [i for i, c in enumerate(runs["columns"]) if c not in ("invocation_id", "run_started_at")]
    data["pipeline_runs"] = {"columns": [runs["columns"][i] for i in keep],
                             "rows": [[row[i] for i in keep] for row in runs["rows"]]}
    return data


def compare_page_data(expected, actual, path: str = "", tol: float = 1e-9) -> list[str]:
    """Differences between two report data blocks: the same structure, numbers within ``tol``
    (relative above 1), float arrays (base64 float64, report.encode_f8) decoded and compared
    the same way, numeric bin labels by their edges, every other value equal. A mart's rows
    ({"columns", "rows"}) are compared as a set of rows keyed by column name: a mart's column
    order is the engine's (Spark puts partition columns last) and its row order the query's."""
    from model_monitor.report import decode_f8

    def as_records(table):
        records = [dict(zip(table["columns"], row)) for row in table["rows"]]
        return sorted(records, key=lambda r: json.dumps([[k, _sortable(r[k])] for k in sorted(r)]))

    def close(a, b):
        a, b = _value(a), _value(b)
        if a is None or b is None:
            return a is None and b is None
        if isinstance(a, bool) or isinstance(b, bool) or not isinstance(a, (int, float)) or not isinstance(b, (int, float)):
            return a == b
        return abs(a - b) <= tol * max(1.0, abs(a))

    def f8(text):
        import base64
        import binascii
        try:
            raw = base64.b64decode(text, validate=True)
        except (binascii.Error, ValueError):
            return None
        return decode_f8(text) if raw and len(raw) % 8 == 0 else None

    if isinstance(expected, dict) and isinstance(actual, dict):
        if {"columns", "rows"} <= set(expected) and {"columns", "rows"} <= set(actual) \
                and sorted(expected["columns"]) == sorted(actual["columns"]):
            expected = {**expected, "columns": sorted(expected["columns"]), "rows": as_records(expected)}
            actual = {**actual, "columns": sorted(actual["columns"]), "rows": as_records(actual)}
        if set(expected) != set(actual):
            return [f"{path}: keys differ: {sorted(set(expected) ^ set(actual))[:10]}"]
        return [p for k in sorted(expected) for p in compare_page_data(expected[k], actual[k], f"{path}.{k}", tol)]
    if isinstance(expected, list) and isinstance(actual, list):
        if len(expected) != len(actual):
            return [f"{path}: {len(actual)} items, expected {len(expected)}"]
        return [p for i, (e, a) in enumerate(zip(expected, actual)) for p in compare_page_data(e, a, f"{path}[{i}]", tol)]
    if isinstance(expected, str) and isinstance(actual, str) and expected != actual:
        if _label(expected) == _label(actual):
            return []
        e, a = f8(expected), f8(actual)
        if e is not None and a is not None and len(e) == len(a) and all(close(x, y) for x, y in zip(e, a)):
            return []
        return [f"{path}: {actual[:80]!r} != {expected[:80]!r}"]
    if isinstance(expected, str) or isinstance(actual, str):
        return [] if expected == actual else [f"{path}: {actual!r} != {expected!r}"]
    return [] if close(expected, actual) else [f"{path}: {actual!r} != {expected!r}"]


def test_compare_tables_finds_each_kind_of_difference():
    """The comparison itself: equal tables pass; a float off by 1e-8, a changed count, a NULL for
    a value, a missing column and a missing row are each reported."""
    base = pd.DataFrame({"monitor_name": ["m", "m", "m"], "window_start": pd.to_datetime(["2024-01-01", "2024-01-02", None]),
                         "row_count": [3, 0, 5], "psi": [0.123456789, float("nan"), 2.5e3],
                         "status": ["ok", "no_data", None]})
    shuffled = base.iloc[[2, 0, 1]].reset_index(drop=True)
    assert compare_tables("t", base, shuffled, "x") == []
    off = base.copy()
    off.loc[0, "psi"] = 0.123456789 + 1e-8
    assert len(compare_tables("t", base, off, "x")) == 1
    within = base.copy()
    within.loc[2, "psi"] = 2.5e3 * (1 + 1e-10)
    assert compare_tables("t", base, within, "x") == []
    count = base.copy()
    count.loc[1, "row_count"] = 1
    assert compare_tables("t", base, count, "x")
    null = base.copy()
    null.loc[0, "status"] = None
    assert compare_tables("t", base, null, "x")
    assert compare_tables("t", base, base.drop(columns=["status"]), "x")
    assert compare_tables("t", base, base.iloc[:2], "x")
    labels = pd.DataFrame({"bin_label": ["[-inf, 0.0)", "[1e-07, 12345678.5)", "__other__"]})
    same = pd.DataFrame({"bin_label": ["[-Infinity, 0)", "[1.0E-7, 1.23456785E7)", "__other__"]})
    assert compare_tables("t", labels, same, "x") == []
    moved = pd.DataFrame({"bin_label": ["[-Infinity, 0)", "[1.0E-7, 1.23456786E7)", "__other__"]})
    assert compare_tables("t", labels, moved, "x")


def _sortable(v):
    """A row value as a sort key that engines agree on: numbers rounded to 9 significant digits
    (the tolerance), float arrays decoded the same way, labels by their edges."""
    if isinstance(v, float):
        return float(f"{v:.9g}")
    if isinstance(v, str):
        label = _label(v)
        return str(label) if label != v else v
    return v


def test_compare_page_data_finds_each_kind_of_difference():
    """The report comparison itself: float arrays and numbers within 1e-9 pass; a float array
    off by 1e-8, a changed count, a missing key and a changed label are each reported."""
    from model_monitor.report import encode_f8

    base = {"a": [1, 2.5, None], "s": encode_f8([0.1, None, 3e5]), "label": "[1e-07, 2.0)", "k": {"x": "ok"}}
    same = {"a": [1, 2.5 * (1 + 1e-12), None], "s": encode_f8([0.1 + 1e-13, None, 3e5]),
            "label": "[1.0E-7, 2)", "k": {"x": "ok"}}
    assert compare_page_data(base, same) == []
    assert compare_page_data(base, {**base, "s": encode_f8([0.1 + 1e-8, None, 3e5])})
    assert compare_page_data(base, {**base, "a": [2, 2.5, None]})
    assert compare_page_data(base, {**base, "k": {}})
    assert compare_page_data(base, {**base, "label": "[1e-07, 2.5)"})
    assert compare_page_data(base, {**base, "k": {"x": "warn"}})
    table = {"columns": ["a", "b"], "rows": [[1, "x"], [2, "y"]]}
    assert compare_page_data(table, {"columns": ["b", "a"], "rows": [["y", 2], ["x", 1]]}) == []
    assert compare_page_data(table, {"columns": ["b", "a"], "rows": [["y", 2], ["x", 3]]})
