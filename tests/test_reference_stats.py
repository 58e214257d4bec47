"""The oracle itself (tests/reference_stats.py) against INTERFACE.md's reference function and
direct numpy/scipy calls, so a mistake in the oracle cannot hide a mistake in the SQL."""
from __future__ import annotations

import numpy as np
import pytest
from scipy import stats
from scipy.spatial.distance import jensenshannon

import reference_stats as rs
from reference_stats import interface_psi

RNG = np.random.default_rng(5)


@pytest.mark.parametrize("shift", [0.0, 0.3, 2.0])
def test_psi_equals_the_interface_function(shift):
    reference, window = RNG.normal(size=800), RNG.normal(shift, 1, 300)
    got = rs.window_statistics("numeric", list(window), list(reference), 10, 20, {})
    assert abs(got["psi"] - interface_psi(reference, window)) <= 1e-12


def test_distances_equal_direct_scipy_calls():
    reference, window = np.round(RNG.normal(size=500), 1), np.round(RNG.normal(0.4, 1.2, 200), 1)
    got = rs.window_statistics("numeric", list(window), list(reference), 10, 20, {})
    edges = np.unique(np.r_[-np.inf, np.quantile(reference, np.linspace(0, 1, 11))[1:-1], np.inf])
    e = np.histogram(reference, edges)[0] / len(reference)
    a = np.histogram(window, edges)[0] / len(window)
    assert abs(got["js_distance"] - jensenshannon(e, a, base=2)) <= 1e-15
    assert abs(got["kl_divergence"] - stats.entropy(np.clip(a, 1e-6, 1), np.clip(e, 1e-6, 1))) <= 1e-15
    assert abs(got["hellinger"] - np.sqrt(np.sum((np.sqrt(e) - np.sqrt(a)) ** 2) / 2)) <= 1e-15
    assert got["ks_statistic"] == stats.ks_2samp(reference, window).statistic
    assert got["wasserstein"] == stats.wasserstein_distance(reference, window)


def test_nulls_and_invalid_values_are_counted_not_binned():
    window = [1.0, None, float("nan"), float("inf"), 2.0]
    got = rs.window_statistics("numeric", window, [1.0, 2.0, 3.0], 2, 20, {})
    assert (got["row_count"], got["null_count"], got["invalid_count"]) == (5, 1, 2)
    assert got["window_counts"].sum() == 2


def test_categorical_bins_top_k_other_and_unseen():
    labels, index, unseen = rs.categorical_bins(["b", "a", "a", "c", "c", "d", None, True], top_k=2)
    assert labels == ["a", "c", "__other__", "__unseen__"]  # ties by count broken by code point
    assert index["b"] == index["d"] == index["true"] == 2 and unseen == 3
    got = rs.window_statistics("categorical", ["a", "zzz", None, "b"], ["a", "b", "b", "c"], 10, 20, {})
    assert got["new_category_rate"] == 1 / 3 and got["null_count"] == 1


def test_constant_reference_and_empty_window():
    edges = rs.numeric_edges([3.0] * 10, 10)
    assert list(edges) == [-np.inf, 3.0, np.inf]
    got = rs.window_statistics("numeric", [], [3.0] * 10, 10, 20, rs.DEFAULT_THRESHOLDS)
    assert got["drift_status"] == "no_data" and got["psi"] is None
