"""The demo log itself (no dbt): shape, determinism, label delays, and the key property that the
injected incidents, and only they, move the features' distributions.

Distributions are compared the way the drift mart does (INTERFACE.md): the PSI of each day
against the reference days, on 10 quantile bins for numeric features and on the reference's
top-20 categories (plus ``__other__`` and ``__unseen__``) for categorical ones.
"""
from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from model_monitor import demo_data, demo_summary
from reference_stats import interface_psi

ROWS = 180_000  # ~2,000 rows a day: the day-to-day noise of PSI stays ~0.01
NUMERIC = ["car_value", "debt_to_income_ratio", "driver_tenure", "annual_income", "credit_score",
           "num_prior_claims", "loan_term_months", "employment_years"]
CATEGORICAL = ["salary_range", "size_of_downpayment", "vehicle_make", "region", "has_cosigner"]
COLUMNS = {
    "prediction_id": "str", "predicted_at": "datetime64[us]", "model_version": "str",
    "y_pred_proba": "float64", "y_pred": "int64",
    "car_value": "float64", "debt_to_income_ratio": "float64", "driver_tenure": "int64",
    "annual_income": "float64", "credit_score": "int64", "num_prior_claims": "int64",
    "loan_term_months": "int64", "employment_years": "Float64",
    "salary_range": "str", "size_of_downpayment": "str", "vehicle_make": "str", "region": "str",
    "has_cosigner": "bool",
}
INCIDENT = {i.name: i for i in demo_data.INCIDENTS}
CUT = pd.Timestamp(demo_data.START + dt.timedelta(days=demo_data.DAYS))


def categorical_psi(expected: np.ndarray, actual: np.ndarray, top_k=20, eps=1e-6) -> float:
    """PSI on the bins of the drift mart: top-K reference categories, __other__, __unseen__.

    ``expected`` and ``actual`` are integer category codes (one coding for both).
    """
    size = int(max(expected.max(), actual.max())) + 1
    e_counts, a_counts = np.bincount(expected, minlength=size), np.bincount(actual, minlength=size)
    top = np.argsort(-e_counts, kind="stable")[:top_k]
    top = top[e_counts[top] > 0]
    other = e_counts > 0
    other[top] = False
    unseen = e_counts == 0

    def shares(counts):
        bins = np.array([*counts[top], counts[other].sum(), counts[unseen].sum()])
        return np.clip(bins / max(counts.sum(), 1), eps, 1)

    e, a = shares(e_counts), shares(a_counts)
    return float(np.sum((a - e) * np.log(a / e)))


def day_index(timestamps: pd.Series) -> np.ndarray:
    return (timestamps - pd.Timestamp(demo_data.START)).dt.days.to_numpy()


@pytest.fixture(scope="module")
def log():
    predictions, outcomes = demo_data.generate(rows=ROWS, seed=7)
    return predictions, outcomes, day_index(predictions.predicted_at)


@pytest.fixture(scope="module")
def daily_psi(log):
    """{(feature, day): PSI of that day against the reference days}, NULLs left out."""
    predictions, _, day = log
    result = {}
    for feature in NUMERIC + CATEGORICAL:
        column = predictions[feature].dropna() if feature in NUMERIC else predictions[feature]
        values = column.to_numpy(float) if feature in NUMERIC else pd.factorize(column)[0]
        kept = day[column.index.to_numpy()]
        bounds = np.searchsorted(kept, np.arange(demo_data.DAYS + 1))
        reference = values[: bounds[demo_data.REFERENCE_DAYS]]
        psi = interface_psi if feature in NUMERIC else categorical_psi
        for d in range(demo_data.DAYS):
            result[feature, d] = psi(reference, values[bounds[d]: bounds[d + 1]])
    return result


def incident_days(feature: str) -> set[int]:
    return {d for i in demo_data.INCIDENTS if i.feature == feature for d in range(i.first_day, i.last_day + 1)}


# --- shape ------------------------------------------------------------------------------------

def test_the_same_seed_gives_identical_frames_and_another_seed_does_not():
    first, second, other = (demo_data.generate(rows=9_000, seed=s) for s in (3, 3, 4))
    pd.testing.assert_frame_equal(first[0], second[0])
    pd.testing.assert_frame_equal(first[1], second[1])
    assert not first[0].y_pred_proba.equals(other[0].y_pred_proba)


