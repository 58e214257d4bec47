"""Operational SLIs (model_monitor__operational_metrics) against a numpy reference.

The fixture has latency with ties, NULL, NaN and infinities, a day whose latencies are all NULL,
an empty day in the middle (a ``no_data`` window), costs, LLM token counts with NULLs, an output
length that grows after day 5 (output-length drift), and a prompt version rolled out on day 5.
Every metric is recomputed from the raw frame (``numpy.quantile``, ``numpy.mean``, the INTERFACE
PSI) and compared to 1e-9; statuses are checked against hand-set thresholds, including windows
where they must breach (the failing fixture) and windows where they must not.
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pandas.testing as pdt
import pytest

from dbt_harness import ALL_ENGINES, validation_error
from reference_stats import window_stats

START = pd.Timestamp("2024-01-01")
EMPTY_DAY, ALL_NULL_LATENCY_DAY, ROLLOUT_DAY, SLOW_DAY = 4, 3, 5, 6
THRESHOLDS = {
    "latency_p99": {"warn": 250.0, "alert": 350.0},
    "latency_p50": {"warn": 120.0},
    "cost_per_call": {"warn": 0.00102, "alert": 0.00103},
    "mean_output_tokens": {"alert": 300.0},
    "prompt_version_share": {"warn": 0.5},
}
KEY = ["monitor_name", "window_start", "subject", "metric_name"]
SHADOW = "shadow'v0 ü"
VERSIONS = {"model_version_column": "model_version", "expected_model_version": "v1", "shadow_model_versions": [SHADOW]}


def _with_gaps(values, rng, null_share=0.05, nan=2, inf=1) -> list:
    """Floats as an object column: None for NULL, NaN and +/-inf kept apart (see loading.py)."""
    out = [float(v) for v in values]
    n = len(out)
    for i in np.flatnonzero(rng.random(n) < null_share):
        out[i] = None
    for k, i in enumerate(rng.choice(n, nan + inf, replace=False)):
        out[i] = math.nan if k < nan else math.inf * rng.choice([-1, 1])
    return out


def predictions(seed: int = 0, days: int = 8) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    frames = []
    for day in range(days):
        if day == EMPTY_DAY:
            continue
        n = 300
        slow = day >= SLOW_DAY
        latency = np.round(rng.gamma(2.0, 60.0 if slow else 30.0, n))  # rounded: many ties
        latency = _with_gaps(latency, rng)
        if day == ALL_NULL_LATENCY_DAY:
            latency = [None] * n
        cost = _with_gaps(np.round(rng.gamma(4.0, 0.00025, n), 6), rng, nan=1, inf=0)
        output_tokens = rng.poisson(400 if slow else 150, n).astype(object)
        output_tokens[rng.random(n) < 0.05] = None
        input_tokens = rng.poisson(900, n).astype(object)
        input_tokens[rng.random(n) < 0.05] = None
        versions = ["v1", "v2"] if day >= ROLLOUT_DAY else ["v1"]
        prompt = rng.choice(versions, n, p=[0.3, 0.7] if day >= ROLLOUT_DAY else None).astype(object)
        prompt[rng.random(n) < 0.05] = None
        # the model version: v1, a canary after the rollout, a shadow version with a hostile name
        # every day, and a few NULL versions (not an expected version)
        u = rng.random(n)
        model = np.where(u < 0.05, SHADOW, np.where((u < 0.15) & (day >= ROLLOUT_DAY), "v2", "v1")).astype(object)
        model[rng.random(n) < 0.01] = None
        frames.append(pd.DataFrame({
            "prediction_id": [f"d{day}-{i}" for i in range(n)],
            "predicted_at": START + pd.Timedelta(days=day) + pd.to_timedelta(rng.integers(0, 86400, n), unit="s"),
            "score": rng.random(n),
            "x": rng.normal(size=n),
            "latency_ms": pd.Series(latency, dtype=object),
            "cost_usd": pd.Series(cost, dtype=object),
            "input_tokens": pd.Series(input_tokens, dtype=object),
            "output_tokens": pd.Series(output_tokens, dtype=object),
            "prompt_version": pd.Series(prompt, dtype=object),
            "model_version": pd.Series(model, dtype=object),
        }))
    return pd.concat(frames, ignore_index=True)


def monitors(thresholds: dict | None = THRESHOLDS, **extra) -> list[dict]:
    base = {"predictions": {"source": ["oracle", "predictions"]}, "id_column": "prediction_id",
            "timestamp_column": "predicted_at", "task": "binary_classification", "score_column": "score",
            "window": "day", "features": {"numeric": ["x"]}, "lookback_windows": 1,
            "reference": {"start": "2024-01-01", "end": "2024-01-04"}}
    llm = {**base, "name": "llm", "latency_ms_column": "latency_ms", "cost_column": "cost_usd",
           "input_tokens_column": "input_tokens", "output_tokens_column": "output_tokens",
           "prompt_version_column": "prompt_version", **VERSIONS, **extra}
    if thresholds is not None:
        llm["thresholds"] = thresholds
    return [llm, {**base, "name": "plain"}]


# -- the reference --------------------------------------------------------------------------
def _finite(values) -> np.ndarray:
    out = np.array([float(v) for v in values if v is not None], dtype=float)
    return out[np.isfinite(out)]


def _status(metric: str, value, thresholds: dict) -> tuple:
    limits = {"output_length_psi": {"warn": 0.1, "alert": 0.25},
              "expected_version_share": {"warn": 0.99, "alert": 0.95}, **thresholds}.get(metric, {})
    warn, alert = limits.get("warn"), limits.get("alert")
    worse = (lambda v, t: v <= t) if metric == "expected_version_share" else (lambda v, t: v >= t)
    if value is None:
        return warn, alert, "no_data"
    if alert is not None and worse(value, alert):
        return warn, alert, "alert"
    if warn is not None and worse(value, warn):
        return warn, alert, "warn"
    return warn, alert, "ok"


def expected_model_versions(df: pd.DataFrame, monitor: dict) -> pd.DataFrame:
    """model_monitor__model_versions by pandas: per day and version (NULL as '__null__'), the count,
    first and last time, the role, whether expected, and the share of the day's served rows."""
    frame = df.assign(window_start=df["predicted_at"].dt.floor("D"),
                      model_version=df["model_version"].fillna("__null__"))
    out = (frame.groupby(["window_start", "model_version"])["predicted_at"]
           .agg(prediction_count="size", first_prediction_at="min", last_prediction_at="max").reset_index())
    out["version_role"] = np.where(out.model_version.isin(monitor["shadow_model_versions"]), "shadow", "served")
    out["is_expected"] = out.model_version.isin([monitor["expected_model_version"]])
    served = out[out.version_role == "served"].groupby("window_start")["prediction_count"].sum()
    out["served_share"] = np.where(out.version_role == "served",
                                   out.prediction_count / out.window_start.map(served), np.nan)
    out.insert(0, "monitor_name", monitor["name"])
    out["window_end"] = out.window_start + pd.Timedelta(days=1)
    return out.sort_values(["monitor_name", "window_start", "model_version"]).reset_index(drop=True)


