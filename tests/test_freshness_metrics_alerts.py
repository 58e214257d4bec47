"""Freshness, the long metrics table and alerts, on DuckDB and PostgreSQL.

Freshness lags are checked against a hand computation at a fixed ``model_monitor_as_of``; every
row of ``model_monitor__metrics`` against the mart it comes from (value, thresholds from the
configuration, status recomputed here by the documented rule, and agreement with
``drift_status``); ``model_monitor__alerts`` against the breached metric rows; and the
incremental runs against a full refresh.
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pandas.testing as pdt
import pytest

import metric_catalogue as catalogue
from dbt_harness import validation_error

START = pd.Timestamp("2024-05-01")
DAYS = 8


def _data(seed: int = 7) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Predictions over DAYS days (day 5 empty, day 6 shifted: drift alerts), outcomes for the
    first days only, with whole-second and fractional timestamps."""
    rng = np.random.default_rng(seed)
    rows = []
    for day in range(DAYS):
        if day == 5:
            continue
        n = 60
        for i in range(n):
            ts = START + pd.Timedelta(days=day, seconds=int(rng.integers(0, 86400)))
            amount = float(rng.normal(100 if day != 6 else 180, 15))
            rows.append({"prediction_id": f"p{day}-{i}", "predicted_at": ts,
                         "model_version": "v1" if i % 3 else "v2",
                         "score": float(rng.random()), "amount": amount if i % 17 else None,
                         "segment": str(rng.choice(["a", "b", "c"] + (["z"] if day == 6 else [])))})
    predictions = pd.DataFrame(rows)
    labeled = predictions[predictions.predicted_at < START + pd.Timedelta(days=4)]
    outcomes = pd.DataFrame({
        "prediction_id": labeled.prediction_id,
        "repaid": (rng.random(len(labeled)) < labeled.score).astype(int),
        "observed_at": labeled.predicted_at + pd.Timedelta(hours=30, milliseconds=250),
    })
    return predictions, outcomes


def _monitors(**overrides) -> dict:
    monitor = {
        "name": "loans", "predictions": {"source": ["oracle", "predictions"]},
        "id_column": "prediction_id", "timestamp_column": "predicted_at",
        "model_version_column": "model_version", "task": "binary_classification",
        "score_column": "score", "window": "day", "lookback_windows": 1,
        "features": {"numeric": [{"name": "amount", "thresholds": {"psi": {"warn": 0.5, "alert": 1.0}}}],
                     "categorical": ["segment"]},
        "segments": ["segment"],
        "reference": {"start": "2024-05-01", "end": "2024-05-03"},
        "outcomes": {"relation": {"source": ["oracle", "outcomes"]}, "id_column": "prediction_id",
                     "label_column": "repaid", "timestamp_column": "observed_at"},
        "outcome_lookback_days": 2,
        "thresholds": {"accuracy": {"warn": 0.6, "alert": 0.5}, "log_loss": {"warn": 0.7, "alert": 0.9},
                       "prediction_lag_seconds": {"warn": 3600, "alert": 86400},
                       "outcome_lag_seconds": {"warn": 2 * 86400, "alert": 4 * 86400}},
    }
    monitor.update(overrides)
    return {"model_monitor": {"monitors": [monitor]}}


FRESHNESS = "model_monitor__freshness"


def _build(engine, *flags, as_of=None, monitors=None, select="package:model_monitor"):
    variables = monitors or _monitors()
    if as_of:
        variables = {**variables, "model_monitor_as_of": as_of}
    run = engine.dbt("build", "--select", select, *flags, vars=variables)
    assert run.success, run.messages[-8000:]
    return run


def _load(engine, predictions, outcomes):
    engine.load_table(engine.oracle_schema, "predictions", predictions)
    engine.load_table(engine.oracle_schema, "outcomes", outcomes)