def test_iter_days_yields_generate_day_by_day():
    days = list(demo_data.iter_days(rows=9_000, seed=3))
    predictions, outcomes = demo_data.generate(rows=9_000, seed=3)
    assert len(days) == demo_data.DAYS
    assert all((day_index(p.predicted_at) == d).all() for d, (p, _) in enumerate(days))
    pd.testing.assert_frame_equal(pd.concat([p for p, _ in days], ignore_index=True), predictions)
    pd.testing.assert_frame_equal(pd.concat([o for _, o in days], ignore_index=True), outcomes)


@pytest.mark.parametrize("rows", [demo_data.DAYS - 1, demo_data.MAX_ROWS + 1, 1000.0, True])
def test_rows_out_of_range_are_refused(rows):
    with pytest.raises(ValueError, match="rows"):
        demo_data.generate(rows=rows)


def test_columns_and_types(log):
    predictions, outcomes, _ = log
    assert {c: str(t) for c, t in predictions.dtypes.items()} == COLUMNS
    assert list(predictions.columns) == list(COLUMNS)
    assert {c: str(t) for c, t in outcomes.dtypes.items()} == {
        "prediction_id": "str", "repaid": "int64", "observed_at": "datetime64[us]"}


def test_rows_ids_and_days(log):
    predictions, _, day = log
    assert len(predictions) == ROWS
    assert predictions.prediction_id.is_unique and predictions.prediction_id.iloc[0] == "p000000001"
    assert predictions.predicted_at.is_monotonic_increasing
    assert sorted(set(day)) == list(range(demo_data.DAYS))
    per_day = np.bincount(day)
    weekend = np.array([(demo_data.START + dt.timedelta(days=d)).weekday() >= 5 for d in range(demo_data.DAYS)])
    # mild weekly seasonality in volume only: weekends 20% quieter, weekdays all alike
    assert per_day[weekend].mean() / per_day[~weekend].mean() == pytest.approx(0.8, abs=0.01)
    assert per_day[~weekend].max() - per_day[~weekend].min() <= 1
    seconds = (predictions.predicted_at - predictions.predicted_at.dt.normalize()).dt.total_seconds()
    assert seconds.min() < 600 and seconds.max() > 86_400 - 600  # spread over the whole day


def test_model_version_changes_on_day_60(log):
    predictions, _, day = log
    assert set(predictions.model_version[day < 60]) == {"v1"}
    assert set(predictions.model_version[day >= 60]) == {"v2"}


def test_scores_labels_and_values_are_finite(log):
    predictions, _, _ = log
    assert ((predictions.y_pred_proba > 0) & (predictions.y_pred_proba < 1)).all()
    assert (predictions.y_pred == (predictions.y_pred_proba >= 0.5)).all()
    numbers = predictions.select_dtypes("number").drop(columns="employment_years").to_numpy(float)
    assert np.isfinite(numbers).all()
    assert np.isfinite(predictions.employment_years.dropna().to_numpy(float)).all()
    nulls = predictions.isna().sum()
    assert set(nulls[nulls > 0].index) == {"employment_years"}
    assert predictions.debt_to_income_ratio.between(0, 1.5).all()
    assert predictions.credit_score.between(300, 850).all()
    assert set(predictions.loan_term_months) == {36, 48, 60, 72}
    assert (predictions.annual_income % 100 == 0).all()
    assert predictions.vehicle_make.nunique() == 26 and predictions.region.nunique() == 10


# --- outcomes ---------------------------------------------------------------------------------

def test_labels_arrive_1_to_45_days_late_and_10_percent_never(log):
    predictions, outcomes, day = log
    assert outcomes.prediction_id.is_unique and outcomes.prediction_id.isin(predictions.prediction_id).all()
    assert set(outcomes.repaid) == {0, 1}
    joined = outcomes.merge(predictions[["prediction_id", "predicted_at"]], on="prediction_id")
    delay_days = (joined.observed_at - joined.predicted_at).dt.total_seconds() / 86_400
    assert delay_days.min() >= 1 and delay_days.max() <= 45
    assert 0.45 < delay_days[day_index(joined.predicted_at) < 40].mean() / 23 < 1.05  # uniform: mean 23
    assert (outcomes.observed_at < CUT).all()
    labeled = predictions.prediction_id.isin(outcomes.prediction_id).to_numpy()
    # old enough for every label to have arrived by the cut: only the 10% never labeled miss
    assert 1 - labeled[day < demo_data.DAYS - 45].mean() == pytest.approx(0.10, abs=0.01)
    # the last day: nothing has arrived yet
    assert not labeled[day == demo_data.DAYS - 1].any()