def expected_operational(df: pd.DataFrame, monitor: dict) -> pd.DataFrame:
    thresholds = monitor.get("thresholds") or {}
    starts = df["predicted_at"].dt.floor("D")
    ref_mask = (df["predicted_at"] >= pd.Timestamp(monitor["reference"]["start"])) & (
        df["predicted_at"] < pd.Timestamp(monitor["reference"]["end"]))
    reference_tokens = df.loc[ref_mask, "output_tokens"].tolist()
    rows = []
    for w in pd.date_range(starts.min(), starts.max(), freq="D"):
        day = df[starts == w]
        values: list[tuple[str, str, float | None]] = []
        latency = _finite(day["latency_ms"])
        for q in (50, 95, 99):
            values.append(("__all__", f"latency_p{q}", float(np.quantile(latency, q / 100)) if latency.size else None))
        cost = _finite(day["cost_usd"])
        values.append(("__all__", "cost_per_1000_predictions", 1000 * float(np.mean(cost)) if cost.size else None))
        values.append(("__all__", "cost_per_call", float(np.mean(cost)) if cost.size else None))
        for column in ("input_tokens", "output_tokens"):
            tokens = _finite(day[column])
            values.append(("__all__", f"mean_{column}", float(np.mean(tokens)) if tokens.size else None))
        drift = window_stats("numeric", day["output_tokens"].tolist(), reference_tokens, 10, 20, {}, False)
        values.append(("__output_tokens__", "output_length_psi",
                       drift["psi"] if drift["drift_status"] != "no_data" else None))
        served = day[day["model_version"].fillna("__null__") != SHADOW]
        values.append(("__model_version__", "expected_version_share",
                       float((served["model_version"] == "v1").mean()) if len(served) else None))
        if len(day):
            shares = day["prompt_version"].fillna("__null__").value_counts() / len(day)
            values += [(version, "prompt_version_share", float(share)) for version, share in shares.items()]
        else:
            values.append(("__all__", "prompt_version_share", None))
        for subject, metric, value in values:
            warn, alert, status = _status(metric, value, thresholds)
            rows.append({"monitor_name": monitor["name"], "window_start": w, "window_end": w + pd.Timedelta(days=1),
                         "subject": subject, "metric_name": metric, "metric_value": value,
                         "warn_threshold": warn, "alert_threshold": alert, "status": status})
    return pd.DataFrame(rows)