# defaults, directions and the metric rows of each source mart, from the package's catalogue
DEFAULTS = {k: v for k, v in catalogue.DEFAULT_THRESHOLDS.items() if catalogue.ENTRIES[k]["source"] == "feature_drift"}
LOWER_IS_WORSE = catalogue.LOWER_IS_WORSE
NUMERIC = catalogue.names(source="feature_drift", applies_to="numeric")
CATEGORICAL = catalogue.names(source="feature_drift", applies_to="categorical")
PERFORMANCE = catalogue.names(source="performance", applies_to="binary_classification")
RANK = {"ok": 0, "warn": 1, "alert": 2}


def _num(x):
    return None if x is None or (isinstance(x, float) and math.isnan(x)) or pd.isna(x) else float(x)


def _status(value, warn, alert, lower_is_worse, no_data=False):
    """The documented rule, written independently of the SQL."""
    if no_data or value is None:
        return "no_data"
    worse = (lambda v, t: v <= t) if lower_is_worse else (lambda v, t: v >= t)
    if alert is not None and worse(value, alert):
        return "alert"
    if warn is not None and worse(value, warn):
        return "warn"
    return "ok"


def _thresholds(monitor: dict, feature: str | None) -> dict:
    out = dict(DEFAULTS)
    out["prediction_lag_seconds"] = catalogue.DEFAULT_THRESHOLDS["prediction_lag_seconds"]
    out["outcome_lag_seconds"] = catalogue.DEFAULT_THRESHOLDS["outcome_lag_seconds"]
    for metric, levels in monitor.get("thresholds", {}).items():
        out[metric] = (levels.get("warn", out.get(metric, (None, None))[0]),
                       levels.get("alert", out.get(metric, (None, None))[1]))
    for entry in monitor["features"]["numeric"] + monitor["features"]["categorical"]:
        if isinstance(entry, dict) and entry["name"] == feature:
            for metric, levels in entry["thresholds"].items():
                out[metric] = (levels.get("warn"), levels.get("alert"))
    return out


def _expected_metrics(engine, monitor: dict) -> pd.DataFrame:
    """The long table rebuilt in pandas from the three source marts and the configuration."""
    rows = []
    drift = engine.table("model_monitor__feature_drift")
    for r in drift.itertuples():
        th = _thresholds(monitor, r.feature_name)
        for metric in (NUMERIC if r.feature_type == "numeric" else CATEGORICAL):
            warn, alert = th.get(metric, (None, None)) if metric in DEFAULTS or metric in th else (None, None)
            value = _num(getattr(r, metric))
            group = catalogue.ENTRIES[metric]["group"]
            rows.append((r.monitor_name, r.window_start, r.window_end, r.feature_name, metric, value, warn, alert,
                         _status(value, warn, alert, metric in LOWER_IS_WORSE, r.drift_status == "no_data"), group,
                         None, None, None))
    perf = engine.table("model_monitor__performance")
    th = _thresholds(monitor, None)
    for r in perf.itertuples():
        segment = "__all__" if r.segment_name == "__all__" else f"{r.segment_name}={r.segment_value}"
        subject = f"version={r.model_version}/segment={segment}"
        for metric in PERFORMANCE:
            warn, alert = th.get(metric, (None, None))
            value = _num(getattr(r, metric))
            rows.append((r.monitor_name, r.window_start, r.window_end, subject, metric, value, warn, alert,
                         _status(value, warn, alert, metric in LOWER_IS_WORSE), "performance",
                         r.model_version, r.segment_name, r.segment_value))
    fresh = engine.table("model_monitor__freshness")
    fresh["window_start"] = pd.to_datetime(fresh.measured_at).dt.floor("D")
    latest = fresh.sort_values("measured_at").groupby(["monitor_name", "window_start"]).tail(1)
    for r in latest.itertuples():
        for metric in ["prediction_lag_seconds", "outcome_lag_seconds"]:
            warn, alert = th[metric]
            value = _num(getattr(r, metric))
            rows.append((r.monitor_name, r.window_start, r.window_start + pd.Timedelta(days=1), "__monitor__", metric,
                         value, warn, alert, _status(value, warn, alert, False), "freshness", None, None, None))
    cols = ["monitor_name", "window_start", "window_end", "subject", "metric_name", "metric_value",
            "warn_threshold", "alert_threshold", "status", "metric_group",
            # the performance subject split into columns; NULL on the rows not per version or segment
            "model_version", "segment_name", "segment_value"]
    return _sorted(pd.DataFrame(rows, columns=cols))


