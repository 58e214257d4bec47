"""Values near the ends of the double range (issue 13, item 4): Wasserstein came out negative
(-2.47 where scipy says 0.07) for values around +-1e300, because it is a sum of areas taken from
running integrals at the data's scale. It is never negative now, and where the rounding of those
integrals exceeds the distance, `wasserstein_error_bound` says so: scipy's value lies within it.
One build per engine (DuckDB, PostgreSQL, Spark), the exact and the profile mode side by side.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from dbt_harness import ALL_ENGINES
from scipy import stats


def _predictions() -> pd.DataFrame:
    rng = np.random.default_rng(13)
    frames = []
    for day in range(4):
        n = 400
        values = rng.normal(0.07 * (day >= 2), 1, n)
        values[:3] = [1e300, -1e300, 5e299]  # the same extremes every day
        frames.append(pd.DataFrame({
            "prediction_id": [f"{day}-{i}" for i in range(n)],
            "predicted_at": pd.Timestamp("2025-01-01") + pd.Timedelta(days=day) + pd.to_timedelta(np.arange(n), unit="s"),
            "score": rng.random(n), "extreme": values, "plain": rng.normal(0, 1, n)}))
    return pd.concat(frames, ignore_index=True)


def _monitor(name: str, mode: str) -> dict:
    return {"name": name, "predictions": {"source": ["oracle", "predictions"]}, "id_column": "prediction_id",
            "timestamp_column": "predicted_at", "task": "binary_classification", "score_column": "score",
            "window": "day", "distribution_statistics": mode, "features": {"numeric": ["extreme", "plain"]},
            "reference": {"start": "2025-01-01", "end": "2025-01-03"}}


@pytest.mark.parametrize("engine", ALL_ENGINES, indirect=True)
def test_wasserstein_is_never_negative_and_flags_lost_precision(engine):
    predictions = _predictions()
    engine.load_table(engine.oracle_schema, "predictions", predictions)
    monitors = [_monitor("exact", "exact"), _monitor("profiled", "profile")]
    run = engine.dbt("build", "--select", "+model_monitor__feature_drift", vars={"model_monitor": {"monitors": monitors}})
    assert run.success, run.messages[-8000:]
    drift = engine.table("model_monitor__feature_drift")
    reference = predictions[predictions.predicted_at < pd.Timestamp("2025-01-03")]
    checked = flagged = 0
    for row in drift[drift.feature_name.isin(["extreme", "plain"])].itertuples():
        window = predictions[predictions.predicted_at.dt.floor("D") == row.window_start]
        expected = stats.wasserstein_distance(reference[row.feature_name], window[row.feature_name])
        assert row.wasserstein >= 0, (row.monitor_name, row.feature_name, row.window_start, row.wasserstein)
        bound = row.wasserstein_error_bound
        assert abs(row.wasserstein - expected) <= bound * (1 + 1e-9) + 1e-9 * max(1.0, expected) + (
            0.01 * reference[row.feature_name].std() if row.monitor_name == "profiled" and row.feature_name == "plain" else 0), \
            (row.monitor_name, row.feature_name, row.window_start, row.wasserstein, expected, bound)
        checked += 1
        if row.feature_name == "extreme":
            flagged += bound > 1e200  # the precision lost is said, not hidden
        elif row.monitor_name == "exact":
            assert bound < 1e-12  # ordinary values: at most the rounding at their scale
    assert checked == 16 and flagged == 8
