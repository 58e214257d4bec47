"""SLOs and error budgets (model_monitor__slos) against a small Python reference.

A hand-made sequence of window statuses is written as data: ``o`` a clean day (the same values
as the reference: every statistic ok), ``w`` a day whose median latency breaches its warn
threshold (an operational warn), ``a`` a day whose feature is shifted by 1000 (a drift alert),
``n`` a day without rows (no_data). The budget and burn-rate arithmetic is recomputed in Python
from the sequence and compared to 1e-12; page and ticket must fire where the reference says.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from dbt_harness import ALL_ENGINES, validation_error

START = pd.Timestamp("2024-01-01")
SEQUENCE = "ooooowoaaoonooaaaoooowoonnaaoo"
SLOS = [
    {"name": "fast", "objective": 0.8, "period_windows": 8, "short_windows": 1, "long_windows": 4},
    {"name": "default_slo", "objective": 0.99, "no_data": "ignore"},
    {"name": "lenient", "objective": 0.5, "period_windows": 6, "short_windows": 2, "long_windows": 3,
     "page_burn_rate": 1.5, "ticket_burn_rate": 1.2, "no_data": "good"},
]
DEFAULTS = {"period_windows": 28, "short_windows": 1, "long_windows": 6, "page_burn_rate": 2,
            "ticket_burn_rate": 1, "no_data": "bad"}


WINDOW = {"hour": pd.Timedelta(hours=1), "day": pd.Timedelta(days=1), "week": pd.Timedelta(weeks=1)}


def predictions(sequence: str = SEQUENCE, window: str = "day") -> pd.DataFrame:
    """100 rows 30 s apart at the start of each window (2024-01-01 is a Monday)."""
    frames = []
    for day, kind in enumerate(sequence):
        if kind == "n":
            continue
        n = 100
        frames.append(pd.DataFrame({
            "prediction_id": [f"d{day}-{i}" for i in range(n)],
            "predicted_at": START + day * WINDOW[window] + pd.to_timedelta(np.arange(n) * 30, unit="s"),
            "score": np.arange(n) / n,
            "x": np.arange(n, dtype=float) + (1000.0 if kind == "a" else 0.0),
            "latency_ms": np.full(n, 500.0 if kind == "w" else 10.0),
        }))
    return pd.concat(frames, ignore_index=True)


def monitor(slos=SLOS, window: str = "day", **extra) -> dict:
    reference = {"start": START.strftime("%Y-%m-%d %H:%M"), "end": (START + 3 * WINDOW[window]).strftime("%Y-%m-%d %H:%M")}
    return {"name": "svc", "predictions": {"source": ["oracle", "predictions"]}, "id_column": "prediction_id",
            "timestamp_column": "predicted_at", "task": "binary_classification", "score_column": "score",
            "window": window, "features": {"numeric": ["x"]}, "latency_ms_column": "latency_ms",
            "thresholds": {"latency_p50": {"warn": 100.0}},
            "reference": reference, "slos": slos, **extra}


# -- the reference ------------------------------------------------------------------------------
def expected_slo(sequence: str, slo: dict, status: dict | None = None, window: str = "day") -> pd.DataFrame:
    """The mart's rows of one SLO; ``status`` maps a day's kind to the window status it yields."""
    cfg = {**DEFAULTS, **slo}
    status = status or {"o": "ok", "w": "warn", "a": "alert", "n": "no_data"}
    no_data_good = {"bad": 0, "good": 1, "ignore": None}[cfg["no_data"]]
    good = [1 if status[k] == "ok" else no_data_good if status[k] == "no_data" else 0 for k in sequence]
    budget = 1 - cfg["objective"]
    rows = []
    for i, kind in enumerate(sequence):
        def last(n):
            counted = [g for g in good[max(0, i - n + 1):i + 1] if g is not None]
            return len(counted), len(counted) - sum(counted)

        total, bad = last(cfg["period_windows"])
        short_total, short_bad = last(cfg["short_windows"])
        long_total, long_bad = last(cfg["long_windows"])
        short = short_bad / short_total / budget if short_total else None
        long_ = long_bad / long_total / budget if long_total else None
        if short is None or long_ is None:
            slo_status = "no_data"
        elif short > cfg["page_burn_rate"] and long_ > cfg["page_burn_rate"]:
            slo_status = "page"
        elif short > cfg["ticket_burn_rate"] and long_ > cfg["ticket_burn_rate"]:
            slo_status = "ticket"
        else:
            slo_status = "ok"
        rows.append({"slo_name": cfg["name"], "window_start": START + i * WINDOW[window],
                     "window_status": status[kind], "good_windows": total - bad, "total_windows": total,
                     "sli": (total - bad) / total if total else None,
                     "error_budget_remaining": 1 - bad / (total * budget) if total else None,
                     "short_burn_rate": short, "long_burn_rate": long_, "slo_status": slo_status})
    return pd.DataFrame(rows)


def _build(engine, monitors: list[dict], sequence: str = SEQUENCE, window: str = "day"):
    # measured 55 minutes into the last window: the freshness row falls into it, with a small lag
    as_of = (START + (len(sequence) - 1) * WINDOW[window] + pd.Timedelta(minutes=55)).strftime("%Y-%m-%d %H:%M")
    return engine.dbt("run", "--select", "+model_monitor__slos",
                      vars={"model_monitor": {"monitors": monitors}, "model_monitor_as_of": as_of})


def _actual(engine) -> pd.DataFrame:
    df = engine.table("model_monitor__slos")
    df["window_start"] = pd.to_datetime(df["window_start"])
    return df.sort_values(["slo_name", "window_start"]).reset_index(drop=True)


@pytest.mark.parametrize("engine", ALL_ENGINES, indirect=True)
def test_budget_and_burn_rates_match_the_reference(engine):
    engine.load_table(engine.oracle_schema, "predictions", predictions())
    run = _build(engine, [monitor()])
    assert run.success, run.messages[-4000:]
    actual = _actual(engine)
    expected = pd.concat([expected_slo(SEQUENCE, s) for s in SLOS]).sort_values(
        ["slo_name", "window_start"]).reset_index(drop=True)
    assert list(actual["slo_name"]) == list(expected["slo_name"])
    assert list(actual["window_start"]) == list(expected["window_start"])
    for column in ("window_status", "slo_status"):
        mismatch = actual[column] != expected[column]
        assert not mismatch.any(), (column, actual[mismatch], expected[mismatch])
    for column in ("good_windows", "total_windows"):
        assert (actual[column].astype(int) == expected[column]).all(), column
    for column in ("sli", "error_budget_remaining", "short_burn_rate", "long_burn_rate"):
        a = pd.to_numeric(actual[column]).astype(float).to_numpy()
        e = pd.to_numeric(expected[column]).astype(float).to_numpy()
        assert (np.isnan(a) == np.isnan(e)).all(), column
        assert np.allclose(a[~np.isnan(e)], e[~np.isnan(e)], rtol=1e-12, atol=1e-12), column
    # the failing fixture pages, the clean stretch does not
    fast = actual[actual.slo_name == "fast"].set_index("window_start")["slo_status"]
    assert fast[START + pd.Timedelta(days=8)] == "page"       # two drift alerts in a row
    assert fast[START + pd.Timedelta(days=5)] == "ticket"     # one warn: burning, not paging
    assert (fast[: START + pd.Timedelta(days=4)] == "ok").all()
    assert set(expected["slo_status"]) == {"page", "ticket", "ok", "no_data"}
    assert (actual.objective.astype(float).isin([0.8, 0.99, 0.5])).all()
    assert set(actual.monitor_name) == {"svc"}


@pytest.mark.parametrize("window", ["hour", "week"])
def test_hourly_and_weekly_windows(duckdb_engine, window):
    duckdb_engine.load_table(duckdb_engine.oracle_schema, "predictions", predictions(window=window))
    run = _build(duckdb_engine, [monitor(window=window)], window=window)
    assert run.success, run.messages[-4000:]
    actual = _actual(duckdb_engine)
    expected = pd.concat([expected_slo(SEQUENCE, s, window=window) for s in SLOS]).sort_values(
        ["slo_name", "window_start"]).reset_index(drop=True)
    assert list(actual["window_start"]) == list(expected["window_start"])
    assert list(actual["slo_status"]) == list(expected["slo_status"])
    for column in ("error_budget_remaining", "short_burn_rate", "long_burn_rate"):
        assert np.allclose(actual[column].astype(float), expected[column].astype(float), rtol=1e-12, equal_nan=True)


def test_an_slo_on_chosen_metrics(duckdb_engine):
    """metrics: [latency_p50] counts only the latency rule: drift alerts do not spend its budget."""
    slo = {"name": "latency", "objective": 0.9, "period_windows": 10, "short_windows": 2, "long_windows": 5,
           "metrics": ["latency_p50"]}
    duckdb_engine.load_table(duckdb_engine.oracle_schema, "predictions", predictions())
    run = _build(duckdb_engine, [monitor(slos=[slo])])
    assert run.success, run.messages[-4000:]
    actual = _actual(duckdb_engine)
    expected = expected_slo(SEQUENCE, slo, {"o": "ok", "w": "warn", "a": "ok", "n": "no_data"})
    assert list(actual["window_status"]) == list(expected["window_status"])
    assert list(actual["slo_status"]) == list(expected["slo_status"])
    for column in ("error_budget_remaining", "short_burn_rate", "long_burn_rate"):
        assert np.allclose(actual[column].astype(float), expected[column].astype(float), rtol=1e-12, equal_nan=True)


def test_incremental_runs_equal_a_full_refresh(duckdb_engine):
    """Days replayed with model_monitor_as_of, then --full-refresh: the same SLO rows."""
    duckdb_engine.load_table(duckdb_engine.oracle_schema, "predictions", predictions())
    for days in (10, 20, len(SEQUENCE)):
        run = _build(duckdb_engine, [monitor()], SEQUENCE[:days])
        assert run.success, run.messages[-4000:]
    incremental = _actual(duckdb_engine)
    run = _build(duckdb_engine, [monitor()])
    assert run.success, run.messages[-4000:]
    pd.testing.assert_frame_equal(_actual(duckdb_engine), incremental)  # running twice changes nothing
    as_of = (START + (len(SEQUENCE) - 1) * WINDOW["day"] + pd.Timedelta(minutes=55)).strftime("%Y-%m-%d %H:%M")
    run = duckdb_engine.dbt("run", "--select", "+model_monitor__slos", "--full-refresh",
                            vars={"model_monitor": {"monitors": [monitor()]}, "model_monitor_as_of": as_of})
    assert run.success, run.messages[-4000:]
    pd.testing.assert_frame_equal(_actual(duckdb_engine), incremental)
    assert len(incremental) == len(SLOS) * len(SEQUENCE)


def test_the_slo_gate_stops_a_paging_window(engine):
    """integration_tests/tests/assert_slos_not_paging.sql: passes on a clean day, fails on a
    paging day, and fails (no_data) for a configured SLO without rows."""
    engine.load_table(engine.oracle_schema, "predictions", predictions())
    fast = [SLOS[0]]

    def gate(days: int, slos=fast):
        as_of = (START + (days - 1) * WINDOW["day"] + pd.Timedelta(minutes=55)).strftime("%Y-%m-%d %H:%M")
        return engine.dbt("test", "--select", "assert_slos_not_paging",
                          vars={"model_monitor": {"monitors": [monitor(slos=slos)]}, "model_monitor_as_of": as_of})

    for days, passes in ((5, True), (9, False), (12, True)):  # day 8 pages (two drift alerts in a row)
        assert _build(engine, [monitor(slos=fast)], SEQUENCE[:days]).success
        status = _actual(engine).set_index("window_start")["slo_status"]
        assert (status.iloc[-1] == "page") != passes
        run = gate(days)
        assert run.success == passes, run.messages[-3000:]
    # an SLO added to the configuration before the mart was rebuilt has no rows: no_data fails
    run = gate(12, fast + [{"name": "new_slo", "objective": 0.9}])
    assert not run.success


def test_no_slos_builds_an_empty_mart(duckdb_engine):
    duckdb_engine.load_table(duckdb_engine.oracle_schema, "predictions", predictions("oooo"))
    run = _build(duckdb_engine, [monitor(slos=None)], "oooo")
    assert run.success, run.messages[-4000:]
    assert len(duckdb_engine.table("model_monitor__slos")) == 0


@pytest.mark.parametrize("slos, fragments", [
    ([{"name": "a", "objective": "0.99"}], ["key 'slos[0].objective'", "strictly between 0 and 1"]),
    ([{"name": "a", "objective": 1.0}], ["key 'slos[0].objective'", "strictly between 0 and 1"]),
    ([{"name": "a", "objective": 0}], ["key 'slos[0].objective'", "strictly between 0 and 1"]),
    ([{"name": "a"}], ["key 'slos[0].objective'", "required key is missing"]),
    ([{"name": "a", "objective": 0.9, "objectve": 0.9}], ["key 'slos[0].objectve'", "did you mean 'objective'"]),
    ([{"name": "a", "objective": 0.9, "short_windows": 6, "long_windows": 6}],
     ["key 'slos[0]'", "short_windows < long_windows <= period_windows"]),
    ([{"name": "a", "objective": 0.9, "period_windows": 2.5}], ["key 'slos[0].period_windows'", "whole number"]),
    ([{"name": "a", "objective": 0.9, "no_data": "skip"}], ["key 'slos[0].no_data'", "bad, good or ignore"]),
    ([{"name": "a", "objective": 0.9}, {"name": "a", "objective": 0.8}], ["key 'slos[1].name'", "two SLOs are named 'a'"]),
    ({"name": "a", "objective": 0.9}, ["key 'slos'", "expected a list"]),
    ([{"name": "a", "objective": 0.9, "metrics": ["latency_p98"]}],
     ["key 'slos[0].metrics'", "metric 'latency_p98' is not computed", "did you mean 'latency_p95'"]),
])
def test_slo_configuration_errors(parsed_duckdb, slos, fragments):
    message = validation_error(parsed_duckdb, [monitor(slos=slos)])
    for fragment in ["monitor 'svc'", *fragments]:
        assert fragment in message, fragment


def test_missing_operational_column(duckdb_engine):
    duckdb_engine.load_table(duckdb_engine.oracle_schema, "predictions", predictions("oooo"))
    run = _build(duckdb_engine, [monitor(cost_column="cost")], "oooo")
    assert not run.success
    for fragment in ("monitor 'svc'", "key 'cost_column'", "column 'cost' does not exist"):
        assert fragment in run.messages, fragment