KEY = ["monitor_name", "window_start", "subject", "metric_name"]


def _sorted(df: pd.DataFrame) -> pd.DataFrame:
    df = df.copy()
    for c in ["window_start", "window_end"]:
        df[c] = pd.to_datetime(df[c])
    for c in ["metric_value", "warn_threshold", "alert_threshold", "threshold"]:
        if c in df:
            df[c] = pd.to_numeric(df[c]).astype(float)
    for c in ["model_version", "segment_name", "segment_value"]:
        if c in df:
            df[c] = df[c].astype(object).where(df[c].notna(), None)
    return df.sort_values(KEY).reset_index(drop=True)


def test_freshness_lags_by_hand(engine):
    predictions, outcomes = _data()
    _load(engine, predictions, outcomes)
    # the freshness mart reads the monitored relations and no other model: built alone
    def build(*flags, as_of):
        _build(engine, *flags, as_of=as_of, select=FRESHNESS)

    build(as_of="2024-04-20")  # before the first prediction: no_data, not a silent pass
    for as_of in ["2024-05-07 10:30:00", "2024-05-12 00:00:00"]:
        build(as_of=as_of)
    build(as_of="2024-05-12 00:00:00")  # a rerun at the same moment replaces its row
    build("--full-refresh", as_of="2024-05-12 00:00:00")  # a run log survives a full refresh
    fresh = engine.table("model_monitor__freshness").sort_values("measured_at").reset_index(drop=True)
    assert list(pd.to_datetime(fresh.measured_at)) == [pd.Timestamp("2024-04-20"), pd.Timestamp("2024-05-07 10:30"),
                                                      pd.Timestamp("2024-05-12")]
    assert fresh.freshness_status[0] == "no_data" and fresh.freshness_reason[0] == "no predictions yet"
    assert pd.isna(fresh.last_prediction_at[0]) and pd.isna(fresh.prediction_lag_seconds[0])
    for i in (1, 2):
        row = fresh.iloc[i]
        measured = pd.Timestamp(row.measured_at)
        last_prediction = predictions.predicted_at[predictions.predicted_at < measured].max()
        last_outcome = outcomes.observed_at[outcomes.observed_at < measured].max()
        assert pd.Timestamp(row.last_prediction_at) == last_prediction
        assert pd.Timestamp(row.last_outcome_at) == last_outcome  # has 250 ms
        # whole seconds, as dbt's datediff: the difference of the timestamps truncated to the second
        prediction_lag = int((measured - last_prediction.floor("s")).total_seconds())
        outcome_lag = int((measured - last_outcome.floor("s")).total_seconds())
        assert int(row.prediction_lag_seconds) == prediction_lag
        assert int(row.outcome_lag_seconds) == outcome_lag
        # thresholds of _monitors(): predictions warn 3600 / alert 86400, outcomes 2 / 4 days
        expected = max(_status(prediction_lag, 3600, 86400, False), _status(outcome_lag, 172800, 345600, False),
                       key=RANK.get)
        assert row.freshness_status == expected
    assert fresh.freshness_status[2] == "alert"  # 5 days without predictions at 2024-05-12
    assert fresh.freshness_reason[2] == "prediction_lag_seconds"


