"""Every drift statistic, through dbt on DuckDB and PostgreSQL, against numpy/scipy.

Adversarial data: ties, NULL, NaN, +/-inf, a feature constant in the reference, a day without
rows, a one-row day, a day where a feature is entirely NULL, more categories than top_k,
categories never seen in the reference, a boolean category, and column names with a space,
quotes and an SQL keyword. One dbt build covers the three reference kinds and hour/day/week
windows (five monitors over the same table); the expected values come from
tests/reference_stats.py. Counts must be equal; statistics within 1e-9 (Wasserstein relative
to its size); p-values within 1e-9 relative.
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from reference_stats import expected_drift

FEATURES = {"numeric": ["car value", 'weird"name', "o'brien", "all_null_day"],
            "categorical": ["select", "flag"]}
FLOATS = ["psi", "js_distance", "hellinger", "kl_divergence", "ks_statistic", "null_rate",
          "null_rate_increase", "new_category_rate", "chi2_statistic"]
COUNTS = ["row_count", "null_count", "invalid_count"]


def _frame(seed: int, start: str, days: int, rows_per_day: int, skip_day: int | None,
           single_row_day: int | None) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    parts = []
    for d in range(days):
        if d == skip_day:
            continue
        n = 1 if d == single_row_day else int(rows_per_day + rng.integers(-10, 10))
        ts = pd.Timestamp(start) + pd.Timedelta(days=d) + pd.to_timedelta(rng.integers(0, 86400, n), unit="s")
        car = np.round(rng.normal(10 + 0.3 * d, 3, n), 1).astype(object)
        special = rng.random(n)
        car[special < 0.04] = None
        car[(special >= 0.04) & (special < 0.06)] = float("nan")
        car[(special >= 0.06) & (special < 0.07)] = float("inf")
        car[(special >= 0.07) & (special < 0.075)] = float("-inf")
        letters = list("abcdefgh") + (["new1", "new2"] if d >= 6 else [])
        select = rng.choice(letters, n).astype(object)
        select[rng.random(n) < 0.05] = None
        constant_then_not = np.full(n, 3.0) if d < 4 else np.round(rng.normal(3, 1, n), 0)
        all_null = np.round(rng.exponential(2.0, n), 2).astype(object)
        if d == 7:
            all_null[:] = None
        parts.append(pd.DataFrame({
            "prediction_id": [f"{seed}-{d}-{i}" for i in range(n)],
            "predicted_at": ts,
            "score": rng.random(n),
            "car value": pd.Series(car, dtype=object),
            'weird"name': rng.integers(0, 6, n).astype(float),
            "o'brien": constant_then_not,
            "all_null_day": pd.Series(all_null, dtype=object),
            "select": pd.Series(select, dtype=object),
            "flag": rng.random(n) < (0.3 if d < 5 else 0.6),
        }))
    return pd.concat(parts, ignore_index=True)


def _monitors() -> list[dict]:
    base = {"predictions": {"source": ["oracle", "predictions"]}, "id_column": "prediction_id",
            "timestamp_column": "predicted_at", "task": "binary_classification", "score_column": "score",
            "features": {"numeric": FEATURES["numeric"][:3] + [{"name": "all_null_day",
                                                               "thresholds": {"psi": {"warn": 0.2, "alert": 0.5}}}],
                         "categorical": FEATURES["categorical"]},
            "top_k": 5, "bins": 10, "distribution_statistics": "exact"}
    profile = {**base, "distribution_statistics": "profile", "profile_cells": 16}
    return [
        # profile mode: cells (16: the quantile intervals are cut, so ties and few values are
        # covered as well as continuous ones); KS and Wasserstein within their stored bounds
        {**profile, "name": "profile_fixed_day", "window": "day", "reference": {"start": "2024-01-01", "end": "2024-01-04"}},
        {**profile, "name": "profile_relation_week", "window": "week", "reference": {"relation": {"source": ["oracle", "reference"]}}},
        {**base, "name": "fixed_day", "window": "day", "reference": {"start": "2024-01-01", "end": "2024-01-04"},
         "thresholds": {"js_distance": {"warn": 0.3, "alert": 0.6}}},
        {**base, "name": "relation_day", "window": "day", "reference": {"relation": {"source": ["oracle", "reference"]}}},
        {**base, "name": "trailing_day", "window": "day", "reference": {"trailing_windows": 3}, "bins": 4},
        # previous_windows is trailing_windows; days 2024-01-08 on against the same weekday
        {**base, "name": "previous_day", "window": "day", "reference": {"previous_windows": 2}, "bins": 4,
         "features": {"numeric": ["car value"], "categorical": ["select"]}},
        {**base, "name": "seasonal_day", "window": "day", "reference": {"same_weekday_windows": 1}},
        {**base, "name": "fixed_week", "window": "week", "reference": {"start": "2024-01-01", "end": "2024-01-08"}},
        {**base, "name": "trailing_hour", "window": "hour", "reference": {"trailing_windows": 24},
         "features": {"numeric": ["car value"], "categorical": ["select"]}},
    ]


def _close(actual, expected, tol: float) -> bool:
    if expected is None or (isinstance(expected, float) and math.isnan(expected)):
        return actual is None or pd.isna(actual)
    if actual is None or pd.isna(actual):
        return False
    return abs(float(actual) - float(expected)) <= tol


@pytest.fixture(scope="module")
def data():
    predictions = _frame(1, "2024-01-01", 10, 150, skip_day=4, single_row_day=8)
    reference = _frame(2, "2023-12-01", 3, 120, skip_day=None, single_row_day=None)
    return predictions, reference


def test_drift_equals_numpy_and_scipy(engine, data):
    predictions, reference = data
    engine.load_table(engine.oracle_schema, "predictions", predictions)
    engine.load_table(engine.oracle_schema, "reference", reference)
    monitors = _monitors()
    # the two marts read below, with their parents (and the package's own tests on them)
    run = engine.dbt("build", "--select", "+model_monitor__feature_drift", "+model_monitor__feature_histograms",
                     vars={"model_monitor": {"monitors": monitors}})
    assert run.success, run.messages[-8000:]
    actual = engine.table("model_monitor__feature_drift")
    histograms = engine.table("model_monitor__feature_histograms")
    # The DuckDB profile loads the UDF plugin; on PostgreSQL the on-run-start hook registers them.
    assert actual.ks_pvalue.notna().any() and actual.chi2_pvalue.notna().any(), "p-values missing"
    pvalues = True

    problems, bounds = [], []
    for monitor in monitors:
        expected = expected_drift(predictions, monitor, reference, pvalues=pvalues, counts=True)
        got = actual[actual.monitor_name == monitor["name"]]
        assert len(got) == len(expected), (monitor["name"], len(got), len(expected))
        got = got.set_index(["feature_name", "window_start"])
        for exp in expected.to_dict("records"):
            row = got.loc[(exp["feature_name"], exp["window_start"])]
            where = f"{monitor['name']} {exp['feature_name']} {exp['window_start']}"
            for col in COUNTS:
                if int(row[col]) != exp[col]:
                    problems.append(f"{where} {col}: {row[col]} != {exp[col]}")
            profile = monitor["distribution_statistics"] == "profile"
            for col in FLOATS:
                # profile mode: KS is within its bound (below); every binned statistic is exact
                if not (profile and col == "ks_statistic") and not _close(row[col], exp[col], 1e-9):
                    problems.append(f"{where} {col}: {row[col]!r} != {exp[col]!r}")
            scale = max(1.0, abs(exp["wasserstein"] or 0.0))
            ks_bound = float(row["ks_error_bound"]) if profile and pd.notna(row["ks_error_bound"]) else 0.0
            w_bound = float(row["wasserstein_error_bound"]) if profile and pd.notna(row["wasserstein_error_bound"]) else 0.0
            if not profile and (ks_bound or w_bound or pd.notna(row["ks_statistic"]) and row["ks_error_bound"] != 0):
                problems.append(f"{where} exact mode has error bounds {row['ks_error_bound']!r}, {row['wasserstein_error_bound']!r}")
            if not _close(row["ks_statistic"], exp["ks_statistic"], ks_bound + 1e-12):
                problems.append(f"{where} ks_statistic: {row['ks_statistic']!r} != {exp['ks_statistic']!r} +- {ks_bound}")
            if not _close(row["wasserstein"], exp["wasserstein"], w_bound * (1 + 1e-9) + 1e-9 * scale):
                problems.append(f"{where} wasserstein: {row['wasserstein']!r} != {exp['wasserstein']!r} +- {w_bound}")
            if profile:
                bounds.append((ks_bound, w_bound))
            for col in ["ks_pvalue", "chi2_pvalue"] if not profile else ["chi2_pvalue"]:
                tol = 1e-9 * abs(exp[col]) if exp[col] else 0.0
                if not _close(row[col], exp[col], max(tol, 1e-300)):
                    problems.append(f"{where} {col}: {row[col]!r} != {exp[col]!r}")
            reason = None if pd.isna(row["drift_reason"]) else row["drift_reason"]
            expected_reason = None if pd.isna(exp["drift_reason"]) else exp["drift_reason"]
            if row["drift_status"] != exp["drift_status"] or reason != expected_reason:
                problems.append(f"{where} status: {row['drift_status']}/{row['drift_reason']} != "
                                f"{exp['drift_status']}/{exp['drift_reason']}")
            bins = histograms[(histograms.monitor_name == monitor["name"]) & ~histograms.is_reference.astype(bool)
                              & (histograms.feature_name == exp["feature_name"])
                              & (histograms.window_start == exp["window_start"])].sort_values("bin_index")
            if bins.row_count.astype(int).tolist() != exp["window_counts"].tolist():
                problems.append(f"{where} histogram: {bins.row_count.tolist()} != {exp['window_counts'].tolist()}")
    assert not problems, f"{len(problems)} mismatches:\n" + "\n".join(problems[:40])
    # the bounds are not vacuous: some profile cells mix both samples, and most windows are exact
    assert bounds and any(k > 0 for k, _ in bounds) and sum(k == 0 for k, _ in bounds) > len(bounds) / 2, bounds


def test_the_oracle_data_covers_the_bad_inputs(data):
    """The fixture really contains what the oracle test claims to cover."""
    predictions, _ = data
    car = predictions["car value"]
    assert car.map(lambda v: v is None).any()
    assert car.map(lambda v: isinstance(v, float) and math.isnan(v)).any()
    assert car.map(lambda v: v == float("inf")).any() and car.map(lambda v: v == float("-inf")).any()
    days = predictions.predicted_at.dt.floor("D").value_counts()
    assert pd.Timestamp("2024-01-05") not in days.index and days[pd.Timestamp("2024-01-09")] == 1
    assert predictions[predictions.predicted_at < "2024-01-04"]["o'brien"].nunique() == 1
    day7 = predictions[predictions.predicted_at.dt.floor("D") == pd.Timestamp("2024-01-08")]
    assert day7.all_null_day.map(lambda v: v is None).all()
    assert set(predictions["select"].dropna()) - set(predictions[predictions.predicted_at < "2024-01-04"]["select"].dropna())