def _auc(score: np.ndarray, label: np.ndarray) -> float:
    ranks = pd.Series(score).rank().to_numpy()
    positives = label.sum()
    return (ranks[label == 1].sum() - positives * (positives + 1) / 2) / (positives * (len(label) - positives))


def test_scores_are_calibrated_until_the_concept_drift_then_discriminate_less():
    predictions, outcomes = demo_data.generate(rows=300_000, seed=7)
    joined = predictions.merge(outcomes, on="prediction_id")
    day = day_index(joined.predicted_at)
    # before the first incident that moves scores (credit_score, day 45): P(repaid=1) = score
    clean = joined[day < INCIDENT["mean_shift"].first_day]
    deciles = pd.qcut(clean.y_pred_proba, 10)
    calibration = clean.groupby(deciles, observed=True).agg(score=("y_pred_proba", "mean"), rate=("repaid", "mean"))
    assert (calibration.score - calibration.rate).abs().max() < 0.03
    before, after = clean, joined[day >= demo_data.CONCEPT_DRIFT_FIRST_DAY]
    auc_before = _auc(before.y_pred_proba.to_numpy(), before.repaid.to_numpy())
    auc_after = _auc(after.y_pred_proba.to_numpy(), after.repaid.to_numpy())
    assert auc_before - auc_after > 0.1, (auc_before, auc_after)


# --- incidents, and only incidents --------------------------------------------------------------

def test_clean_feature_days_stay_far_below_the_warn_threshold(daily_psi):
    clean = {key: psi for key, psi in daily_psi.items() if key[1] not in incident_days(key[0])}
    assert len(clean) == 13 * demo_data.DAYS - sum(i.last_day - i.first_day + 1 for i in demo_data.INCIDENTS)
    worst = max(clean, key=clean.get)
    assert clean[worst] < 0.05, (worst, clean[worst])


@pytest.mark.parametrize("name", ["mean_shift", "unit_error", "mix_shift", "new_category"])
def test_every_day_of_a_distribution_incident_breaches_the_alert_threshold(daily_psi, name):
    incident = INCIDENT[name]
    days = range(incident.first_day, incident.last_day + 1)
    psi = {d: daily_psi[incident.feature, d] for d in days}
    assert min(psi.values()) >= 0.25, psi
    # ... and not one day early or late
    for d in (incident.first_day - 1, incident.last_day + 1):
        if d < demo_data.DAYS:
            assert daily_psi[incident.feature, d] < 0.05


def test_unit_error_multiplies_income_by_1000(log):
    predictions, _, day = log
    incident = INCIDENT["unit_error"]
    during = (day >= incident.first_day) & (day <= incident.last_day)
    reference = predictions.annual_income[day < demo_data.REFERENCE_DAYS].median()
    assert predictions.annual_income[during].median() / reference == pytest.approx(1000, rel=0.05)
    assert predictions.annual_income[during].min() >= 1000 * 1000


def test_mean_shift_lowers_credit_score_by_0_6_sd(log):
    predictions, _, day = log
    incident = INCIDENT["mean_shift"]
    reference = predictions.credit_score[day < demo_data.REFERENCE_DAYS]
    shifted = predictions.credit_score[day >= incident.first_day]
    assert (reference.mean() - shifted.mean()) / reference.std() == pytest.approx(0.6, abs=0.05)


def test_rivian_appears_on_day_50_at_10_percent(log):
    predictions, _, day = log
    incident = INCIDENT["new_category"]
    rivian = (predictions.vehicle_make == "Rivian").to_numpy()
    assert not rivian[day < incident.first_day].any()
    daily = pd.Series(rivian[day >= incident.first_day]).groupby(day[day >= incident.first_day]).mean()
    assert daily.min() >= 0.05 and daily.mean() == pytest.approx(0.10, abs=0.01)


def test_employment_years_null_spike(log):
    predictions, _, day = log
    incident = INCIDENT["null_spike"]
    null = predictions.employment_years.isna().to_numpy()
    during = (day >= incident.first_day) & (day <= incident.last_day)
    assert null[~during].mean() == pytest.approx(0.02, abs=0.005)
    daily = pd.Series(null[during]).groupby(day[during]).mean()
    assert daily.min() > 0.3 and daily.mean() == pytest.approx(0.40, abs=0.03)
    # the values that are present keep their distribution: only the null rate breaches
    assert max(interface_psi(predictions.employment_years[day < demo_data.REFERENCE_DAYS].dropna().to_numpy(float),
                             predictions.employment_years[day == d].dropna().to_numpy(float))
               for d in range(incident.first_day, incident.last_day + 1)) < 0.05