def test_metrics_rows_agree_with_their_marts_and_alerts_with_breaches(engine):
    predictions, outcomes = _data()
    _load(engine, predictions, outcomes)
    monitors = _monitors()
    _build(engine, as_of="2024-05-07 10:30:00", monitors=monitors)
    metrics = _sorted(engine.table("model_monitor__metrics"))
    expected = _expected_metrics(engine, monitors["model_monitor"]["monitors"][0])
    assert not metrics.duplicated(KEY).any()
    pdt.assert_frame_equal(metrics, expected, check_exact=False, rtol=0, atol=1e-12, check_dtype=False)
    # every status is one of the four, and each group has breaches and no_data in this fixture
    assert set(metrics.status) == {"ok", "warn", "alert", "no_data"}
    assert {"drift", "data_quality", "performance", "freshness"} <= set(metrics.metric_group)
    assert (metrics[(metrics.window_start == pd.Timestamp("2024-05-06"))].status == "no_data").all()  # empty day

    # status agrees with drift_status: a feature-window's worst rule is its drift_status
    drift = engine.table("model_monitor__feature_drift")
    rules = metrics[metrics.metric_name.isin(list(DEFAULTS) + ["js_distance", "hellinger", "kl_divergence",
                                                                "wasserstein", "ks_statistic", "chi2_statistic"])
                    & metrics.metric_group.isin(["drift", "data_quality"])]
    for r in drift.itertuples():
        mine = rules[(rules.subject == r.feature_name) & (rules.window_start == pd.Timestamp(r.window_start))]
        statuses = set(mine.status)
        if r.drift_status == "no_data":
            assert statuses == {"no_data"}
        else:
            worst = max((s for s in statuses if s != "no_data"), key=RANK.get)
            assert worst == r.drift_status, (r.feature_name, r.window_start)
    assert {"warn", "alert"} <= set(drift.drift_status)

    # alerts: exactly the breached rows, with the threshold breached
    alerts = _sorted(engine.table("model_monitor__alerts"))
    breached = metrics[metrics.status.isin(["warn", "alert"])].copy()
    breached["threshold"] = np.where(breached.status == "alert", breached.alert_threshold, breached.warn_threshold)
    breached["owner"] = breached["response"] = None  # the fixture's monitor names nobody
    breached = breached.rename(columns={"status": "severity"})[list(alerts.columns)].reset_index(drop=True)
    assert alerts.owner.isna().all() and alerts.response.isna().all()
    pdt.assert_frame_equal(alerts.drop(columns=["owner", "response"]),
                           _sorted(breached).drop(columns=["owner", "response"]), check_dtype=False)
    assert set(alerts.metric_group) >= {"drift", "data_quality", "performance"}


def _late_label_data():
    """Day 2's labels first arrive all wrong (accuracy 0: alert) and are corrected three days
    later (the latest observed outcome wins: accuracy 1) -- the alert must clear."""
    predictions, _ = _data()
    predictions["score"] = np.where(np.arange(len(predictions)) % 2 == 0, 0.9, 0.1)
    day = predictions[(predictions.predicted_at >= START + pd.Timedelta(days=2))
                      & (predictions.predicted_at < START + pd.Timedelta(days=3))].reset_index(drop=True)
    right = (day.score >= 0.5).astype(int)
    wrong = pd.DataFrame({"prediction_id": day.prediction_id, "repaid": 1 - right,
                          "observed_at": START + pd.Timedelta(days=3, hours=6)})
    corrected = pd.DataFrame({"prediction_id": day.prediction_id, "repaid": right,
                              "observed_at": START + pd.Timedelta(days=6, hours=6)})
    return predictions, pd.concat([wrong, corrected], ignore_index=True)


def _snapshot(engine) -> dict[str, pd.DataFrame]:
    return {mart: _sorted(engine.table(mart)) for mart in ["model_monitor__metrics", "model_monitor__alerts"]}


def _assert_same(left, right, what):
    for mart in left:
        assert len(left[mart]) > 0, f"{mart} is empty"
        pdt.assert_frame_equal(left[mart], right[mart], check_exact=False, rtol=0, atol=1e-12, check_dtype=False,
                               obj=f"{mart} ({what})")