# -- helpers ----------------------------------------------------------------------------------
def _build(engine, df: pd.DataFrame, monitor_list: list[dict], *extra: str, as_of: str | None = None):
    vars_ = {"model_monitor": {"monitors": monitor_list}}
    if as_of is not None:
        vars_["model_monitor_as_of"] = as_of
    run = engine.dbt("run", "--select", "+model_monitor__operational_metrics", *extra, vars=vars_)
    assert run.success, run.messages[-4000:]


def _load(engine, df: pd.DataFrame) -> None:
    engine.load_table(engine.oracle_schema, "predictions", df)


def _actual(engine) -> pd.DataFrame:
    df = engine.table("model_monitor__operational_metrics")
    for column in ("window_start", "window_end"):
        df[column] = pd.to_datetime(df[column])
    for column in ("metric_value", "warn_threshold", "alert_threshold"):
        df[column] = pd.to_numeric(df[column]).astype(float)
    return df.sort_values(KEY).reset_index(drop=True)


def _assert_matches(actual: pd.DataFrame, expected: pd.DataFrame) -> None:
    expected = expected.copy()
    for column in ("metric_value", "warn_threshold", "alert_threshold"):
        expected[column] = pd.to_numeric(expected[column]).astype(float)
    expected = expected.sort_values(KEY).reset_index(drop=True)
    assert list(actual[KEY].itertuples(index=False)) == list(expected[KEY].itertuples(index=False))
    for column in ("metric_value", "warn_threshold", "alert_threshold"):
        a, e = actual[column].to_numpy(), expected[column].to_numpy()
        assert (np.isnan(a) == np.isnan(e)).all(), (column, actual[np.isnan(a) != np.isnan(e)])
        ok = np.isnan(e) | np.isclose(a, e, rtol=1e-9, atol=1e-12)
        assert ok.all(), (column, actual[~ok], expected[~ok])
    assert (actual["status"] == expected["status"]).all(), actual[actual["status"] != expected["status"]]
    assert (actual["window_end"] == expected["window_end"]).all()


# -- tests ------------------------------------------------------------------------------------
@pytest.mark.parametrize("engine", ALL_ENGINES, indirect=True)
def test_operational_metrics_match_numpy(engine):
    df = predictions()
    _load(engine, df)
    _build(engine, df, monitors())
    actual = _actual(engine)
    expected = expected_operational(df, monitors()[0])
    _assert_matches(actual, expected)
    # only the monitor that declares the columns has rows
    assert set(actual["monitor_name"]) == {"llm"}
    # the failing fixture: the slow, long-output days breach; the reference days do not
    by = actual.set_index(["window_start", "subject", "metric_name"])["status"]
    day = lambda d: START + pd.Timedelta(days=d)  # noqa: E731
    assert by[(day(SLOW_DAY), "__all__", "latency_p99")] == "alert"
    assert by[(day(SLOW_DAY), "__all__", "mean_output_tokens")] == "alert"
    assert by[(day(SLOW_DAY), "__output_tokens__", "output_length_psi")] == "alert"
    assert by[(day(ROLLOUT_DAY), "v2", "prompt_version_share")] == "warn"
    for d in range(3):
        assert by[(day(d), "__all__", "latency_p99")] == "ok"
        assert by[(day(d), "__output_tokens__", "output_length_psi")] == "ok"
    # no_data: the empty day for every metric; the all-NULL latency day for latency only
    assert set(actual[actual["window_start"] == day(EMPTY_DAY)]["status"]) == {"no_data"}
    assert by[(day(ALL_NULL_LATENCY_DAY), "__all__", "latency_p50")] == "no_data"
    assert by[(day(ALL_NULL_LATENCY_DAY), "__all__", "cost_per_call")] != "no_data"
    # version consistency: the canary days breach, the days before do not (but for NULL versions)
    assert by[(day(ROLLOUT_DAY), "__model_version__", "expected_version_share")] == "alert"
    assert by[(day(0), "__model_version__", "expected_version_share")] in ("ok", "warn")
    # what was live when, against pandas
    versions = engine.table("model_monitor__model_versions")
    for column in ("window_start", "window_end", "first_prediction_at", "last_prediction_at"):
        versions[column] = pd.to_datetime(versions[column])
    versions = versions.sort_values(["monitor_name", "window_start", "model_version"]).reset_index(drop=True)
    llm = versions[versions.monitor_name == "llm"].reset_index(drop=True)
    want = expected_model_versions(df, monitors()[0])
    assert {SHADOW, "v2", "__null__", "v1"} <= set(llm.model_version)
    pdt.assert_frame_equal(llm[list(want.columns)], want, check_dtype=False, rtol=1e-12, atol=0)
    plain = versions[versions.monitor_name == "plain"]  # no version column: one version, all served
    assert set(plain.model_version) == {"default"} and plain.is_expected.isna().all()
    assert (plain.served_share == 1).all() and plain.prediction_count.sum() == len(df)


