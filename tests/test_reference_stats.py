"""The oracle itself (tests/reference_stats.py) against INTERFACE.md's reference function, scipy and
hand-computed values: if these fail, the dbt comparisons in test_oracle_drift.py mean nothing."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from scipy.spatial.distance import jensenshannon

import reference_stats as rs
from reference_stats import interface_psi as psi  # the founding interface's function, verbatim


def _oracle_psi(expected, actual, bins=10):
    edges = rs.numeric_edges(expected, bins)
    return rs.psi(rs.numeric_counts(expected, edges), rs.numeric_counts(actual, edges))


# -- PSI ------------------------------------------------------------------------------------

@pytest.mark.parametrize("seed", range(8))
def test_psi_equals_the_interface_function_without_duplicate_edges(seed):
    rng = np.random.default_rng(seed)
    expected = rng.normal(0, 1, int(rng.integers(50, 2000)))
    actual = rng.normal(rng.uniform(-1, 1), rng.uniform(0.5, 2), int(rng.integers(1, 2000)))
    bins = int(rng.integers(2, 20))
    assert len(rs.numeric_edges(expected, bins)) == bins + 1  # no duplicate edge merged
    assert _oracle_psi(expected, actual, bins) == pytest.approx(psi(expected, actual, bins), abs=1e-12)


@pytest.mark.parametrize("seed", range(4))
def test_psi_with_merged_duplicate_edges_equals_the_interface_function(seed):
    # Integers: many duplicate quantiles. np.histogram's zero-width bins are empty on both sides
    # and contribute (eps - eps) * ln(1) = 0, so merging duplicates changes nothing.
    rng = np.random.default_rng(seed)
    expected = rng.integers(0, 4, 500).astype(float)
    actual = rng.integers(0, 6, 300).astype(float)
    assert len(rs.numeric_edges(expected, 10)) < 11
    assert _oracle_psi(expected, actual) == pytest.approx(psi(expected, actual), abs=1e-12)


def test_psi_is_zero_for_identical_shares_and_none_without_values():
    assert rs.psi([1, 2, 3], [2, 4, 6]) == pytest.approx(0, abs=1e-15)
    assert rs.psi([0, 0], [1, 2]) is None and rs.psi([1, 2], [0, 0]) is None


def test_psi_clips_empty_bins_at_eps():
    e, a = np.array([0.5, 0.5, 0.0]), np.array([0.25, 0.25, 0.5])
    ec, ac = np.clip(e, 1e-6, 1), np.clip(a, 1e-6, 1)
    manual = sum((x - y) * math.log(x / y) for x, y in zip(ac, ec))
    assert rs.psi([2, 2, 0], [1, 1, 2]) == pytest.approx(manual, abs=1e-15)


# -- Jensen-Shannon, Hellinger, KL ----------------------------------------------------------

def test_js_distance_is_scipy_base_2_on_unclipped_shares():
    e, a = [5, 3, 0, 2], [1, 1, 4, 0]
    pe, pa = np.array(e) / 10, np.array(a) / 6
    assert rs.js_distance(e, a) == jensenshannon(pe, pa, base=2)
    m = (pe + pa) / 2
    kl = lambda p, q: sum(x * math.log2(x / y) for x, y in zip(p, q) if x > 0)  # noqa: E731
    assert rs.js_distance(e, a) == pytest.approx(math.sqrt((kl(pe, m) + kl(pa, m)) / 2), abs=1e-15)
    assert rs.js_distance([1, 2, 3], [2, 4, 6]) == pytest.approx(0, abs=1e-7)
    assert rs.js_distance([1, 0], [0, 1]) == pytest.approx(1, abs=1e-15)  # disjoint: the maximum
    assert rs.js_distance([0, 0], [1, 1]) is None


def test_hellinger_on_unclipped_shares():
    assert rs.hellinger([1, 2, 3], [2, 4, 6]) == pytest.approx(0, abs=1e-15)
    assert rs.hellinger([1, 0], [0, 1]) == pytest.approx(1, abs=1e-15)
    e, a = np.array([3, 1]) / 4, np.array([1, 1]) / 2
    manual = math.sqrt(sum((math.sqrt(x) - math.sqrt(y)) ** 2 for x, y in zip(e, a))) / math.sqrt(2)
    assert rs.hellinger([3, 1], [1, 1]) == pytest.approx(manual, abs=1e-15)


def test_kl_divergence_is_scipy_entropy_of_the_clipped_shares_renormalised():
    e, a = [4, 4, 0, 2], [1, 3, 5, 1]
    ec, ac = np.clip(np.array(e) / 10, 1e-6, 1), np.clip(np.array(a) / 10, 1e-6, 1)
    assert rs.kl_divergence(e, a) == stats.entropy(ac, ec)
    en, an = ec / ec.sum(), ac / ac.sum()  # scipy renormalises: the clip made sum(e) > 1
    manual = sum(x * math.log(x / y) for x, y in zip(an, en))
    assert rs.kl_divergence(e, a) == pytest.approx(manual, abs=1e-12)
    assert rs.kl_divergence([1, 1], [3, 3]) == pytest.approx(0, abs=1e-15)
    assert rs.kl_divergence([1, 1], [0, 0]) is None


def test_chi2_drops_empty_columns_and_uses_no_correction():
    e, a = [10, 0, 5, 5], [3, 0, 9, 1]
    res = stats.chi2_contingency(np.array([[10, 5, 5], [3, 9, 1]]), correction=False)
    assert rs.chi2(e, a) == (res.statistic, res.pvalue)
    assert rs.chi2([4, 0], [7, 0]) == (0.0, 1.0)  # one column left: no degree of freedom
    assert rs.chi2([0, 0], [1, 2]) == (None, None)


def test_ks_and_wasserstein_on_finite_values_only():
    ref = [1.0, 2.0, None, float("nan"), 3.0, float("inf")]
    cur = [2.5, float("-inf"), 4.0]
    ks = stats.ks_2samp([1.0, 2.0, 3.0], [2.5, 4.0], method="auto")
    assert rs.ks_2samp(ref, cur) == (ks.statistic, ks.pvalue)
    assert rs.wasserstein(ref, cur) == stats.wasserstein_distance([1.0, 2.0, 3.0], [2.5, 4.0])
    assert rs.ks_2samp([None], cur) == (None, None) and rs.wasserstein(ref, [float("nan")]) is None


# -- bins -----------------------------------------------------------------------------------

def test_numeric_edges_quantiles_infinite_ends_and_merged_duplicates():
    ref = [None, 1.0, float("nan"), 2.0, 3.0, 4.0, float("inf"), 5.0, float("-inf")]
    np.testing.assert_array_equal(rs.numeric_edges(ref, 4), [-np.inf, 2.0, 3.0, 4.0, np.inf])
    np.testing.assert_array_equal(rs.numeric_edges([3.0] * 7, 10), [-np.inf, 3.0, np.inf])
    np.testing.assert_array_equal(rs.numeric_edges([None, float("nan"), float("inf")], 10), [-np.inf, np.inf])
    np.testing.assert_array_equal(rs.numeric_edges([], 10), [-np.inf, np.inf])
    # linear interpolation, as numpy.quantile
    np.testing.assert_array_equal(rs.numeric_edges([0.0, 1.0], 4), [-np.inf, 0.25, 0.5, 0.75, np.inf])


def test_numeric_counts_half_open_bins_and_never_null_nan_inf():
    edges = np.array([-np.inf, 1.0, 2.0, np.inf])
    values = [0.5, 1.0, 1.5, 2.0, 7.0, None, float("nan"), float("inf"), float("-inf"), -1e300]
    np.testing.assert_array_equal(rs.numeric_counts(values, edges), [2, 2, 2])
    np.testing.assert_array_equal(rs.numeric_counts([], edges), [0, 0, 0])


def test_categorical_bins_order_top_k_other_and_unseen():
    ref = ["b"] * 3 + ["a"] * 3 + ["B"] * 3 + ["10"] * 2 + ["9"] * 2 + [""] * 2 + ["z", None, None]
    bins = rs.categorical_bins(ref, top_k=4)
    # count desc, then code point: 'B' < 'a' < 'b'; '' < '10' < '9'
    assert bins.labels == ["B", "a", "b", "", "__other__", "__unseen__"]
    assert bins.index["10"] == bins.index["9"] == bins.index["z"] == 4 and bins.unseen == 5
    np.testing.assert_array_equal(rs.categorical_counts(["a", "z", "new", None, "", "B"], bins),
                                  [1, 1, 0, 1, 1, 1])
    exactly = rs.categorical_bins(["x", "y", "y"], top_k=2)
    assert exactly.labels == ["y", "x", "__unseen__"]  # no __other__ with exactly top_k categories
    assert rs.categorical_bins([None, None], top_k=3).labels == ["__unseen__"]


def test_categories_are_sql_strings():
    assert [rs.as_category(v) for v in (True, False, np.bool_(True), 10, np.int64(-3), "x", None, float("nan"))] \
        == ["true", "false", "true", "10", "-3", "x", None, None]
    bins = rs.categorical_bins([True, True, False, None], top_k=20)
    assert bins.labels == ["true", "false", "__unseen__"]


# -- one window -----------------------------------------------------------------------------

def test_window_stats_numeric_quality_and_shares():
    ref = [1.0, 2.0, 3.0, 4.0, None, float("nan")]
    win = [1.5, None, None, float("inf"), 3.5, 3.7]
    s = rs.window_stats("numeric", win, ref, bins=2, top_k=20)
    assert (s["row_count"], s["null_count"], s["invalid_count"]) == (6, 2, 1)
    assert s["null_rate"] == 2 / 6 and s["reference_null_rate"] == 1 / 6
    assert s["null_rate_increase"] == pytest.approx(2 / 6 - 1 / 6)
    np.testing.assert_array_equal(s["edges"], [-np.inf, 2.5, np.inf])
    np.testing.assert_array_equal(s["window_counts"], [1, 2])
    np.testing.assert_array_equal(s["reference_counts"], [2, 2])
    assert s["new_category_rate"] is None and s["chi2_statistic"] is None
    assert s["psi"] == rs.psi([2, 2], [1, 2])
    # null_rate_increase 1/6 >= 0.10 -> alert
    # null_rate_increase 1/6 is at alert, psi 0.1155 at warn: every breached rule, alert first
    assert (s["drift_status"], s["drift_reason"]) == ("alert", "null_rate_increase, psi")


def test_window_stats_categorical_new_category_rate():
    s = rs.window_stats("categorical", ["a", "new", None, "b", True], ["a", "b", "b"], top_k=20)
    assert s["invalid_count"] == 0 and s["null_count"] == 1
    assert s["new_category_rate"] == 2 / 4  # 'new' and 'true' are unseen, of 4 non-null
    assert s["bin_labels"] == ["b", "a", "__unseen__"]
    assert s["drift_status"] == "alert"
    only_nulls = rs.window_stats("categorical", [None, None], ["a"], top_k=20)
    assert only_nulls["new_category_rate"] is None and only_nulls["psi"] is None
    assert only_nulls["null_rate"] == 1.0 and only_nulls["drift_status"] == "alert"  # null rate +1


def test_no_data_for_an_empty_window_or_a_reference_without_binned_values():
    empty = rs.window_stats("numeric", [], [1.0, 2.0])
    assert empty["row_count"] == 0 and empty["null_rate"] is None and empty["psi"] is None
    assert (empty["drift_status"], empty["drift_reason"]) == ("no_data", None)
    no_ref = rs.window_stats("numeric", [1.0, 2.0], [None, float("nan")])
    assert no_ref["psi"] is None and no_ref["drift_status"] == "no_data"
    np.testing.assert_array_equal(no_ref["edges"], [-np.inf, np.inf])


def test_thresholds_levels_and_precedence():
    t = rs.feature_thresholds({"thresholds": {"psi": {"warn": 0.2}, "ks_pvalue": None}},
                              {"name": "x", "thresholds": {"psi": {"alert": 0.3}}})
    assert t["psi"] == {"warn": 0.2, "alert": 0.3} and "ks_pvalue" not in t
    assert t["null_rate_increase"] == {"warn": 0.05, "alert": 0.10}
    assert rs.drift_status({"psi": 0.2}, t) == ("warn", "psi")        # at warn: warn
    assert rs.drift_status({"psi": 0.3}, t) == ("alert", "psi")       # at alert: alert
    assert rs.drift_status({"psi": 0.19}, t) == ("ok", None)
    assert rs.drift_status({"psi": None, "null_rate_increase": 0.05}, t) == ("warn", "null_rate_increase")
    d = rs.feature_thresholds({})
    assert rs.drift_status({"ks_pvalue": 0.001, "psi": 0.01}, d) == ("warn", "ks_pvalue")  # <= for p-values
    assert rs.drift_status({"ks_pvalue": 0.0011}, d) == ("ok", None)
    assert rs.drift_status({"psi": 0.3, "null_rate_increase": 0.5}, d) == ("alert", "psi, null_rate_increase")
    # every breached rule, alert-level first, then warn-level, each in METRIC_ORDER
    assert rs.drift_status({"psi": 0.15, "ks_pvalue": 1e-4, "new_category_rate": 0.2}, d) == (
        "alert", "new_category_rate, psi, ks_pvalue")


# -- a whole monitor ------------------------------------------------------------------------

def _monitor(**kw):
    m = {"name": "m", "timestamp_column": "t", "score_column": "s", "window": "day",
         "features": {"numeric": ["x"], "categorical": ["c"]},
         "reference": {"start": "2024-01-01", "end": "2024-01-02"}}
    m.update(kw)
    return m


def _frame():
    t = pd.to_datetime(["2024-01-01 00:00:00", "2024-01-01 23:59:59.999999", "2024-01-02 05:00:00",
                        "2024-01-04 10:00:00", "2024-01-04 11:00:00"], format="ISO8601")
    return pd.DataFrame({"t": t, "s": [0.1, 0.2, 0.3, 0.4, 0.5],
                         "x": pd.Series([1.0, None, float("nan"), 2.0, 3.0], dtype=object),
                         "c": pd.Series(["a", "b", None, "a", "z"], dtype=object)})


def test_expected_drift_has_the_window_spine_and_the_score_feature():
    d = rs.expected_drift(_frame(), _monitor())
    assert list(d.feature_name.unique()) == ["x", "c", "__score__"]
    x = d[d.feature_name == "x"].set_index("window_start")
    assert list(x.index) == list(pd.to_datetime(["2024-01-01", "2024-01-02", "2024-01-03", "2024-01-04"]))
    gap = x.loc[pd.Timestamp("2024-01-03")]
    assert gap.row_count == 0 and gap.drift_status == "no_data" and gap.psi is None and gap.null_rate is None
    assert x.loc[pd.Timestamp("2024-01-02")].invalid_count == 1
    assert (x.reference_start == pd.Timestamp("2024-01-01")).all()
    assert x.loc[pd.Timestamp("2024-01-01")].reference_row_count == 2
    c = d[d.feature_name == "c"].set_index("window_start")
    assert c.loc[pd.Timestamp("2024-01-04")].new_category_rate == 0.5


def test_relation_reference_has_no_score_feature_and_null_period():
    ref = pd.DataFrame({"x": [1.0, 2.0, 3.0], "c": ["a", "a", "z"]})
    d = rs.expected_drift(_frame(), _monitor(reference={"relation": "r"}), ref)
    assert "__score__" not in set(d.feature_name) and d.reference_start.isna().all()
    h = rs.expected_histograms(_frame(), _monitor(reference={"relation": "r"}), ref)
    refs = h[h.is_reference.astype(bool)]
    assert refs.window_start.isna().all() and set(refs.feature_name) == {"x", "c"}
    assert refs[refs.feature_name == "c"].bin_label.tolist() == ["a", "z", "__unseen__"]


def test_trailing_windows_use_the_n_windows_before():
    m = _monitor(reference={"trailing_windows": 2})
    d = rs.expected_drift(_frame(), m).set_index(["feature_name", "window_start"])
    first = d.loc[("x", pd.Timestamp("2024-01-01"))]
    assert first.reference_row_count == 0 and first.drift_status == "no_data"
    w4 = d.loc[("x", pd.Timestamp("2024-01-04"))]
    assert w4.reference_start == pd.Timestamp("2024-01-02") and w4.reference_row_count == 1  # 01-02 and the empty 01-03
    h = rs.expected_histograms(_frame(), m)
    refs = h[h.is_reference.astype(bool) & (h.feature_name == "x")]
    assert sorted(set(refs.window_end)) == list(pd.date_range("2024-01-01", "2024-01-04"))  # one per window
    # a reference without finite values: one bin (-inf, inf) with count 0
    first_bins = refs[refs.window_end == pd.Timestamp("2024-01-01")]
    assert first_bins[["lower_edge", "upper_edge", "row_count"]].values.tolist() == [[-np.inf, np.inf, 0]]


def test_moving_references_sum_the_windows_at_their_offsets():
    assert rs.moving_reference_offsets({"previous_windows": 3}, "day") == [1, 2, 3]
    assert rs.moving_reference_offsets({"same_weekday_windows": 2}, "day") == [7, 14]
    assert rs.moving_reference_offsets({"same_weekday_windows": 1}, "hour") == [168]
    assert rs.moving_reference_offsets({"same_hour_windows": 3}, "hour") == [24, 48, 72]
    assert rs.moving_reference_offsets({"start": "2024-01-01", "end": "2024-01-02"}, "day") is None
    starts = pd.Series(pd.date_range("2024-01-01", periods=22, freq="D"))
    mask = rs.moving_reference_mask(starts, pd.Timestamp("2024-01-22"), {"same_weekday_windows": 2}, "day")
    assert starts[mask].tolist() == [pd.Timestamp("2024-01-08"), pd.Timestamp("2024-01-15")]
    d = rs.expected_drift(_frame(), _monitor(reference={"same_weekday_windows": 1})).set_index(["feature_name", "window_start"])
    assert (d.drift_status == "no_data").all()  # four days: no window has a weekday a week before
    assert d.loc[("x", pd.Timestamp("2024-01-04"))].reference_start == pd.Timestamp("2023-12-28")


def test_week_windows_start_monday_and_time_zones_convert_to_utc():
    f = _frame()
    f["t"] = pd.to_datetime(["2024-01-07 23:00", "2024-01-08 00:30", "2024-01-10 00:00", "2024-01-14 23:59",
                             "2024-01-15 00:00"], format="ISO8601").tz_localize("Asia/Kathmandu")  # UTC-5:45
    m = _monitor(window="week", reference={"start": "2024-01-01", "end": "2024-01-08"})
    d = rs.expected_drift(f, m)
    x = d[d.feature_name == "x"].set_index("window_start")
    # UTC: 01-07 17:15 and 18:45 (Sunday: week of Monday 01-01), 01-09 18:15, 01-14 18:14 and 18:15
    # (Sunday: week of Monday 01-08)
    assert list(x.index) == [pd.Timestamp("2024-01-01"), pd.Timestamp("2024-01-08")]
    assert x.row_count.tolist() == [2, 3] and x.iloc[0].window_end == pd.Timestamp("2024-01-08")
    assert x.iloc[0].reference_row_count == 2
    hours = rs.expected_drift(f, _monitor(window="hour", reference={"start": "2024-01-07", "end": "2024-01-08"}))
    starts = hours[hours.feature_name == "x"].window_start
    assert starts.iloc[0] == pd.Timestamp("2024-01-07 17:00") and starts.iloc[-1] == pd.Timestamp("2024-01-14 18:00")
    assert (starts.diff().dropna() == pd.Timedelta(hours=1)).all()