def test_incremental_equals_full_refresh_and_cleared_alerts_disappear(engine):
    predictions, outcomes = _late_label_data()
    _load(engine, predictions, outcomes)
    # only the accuracy rule (and freshness): the drift rules are switched off, so day 2 has no
    # other alert and its alerts must disappear entirely once the labels are corrected
    monitors = _monitors(thresholds={"accuracy": {"warn": 0.7, "alert": 0.5}, "psi": None, "ks_pvalue": None,
                                     "chi2_pvalue": None, "null_rate_increase": None, "new_category_rate": None})
    day2 = (pd.Timestamp("2024-05-03"), "version=v1/segment=__all__", "accuracy")

    _build(engine, "--full-refresh", as_of="2024-05-04 12:00", monitors=monitors)
    alerts = engine.table("model_monitor__alerts")
    hit = alerts[(pd.to_datetime(alerts.window_start) == day2[0]) & (alerts.subject == day2[1])
                 & (alerts.metric_name == day2[2])]
    assert list(hit.severity) == ["alert"] and float(hit.metric_value.iloc[0]) == 0.0
    assert (alerts.metric_group[pd.to_datetime(alerts.window_start) == day2[0]] == "performance").all()

    _build(engine, as_of="2024-05-06 12:00", monitors=monitors)
    _build(engine, as_of="2024-05-08 12:00", monitors=monitors)
    incremental = _snapshot(engine)
    metrics, alerts = incremental["model_monitor__metrics"], incremental["model_monitor__alerts"]
    row = metrics[(metrics.window_start == day2[0]) & (metrics.subject == day2[1]) & (metrics.metric_name == day2[2])]
    assert list(row.status) == ["ok"] and float(row.metric_value.iloc[0]) == 1.0
    # every slice of day 2 was in alert after the first run; now the window has no alert at all
    # (delete+insert alone would have left those rows: no new row has that window)
    assert not (alerts.window_start == day2[0]).any()
    assert (alerts.window_start > day2[0]).any()

    _build(engine, as_of="2024-05-08 12:00", monitors=monitors)
    _assert_same(incremental, _snapshot(engine), "second run")
    _build(engine, "--full-refresh", as_of="2024-05-08 12:00", monitors=monitors)
    _assert_same(incremental, _snapshot(engine), "incremental vs full refresh")


def _gate_results(engine, as_of, monitors=None, *flags):
    variables = {**(monitors or _monitors()), "model_monitor_as_of": as_of, "model_monitor_fresh_within_fixture": True}
    build = engine.dbt("build", "--select", FRESHNESS, *flags, vars=variables)  # the gate's one parent
    assert build.success, build.messages[-6000:]
    run = engine.dbt("test", "--select", "tag:fresh_within_fixture", vars=variables)
    tests = [r for r in run.results.results if r.node.name.startswith("fresh_within")]
    statuses = {r.node.name: str(r.status) for r in tests}
    failures = {r.node.name: r.failures for r in tests}
    return run, statuses, failures


