"""`distribution_statistics: approximate`: KS and Wasserstein on values rounded to a few
significant digits, with the error bounds the README states measured against scipy."""
from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats


def _round_significant(x: np.ndarray, digits: int) -> np.ndarray:
    unit = 10.0 ** (np.floor(np.log10(np.abs(x))) - (digits - 1))
    return np.where(x == 0, x, np.round(x / unit) * unit)


def test_approximate_ks_and_wasserstein_within_their_bounds(engine):
    rng = np.random.default_rng(8)
    n = 3000
    days = rng.integers(0, 4, n)
    values = rng.lognormal(3.0, 1.0, n) * np.where(days >= 2, 1.15, 1.0)  # continuous, skewed, drifting
    engine.load_table(engine.oracle_schema, "predictions", pd.DataFrame({
        "prediction_id": [f"p{i}" for i in range(n)],
        "predicted_at": pd.Timestamp("2024-01-01") + pd.to_timedelta(days * 86400 + rng.integers(0, 86400, n), unit="s"),
        "score": rng.random(n), "amount": values}))
    base = {"predictions": {"source": ["oracle", "predictions"]}, "id_column": "prediction_id",
            "timestamp_column": "predicted_at", "task": "regression", "score_column": "score",
            "features": {"numeric": ["amount"]}, "window": "day",
            "reference": {"start": "2024-01-01", "end": "2024-01-02"}}
    monitors = [{**base, "name": "exact"},
                {**base, "name": "approx", "distribution_statistics": "approximate", "approximate_digits": 3}]
    run = engine.dbt("build", "--select", "package:model_monitor", vars={"model_monitor": {"monitors": monitors}})
    assert run.success, run.messages[-6000:]
    drift = engine.table("model_monitor__feature_drift")
    drift = drift[drift.feature_name == "amount"].set_index(["monitor_name", "window_start"])
    reference = values[days == 0]
    digits = 3
    for day in range(1, 4):
        window = values[days == day]
        start = pd.Timestamp("2024-01-01") + pd.Timedelta(days=day)
        approx, exact = drift.loc[("approx", start)], drift.loc[("exact", start)]
        true_ks = stats.ks_2samp(reference, window).statistic
        true_w = stats.wasserstein_distance(reference, window)
        # the rounded samples are what approximate mode computes exactly
        r_round, w_round = _round_significant(reference, digits), _round_significant(window, digits)
        assert abs(approx.ks_statistic - stats.ks_2samp(r_round, w_round).statistic) <= 1e-12
        assert abs(approx.wasserstein - stats.wasserstein_distance(r_round, w_round)) <= 1e-9 * max(1, true_w)
        # ... and the stated bounds hold against the exact values
        w_bound = 0.5 * 10.0 ** (1 - digits) * (np.abs(reference).mean() + np.abs(window).mean())
        assert abs(approx.wasserstein - true_w) <= w_bound
        cells_ref = pd.Series(r_round).value_counts(normalize=True).max()
        cells_win = pd.Series(w_round).value_counts(normalize=True).max()
        assert abs(approx.ks_statistic - true_ks) <= cells_ref + cells_win
        assert abs(exact.ks_statistic - true_ks) <= 1e-12  # the exact monitor beside it
        # the approximation is real: fewer distinct values than rows
        assert len(np.unique(w_round)) < len(window)
        assert abs(approx.psi - exact.psi) <= 1e-12  # binned statistics stay exact (sum order may vary)
