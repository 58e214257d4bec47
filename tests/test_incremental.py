"""An incremental run equals a full refresh, and running twice changes nothing.

Days are replayed with the ``model_monitor_as_of`` var (rows at or after it are invisible), late
rows are inserted into a window inside the lookback, and after every step the three drift marts
(and the prediction-outcome and performance marts, which for monitors without outcomes share the
drift lookback) are compared with a ``--full-refresh`` build of the same data. One config holds a
monitor of each reference kind so each dbt run exercises all three.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pandas.testing as pdt

MARTS = {
    "model_monitor__reference_bins": ["monitor_name", "feature_name", "reference_end", "bin_index", "category"],
    "model_monitor__feature_histograms": ["monitor_name", "feature_name", "is_reference", "window_start",
                                          "window_end", "bin_index"],
    "model_monitor__feature_drift": ["monitor_name", "feature_name", "window_start"],
    # no outcomes: recomputed over lookback_windows (not outcome_lookback_days), late rows included
    "model_monitor__prediction_outcomes": ["monitor_name", "prediction_id", "model_version"],
    "model_monitor__performance": ["monitor_name", "model_version", "window_start", "segment_name",
                                   "segment_value"],
}


def _predictions(seed: int, days: range, rows_per_day: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    frames = []
    for day in days:
        if day == 4:  # a day without any prediction: a no_data window in the middle
            continue
        n = rows_per_day
        ts = pd.Timestamp("2024-03-01") + pd.Timedelta(days=day) + pd.to_timedelta(
            rng.integers(0, 86400, n), unit="s")
        amount = pd.Series(list(np.round(rng.gamma(2.0, 50.0 + 5 * day, n), 0)), dtype=object)
        amount[rng.random(n) < 0.05] = None
        frames.append(pd.DataFrame({
            "prediction_id": [f"d{day}-{seed}-{i}" for i in range(n)],
            "predicted_at": ts,
            "score": rng.random(n),
            "amount usd": amount,
            "segment": rng.choice(["a", "b", "c", "d"] + (["new"] if day >= 7 else []), n),
        }))
    return pd.concat(frames, ignore_index=True)


def _monitors() -> dict:
    base = {
        "predictions": {"source": ["oracle", "predictions"]}, "id_column": "prediction_id",
        "timestamp_column": "predicted_at", "task": "binary_classification",
        "score_column": "score", "window": "day", "lookback_windows": 2,
        "features": {"numeric": ["amount usd"], "categorical": ["segment"]},
    }
    return {"model_monitor": {"monitors": [
        {**base, "name": "fixed", "reference": {"start": "2024-03-01", "end": "2024-03-04"}},
        {**base, "name": "trailing", "reference": {"trailing_windows": 2}},
        {**base, "name": "relation", "reference": {"relation": {"source": ["oracle", "reference"]}}},
    ]}}


def _snapshot(engine) -> dict[str, pd.DataFrame]:
    out = {}
    for mart, keys in MARTS.items():
        df = engine.table(mart)
        out[mart] = df.sort_values(keys, na_position="first").reset_index(drop=True)
    return out


def _assert_same(left: dict, right: dict, what: str) -> None:
    for mart in MARTS:
        assert len(left[mart]) > 0, f"{mart} is empty"
        pdt.assert_frame_equal(left[mart], right[mart], check_exact=False, rtol=0, atol=1e-12,
                               obj=f"{mart} ({what})")


def _build(engine, *flags, as_of=None):
    variables = _monitors()
    if as_of:
        variables["model_monitor_as_of"] = as_of
    run = engine.dbt("build", "--select", "package:model_monitor", *flags, vars=variables)
    assert run.success, run.messages[-8000:]


def _compiled(engine, model: str) -> str:
    """The select dbt last compiled for one of the package's models."""
    [path] = (engine.workdir / "target" / "compiled" / "model_monitor" / "models").glob(f"*/{model}.sql")
    return path.read_text()


def test_incremental_equals_full_refresh(engine):
    predictions = _predictions(1, range(0, 10), 80)
    engine.load_table(engine.oracle_schema, "predictions", predictions)
    engine.load_table(engine.oracle_schema, "reference", _predictions(2, range(0, 3), 60))

    # Days arrive one batch at a time.
    _build(engine, "--full-refresh", as_of="2024-03-05")
    _build(engine, as_of="2024-03-08 12:00")
    # Without outcomes, performance recomputes the drift lookback (2 windows back from the last
    # stored day, 2024-03-04), not outcome_lookback_days (60, back to January): the cost of a run
    # follows the new windows, not the history. prediction_outcomes keeps the same lookback back
    # from the latest prediction (2024-03-08): the rows late predictions can still change.
    for model, first in [("model_monitor__performance", "2024-03-02"), ("model_monitor__prediction_outcomes", "2024-03-06")]:
        compiled = _compiled(engine, model)
        assert f"{first} 00:00:00" in compiled, f"{model} does not start at the drift lookback"
        assert "2024-01-" not in compiled, f"{model} still recomputes outcome_lookback_days"
    kept = engine.table("model_monitor__prediction_outcomes")
    assert kept.window_start.min() == pd.Timestamp("2024-03-06"), "prediction_outcomes keeps more than the lookback"
    _build(engine)
    incremental = _snapshot(engine)

    # Running again changes nothing.
    _build(engine)
    _assert_same(incremental, _snapshot(engine), "second run")

    _build(engine, "--full-refresh")
    _assert_same(incremental, _snapshot(engine), "incremental vs full refresh")

    # Late rows for a window inside the lookback, plus a new day, then incremental again.
    late = _predictions(3, range(8, 11), 25)
    engine.load_table(engine.oracle_schema, "predictions", pd.concat([predictions, late], ignore_index=True))
    _build(engine)
    incremental = _snapshot(engine)
    drift = incremental["model_monitor__feature_drift"]
    day8 = drift[(drift.monitor_name == "fixed") & (drift.feature_name == "segment")
                 & (drift.window_start == pd.Timestamp("2024-03-09"))]
    assert int(day8.row_count.iloc[0]) == 80 + 25, "late rows were not counted in their window"
    _build(engine, "--full-refresh")
    _assert_same(incremental, _snapshot(engine), "after late rows")

    # The empty day is present as no_data for every monitor and feature (and the score's own
    # drift, __score__, for the two monitors whose reference is not a relation).
    gap = drift[drift.window_start == pd.Timestamp("2024-03-05")]
    assert len(gap) == 8 and set(gap.drift_status) == {"no_data"} and set(gap.row_count) == {0}