def test_fresh_within_passes_fails_and_reports_no_data(engine):
    predictions, outcomes = _data()
    _load(engine, predictions, outcomes)
    # before the first prediction: no_data -> fail by default, warn or pass when asked
    run, statuses, failures = _gate_results(engine, "2024-04-20")
    assert statuses == {"fresh_within_loans_sla": "fail", "fresh_within_loans_no_data_warn": "warn",
                        "fresh_within_loans_no_data_pass": "pass"}, run.messages[-3000:]
    assert failures["fresh_within_loans_sla"] == 2  # both lags have no data
    # 2024-05-07 10:30: last prediction minutes ago, last outcome ~2.2 days ago (SLA 5 days): pass
    run, statuses, _ = _gate_results(engine, "2024-05-07 10:30:00")
    assert set(statuses.values()) == {"pass"}, run.messages[-3000:]
    # 2024-05-12: no prediction for 5 days (SLA 2 days), no outcome for ~7 days (SLA 5): fail, both rows
    run, statuses, failures = _gate_results(engine, "2024-05-12")
    assert statuses["fresh_within_loans_sla"] == "fail" and failures["fresh_within_loans_sla"] == 2
    stored = engine.query(f'select * from "{engine.mart_schema}_dbt_test__audit"."fresh_within_loans_sla"'
                          if engine.name == "postgres" else
                          'select * from "main_dbt_test__audit"."fresh_within_loans_sla"')
    assert sorted(stored.metric_name) == ["outcome_lag_seconds", "prediction_lag_seconds"]
    assert set(stored.gate_status) == {"fail"}
    fresh = engine.table("model_monitor__freshness")
    latest = fresh[pd.to_datetime(fresh.measured_at) == pd.Timestamp("2024-05-12")].iloc[0]
    lag = stored.set_index("metric_name").metric_value
    assert lag["prediction_lag_seconds"] == latest.prediction_lag_seconds
    assert lag["outcome_lag_seconds"] == latest.outcome_lag_seconds


@pytest.mark.parametrize("arguments, message", [
    ({"max_prediction_lag": "2 days"}, "model_monitor.fresh_within: argument 'max_prediction_lag': expected a number"),
    ({"max_prediction_lag": {"count": 2, "period": "fortnight"}}, "argument 'max_prediction_lag': expected seconds or {count: N, period"),
    ({}, "give max_prediction_lag and/or max_outcome_lag"),
])
def test_fresh_within_bad_arguments_fail_at_compile_time(duckdb_engine, tmp_path, arguments, message, monkeypatch):
    """The bad test is declared in a copy of the integration project (parallel tests never see it)."""
    import yaml

    import dbt_harness

    spec = {"version": 2, "sources": [{"name": "bad_freshness_gate", "schema": "oracle", "tables": [{
        "name": "predictions", "data_tests": [{"model_monitor.fresh_within": {
            "arguments": {"monitor": "loans", **arguments},
            "config": {"enabled": "{{ var('model_monitor_fresh_within_fixture', false) }}"}}}]}]}]}

    def declare(root):
        (root / "integration_tests" / "models" / "freshness_gate" / "bad_fresh_within.yml").write_text(yaml.safe_dump(spec))

    monkeypatch.setattr(dbt_harness, "PROJECT_DIR", _copy_project(tmp_path, declare))
    predictions, outcomes = _data()
    _load(duckdb_engine, predictions, outcomes)
    run = duckdb_engine.dbt("build", "--select", "package:model_monitor", "source:bad_freshness_gate+",
                            vars={**_monitors(), "model_monitor_fresh_within_fixture": True})
    assert not run.success
    assert message in run.messages


def _copy_project(tmp_path, edit):
    """A copy of the package and the integration project, with `edit(root)` applied to the copy."""
    import shutil

    from dbt_harness import REPO
    root = tmp_path / "repo"
    root.mkdir()
    for name in ["dbt_project.yml", "macros", "models"]:
        src = REPO / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, root / name)
    shutil.copytree(REPO / "integration_tests", root / "integration_tests",
                    ignore=shutil.ignore_patterns("target", "dbt_packages", "logs"))
    edit(root)
    return root / "integration_tests"