def test_region_mix_shift_moves_shares_to_two_regions(log):
    predictions, _, day = log
    incident = INCIDENT["mix_shift"]
    shares = predictions.region[day >= incident.first_day].value_counts(normalize=True)
    assert shares.index[:2].tolist() == ["north", "south"] and shares.iloc[:2].sum() > 0.6


# --- summarize --------------------------------------------------------------------------------

def _drift_row(feature, day, status, psi=0.0, rows=100, feature_type="numeric", **extra):
    return {"monitor_name": "car_loan", "feature_name": feature, "feature_type": feature_type,
            "window_start": pd.Timestamp(demo_data.START) + pd.Timedelta(days=day),
            "window_end": pd.Timestamp(demo_data.START) + pd.Timedelta(days=day + 1), "row_count": rows,
            "null_rate": extra.pop("null_rate", 0.02), "new_category_rate": extra.pop("new_category_rate", 0.0),
            "psi": psi, "js_distance": 0.0, "drift_status": status, "ks_statistic": 0.1, "ks_pvalue": 0.5,
            "wasserstein": 1.0, "chi2_statistic": 3.0, "chi2_pvalue": 0.4, **extra}


def _hand_built_drift() -> pd.DataFrame:
    """An incident flagged on its first day, one flagged the day after its first, one never;
    a clean flagged day (a false alert), a no_data day and a flagged pseudo-feature (neither is
    a clean day)."""
    return pd.DataFrame([
        _drift_row("credit_score", 44, "ok"),
        _drift_row("credit_score", 45, "alert", psi=0.4),
        _drift_row("credit_score", 46, "alert", psi=0.5),
        _drift_row("vehicle_make", 50, "ok", feature_type="categorical"),
        _drift_row("vehicle_make", 51, "warn", psi=0.05, new_category_rate=0.08, feature_type="categorical"),
        _drift_row("employment_years", 3, "ok", null_rate=0.02),
        _drift_row("employment_years", 70, "alert", psi=0.01, null_rate=0.41),
        _drift_row("annual_income", 60, "ok"),
        _drift_row("car_value", 3, "warn", psi=0.12),
        _drift_row("car_value", 4, "no_data", psi=np.nan, rows=0),
        _drift_row("car_value", 5, "ok"),
        _drift_row("__score__", 5, "alert", psi=0.3),
    ])


def test_summarize_finds_incidents_and_counts_false_alerts():
    summary = demo_summary.summarize(_hand_built_drift())
    found = {f.incident.name: f for f in summary.incidents}
    assert [f.incident for f in summary.incidents] == list(demo_data.INCIDENTS)
    mean_shift = found["mean_shift"]
    assert mean_shift.found and mean_shift.detected_on_first_day and mean_shift.first_flagged_day == 45
    assert mean_shift.first_flagged == dt.date(2026, 2, 19) and mean_shift.metric == "psi" and mean_shift.psi == 0.4
    new_category = found["new_category"]
    assert new_category.first_flagged_day == 51 and not new_category.detected_on_first_day
    assert new_category.metric == "new_category_rate"
    assert found["null_spike"].detected_on_first_day and found["null_spike"].metric == "null_rate"
    assert not found["unit_error"].found and found["unit_error"].first_flagged_day is None
    assert not found["mix_shift"].found
    # clean: credit_score 44, employment_years 3, car_value 3 and 5 (not the no_data day 4,
    # nor __score__); flagged among them: car_value on day 3
    assert (summary.false_alerts, summary.clean_feature_days) == (1, 4)
    assert summary.false_alert_rate == 0.25
    assert summary.flagged_clean == [("car_value", dt.date(2026, 1, 8), "psi")]


def test_summarize_prefers_the_marts_drift_reason():
    drift = _hand_built_drift()
    drift["drift_reason"] = np.where(drift.drift_status.isin(["warn", "alert"]), "ks_pvalue", None)
    summary = demo_summary.summarize(drift)
    assert {f.metric for f in summary.incidents if f.found} == {"ks_pvalue"}


def test_render_lists_every_incident_and_the_false_alerts():
    text = demo_summary.summarize(_hand_built_drift()).render()
    lines = text.splitlines()
    for incident in demo_data.INCIDENTS:
        assert any(incident.name in line and incident.feature in line for line in lines), incident.name
    assert "2026-02-19..2026-04-04" in text and "2026-03-06..2026-03-07" in text
    assert text.count("NOT FOUND") == 2
    assert "1 of 4 clean feature-days flagged (25.00%)" in text
    assert "2026-01-08 car_value: psi" in text