def test_output_length_drift_is_a_feature_drift_row(duckdb_engine):
    df = predictions()
    _load(duckdb_engine, df)
    # a relation reference (a training set) has no outputs: no output-length drift there
    duckdb_engine.load_table(duckdb_engine.oracle_schema, "reference", df[["x"]].head(100))
    relation = {**monitors()[0], "name": "llm_relation", "reference": {"relation": {"source": ["oracle", "reference"]}}}
    _build(duckdb_engine, df, monitors() + [relation])
    drift = duckdb_engine.table("model_monitor__feature_drift")
    rows = drift[(drift.monitor_name == "llm") & (drift.feature_name == "__output_tokens__")]
    assert len(rows) == 8 and set(drift[drift.monitor_name == "plain"].feature_name) == {"x", "__score__"}
    assert set(drift[drift.monitor_name == "llm_relation"].feature_name) == {"x"}
    metrics = _actual(duckdb_engine)
    llm, rel = metrics[metrics.monitor_name == "llm"], metrics[metrics.monitor_name == "llm_relation"]
    assert "output_length_psi" not in set(rel.metric_name)
    # everything else is the same as with the period reference
    same = llm[llm.metric_name != "output_length_psi"].drop(columns="monitor_name").reset_index(drop=True)
    pdt.assert_frame_equal(rel.drop(columns="monitor_name").reset_index(drop=True), same)


def test_incremental_equals_full_refresh(engine):
    df = predictions()
    _load(engine, df)
    for as_of in ("2024-01-04", "2024-01-06 12:00", "2024-01-09"):
        _build(engine, df, monitors(), as_of=as_of)
    incremental = _actual(engine), _versions(engine)
    _build(engine, df, monitors(), as_of="2024-01-09")  # running twice changes nothing
    pdt.assert_frame_equal(_actual(engine), incremental[0])
    pdt.assert_frame_equal(_versions(engine), incremental[1])
    _build(engine, df, monitors(), "--full-refresh", as_of="2024-01-09")
    pdt.assert_frame_equal(_actual(engine), incremental[0])
    pdt.assert_frame_equal(_versions(engine), incremental[1])


def _versions(engine) -> pd.DataFrame:
    df = engine.table("model_monitor__model_versions")
    return df.sort_values(["monitor_name", "window_start", "model_version"]).reset_index(drop=True)


def test_missing_column_is_a_compile_error(duckdb_engine):
    df = predictions()
    _load(duckdb_engine, df)
    run = duckdb_engine.dbt("run", "--select", "+model_monitor__operational_metrics",
                            vars={"model_monitor": {"monitors": monitors(latency_ms_column="latency")}})
    assert not run.success
    for fragment in ("monitor 'llm'", "key 'latency_ms_column'", "column 'latency' does not exist",
                     "Columns: prediction_id"):
        assert fragment in run.messages


@pytest.mark.parametrize("thresholds, fragments", [
    ({"latency_p99": {"warn": "slow"}}, ["key 'thresholds.latency_p99.warn'", "expected a number"]),
    ({"latency_p999": {"warn": 1.0}}, ["key 'thresholds.latency_p999'", "did you mean 'latency_p99'"]),
    ({"cost_per_call": {"warn": 2.0, "alert": 1.0}}, ["key 'thresholds.cost_per_call'", "must not exceed alert"]),
])
def test_bad_thresholds_are_compile_errors(parsed_duckdb, thresholds, fragments):
    message = validation_error(parsed_duckdb, monitors(thresholds))
    for fragment in ["monitor 'llm'", *fragments]:
        assert fragment in message


def test_reserved_feature_name(duckdb_engine):
    bad = monitors()
    bad[0]["features"] = {"numeric": ["__output_tokens__"]}
    run = duckdb_engine.dbt("compile", "--select", "model_monitor__operational_metrics",
                            vars={"model_monitor": {"monitors": bad}})
    assert not run.success and "'__output_tokens__' is reserved" in run.messages