def test_enforced_contract_catches_a_type_change(engine, tmp_path, monkeypatch):
    import dbt_harness

    predictions, outcomes = _data()
    _load(engine, predictions, outcomes)
    # the marts as shipped: contracts hold, also for the typed empty relations (no monitor)
    _build(engine, as_of="2024-05-07")
    _build(engine, "--full-refresh", monitors={"model_monitor": {"monitors": []}})

    def retype(root):
        model = root / "models" / "marts" / "model_monitor__alerts.sql"
        text = model.read_text()
        assert "status as severity" in text
        model.write_text(text.replace("status as severity", "cast(1 as bigint) as severity"))

    monkeypatch.setattr(dbt_harness, "PROJECT_DIR", _copy_project(tmp_path, retype))
    run = engine.dbt("build", "--select", "package:model_monitor", vars={**_monitors(), "model_monitor_as_of": "2024-05-07"})
    assert not run.success
    failed = {r.node.name: r.message for r in run.results.results if str(r.status) == "error"}
    assert list(failed) == ["model_monitor__alerts"]
    message = failed["model_monitor__alerts"]
    assert "contract" in message.lower() and "data type mismatch" in message.lower()
    assert any("severity" in line and "data type mismatch" in line for line in message.splitlines()), message

    # the run log (on-run-end hook) recorded the three invocations, the failed one as it happened,
    # and --full-refresh kept the log
    log = engine.table("model_monitor__run_results")
    runs = engine.table("model_monitor__pipeline_runs").sort_values("run_started_at").reset_index(drop=True)
    assert len(runs) == 3 and list(runs.command) == ["build"] * 3
    assert list(runs.run_succeeded.astype(bool)) == [True, True, False]
    by_status = {r.node.name: str(r.status) for r in run.results.results
                 if r.node.resource_type == "model" and r.node.package_name == "model_monitor"}
    last = log[log.invocation_id == runs.invocation_id.iloc[-1]]
    assert dict(zip(last.model_name, last.status)) == by_status  # every model, with dbt's own status
    assert "data type mismatch" in last[last.model_name == "model_monitor__alerts"].message.iloc[0].lower()
    failed_run = runs.iloc[-1]
    assert (failed_run.models_failed, failed_run.models_run) == (1, len(by_status))
    assert failed_run.models_succeeded + failed_run.models_failed + failed_run.models_skipped == failed_run.models_run
    assert failed_run.models_skipped == sum(s == "skipped" for s in by_status.values()) > 0

    # the pipeline-success SLI (asked for by a threshold and an SLO): per wall-clock window, the
    # share of the recorded runs that succeeded, before this run (recorded after its models)
    monkeypatch.undo()
    monitors = _monitors(thresholds={**_monitors()["model_monitor"]["monitors"][0]["thresholds"],
                                     "pipeline_success_rate": {"warn": 0.99, "alert": 0.5}},
                         slos=[{"name": "pipeline", "objective": 0.9, "metrics": ["pipeline_success_rate"],
                                "period_windows": 3, "short_windows": 1, "long_windows": 2}])
    # `run`: the integration project's own SLO test (assert_slos_not_paging) would page on it
    # with a retention of one second, the log then keeps only this run (the trim hook runs after
    # the record hook)
    run = engine.dbt("run", "--select", "+model_monitor__slos", "--full-refresh",
                     vars={**monitors, "model_monitor_run_log_retention_days": 1 / 86400})
    assert run.success, run.messages[-8000:]
    kept = engine.table("model_monitor__pipeline_runs")
    assert len(kept) == 1 and kept.invocation_id.iloc[0] not in set(runs.invocation_id)
    assert set(engine.table("model_monitor__run_results").invocation_id) == set(kept.invocation_id)
    recorded = runs.assign(window_start=pd.to_datetime(runs.run_started_at).dt.floor("D"))
    expected = recorded.groupby("window_start").run_succeeded.apply(lambda v: v.astype(bool).mean())
    metrics = engine.table("model_monitor__metrics")
    got = metrics[metrics.metric_name == "pipeline_success_rate"].set_index("window_start").sort_index()
    assert list(pd.to_datetime(got.index)) == list(expected.index)
    assert np.allclose(got.metric_value.astype(float), expected.to_numpy(float), rtol=0, atol=1e-12)
    assert set(got.subject) == {"__pipeline__"} and set(got.metric_group) == {"operational"}
    want_status = ["alert" if v <= 0.5 else "warn" if v <= 0.99 else "ok" for v in expected]
    assert list(got.status) == want_status
    slos = engine.table("model_monitor__slos")
    pipeline = slos[slos.slo_name == "pipeline"].set_index("window_start").sort_index()
    assert list(pd.to_datetime(pipeline.index)) == list(expected.index)
    assert list(pipeline.window_status) == want_status


@pytest.mark.parametrize("overrides, message", [
    ({"thresholds": {"mae": {"warn": 1.0}}},
     "monitor 'loans', key 'thresholds.mae': metric 'mae' is not computed for task binary_classification"),
    ({"task": "regression", "thresholds": {"est_mae": {"warn": 2.0}}},
     "monitor 'loans', key 'thresholds.est_mae': metric 'est_mae' needs estimation: {error_model: prediction_bins}"),
    ({"thresholds": {"accuracy": {"warn": 0.8}}, "outcomes": None},
     "monitor 'loans', key 'thresholds.accuracy': metric 'accuracy' needs outcomes"),
    ({"thresholds": {"prediction_lag_seconds": {"warn": "1h"}}},
     "monitor 'loans', key 'thresholds.prediction_lag_seconds.warn': expected a number, got 1h"),
    ({"thresholds": {"accuracy": {"warn": 0.5, "alert": 0.7}}},
     "monitor 'loans', key 'thresholds.accuracy': alert (0.7) must not exceed warn (0.5): a lower accuracy is worse"),
    ({"thresholds": {"acuracy": {"warn": 0.8}}},
     "monitor 'loans', key 'thresholds.acuracy': unknown metric (did you mean 'accuracy'?)"),
])
def test_metric_thresholds_are_validated_at_compile_time(parsed_duckdb, overrides, message):
    monitors = _monitors(**overrides)
    if overrides.get("outcomes", "keep") is None:
        monitors["model_monitor"]["monitors"][0].pop("outcomes")
    assert message in validation_error(parsed_duckdb, monitors["model_monitor"]["monitors"])


def test_a_bad_threshold_stops_the_build_of_any_model(duckdb_engine):
    """Validated with the monitor, so the first model compiled stops: not only the metrics mart."""
    _load(duckdb_engine, *_data())
    monitors = _monitors(thresholds={"mae": {"warn": 1.0}})
    run = duckdb_engine.dbt("compile", "--select", "model_monitor__reference_values", vars=monitors)
    assert not run.success and "key 'thresholds.mae': metric 'mae' is not computed" in run.messages, run.messages[-3000:]


@pytest.mark.parametrize("window", ["hour", "week"])
def test_incremental_equals_full_refresh_on_hourly_and_weekly_windows(duckdb_engine, window):
    predictions, outcomes = _late_label_data()
    _load(duckdb_engine, predictions, outcomes)
    # labels arrive up to ~4 days late: a lookback that covers them, so the sources themselves
    # are equal to a full refresh (later labels are counted as outside the lookback in outcome_quality, docs/outcomes-and-performance.md)
    monitors = _monitors(window=window, lookback_windows=2, outcome_lookback_days=6)
    for as_of in ["2024-05-03 07:30", "2024-05-06 12:00", "2024-05-08 12:00"]:
        _build(duckdb_engine, as_of=as_of, monitors=monitors)
    incremental = _snapshot(duckdb_engine)
    fresh = incremental["model_monitor__metrics"]
    fresh = fresh[fresh.metric_group == "freshness"]
    starts = {"hour": pd.Timestamp("2024-05-08 12:00"), "week": pd.Timestamp("2024-05-06")}  # 2024-05-06 is a Monday
    assert starts[window] in set(fresh.window_start)
    _build(duckdb_engine, "--full-refresh", as_of="2024-05-08 12:00", monitors=monitors)
    _assert_same(incremental, _snapshot(duckdb_engine), f"{window}: incremental vs full refresh")
