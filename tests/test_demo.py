"""The demo end to end: every injected incident is flagged on its first day with the default
thresholds, and at most 2% of clean feature-days are flagged."""
from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from model_monitor import demo
from model_monitor.cli import run_demo
from reference_stats import interface_psi


def test_demo_finds_every_incident_on_its_first_day(tmp_path):
    summary = run_demo(rows=90_000, db=tmp_path / "demo.duckdb", quiet=True)
    for finding in summary.incidents:
        assert finding.detected_on_first_day, (finding.incident.name, finding.first_flagged)
    assert summary.clean_feature_days > 1000
    assert summary.false_alert_rate <= 0.02, summary.render()
    # the concept drift shows in realized performance on its first day, not in the estimates
    perf = summary.performance
    drift_day = (demo.START + dt.timedelta(days=demo.CONCEPT_DRIFT_FIRST_DAY)).date()
    assert perf.first_realized_drop == drift_day, summary.render()
    assert perf.realized_before - perf.realized_after > 0.08
    assert abs(perf.estimated_before - perf.estimated_after) < 0.01
    # ... while the estimates do follow what the scores reveal: the credit_score mean shift
    mean_shift = next(i for i in demo.INCIDENTS if i.name == "mean_shift")
    assert perf.first_estimated_drop == (demo.START + dt.timedelta(days=mean_shift.first_day)).date()


def test_generator_is_deterministic_and_has_the_documented_shape():
    p1, o1 = demo.generate(rows=9_000, seed=3)
    p2, o2 = demo.generate(rows=9_000, seed=3)
    pd.testing.assert_frame_equal(p1, p2)
    pd.testing.assert_frame_equal(o1, o2)
    assert len(p1) == 9_000 and p1.prediction_id.is_unique
    days = (p1.predicted_at - pd.Timestamp(demo.START)).dt.days
    assert days.min() == 0 and days.max() == demo.DAYS - 1 and days.nunique() == demo.DAYS
    assert set(p1.model_version[days < 60]) == {"v1"} and set(p1.model_version[days >= 60]) == {"v2"}
    assert len([c for c in p1.columns if c not in {"prediction_id", "predicted_at", "model_version",
                                                  "y_pred_proba", "y_pred"}]) >= 10
    assert ((p1.y_pred_proba > 0) & (p1.y_pred_proba < 1)).all()
    assert (p1.y_pred == (p1.y_pred_proba >= 0.5)).all()


def test_outcomes_arrive_late_and_some_never():
    predictions, outcomes = demo.generate(rows=90_000, seed=5)
    joined = outcomes.merge(predictions[["prediction_id", "predicted_at"]], on="prediction_id")
    delay_days = (joined.observed_at - joined.predicted_at).dt.total_seconds() / 86_400
    assert delay_days.min() >= 1 and delay_days.max() <= 45
    assert (joined.observed_at < pd.Timestamp(demo.START + dt.timedelta(days=demo.DAYS))).all()
    # predictions old enough for every label to have arrived: ~10% never labeled
    early = predictions[(predictions.predicted_at - pd.Timestamp(demo.START)).dt.days < 40]
    share = early.prediction_id.isin(outcomes.prediction_id).mean()
    assert 0.88 < share < 0.92


def test_incidents_are_real_in_the_data_and_clean_days_are_clean():
    predictions, _ = demo.generate(rows=90_000, seed=7)
    day = (predictions.predicted_at - pd.Timestamp(demo.START)).dt.days
    reference = predictions[day < demo.REFERENCE_DAYS]
    incidents = {i.name: i for i in demo.INCIDENTS}
    for feature in ["car_value", "debt_to_income_ratio", "credit_score", "annual_income"]:
        for d in range(demo.DAYS):
            hit = [i for i in demo.INCIDENTS if i.feature == feature and i.first_day <= d <= i.last_day]
            psi = interface_psi(reference[feature].to_numpy(float), predictions[day == d][feature].to_numpy(float))
            # incident days reach the warn threshold (0.1) even at ~1,000 rows a day
            assert (psi >= 0.1) if hit else (psi < 0.05), (feature, d, psi)
    employment = predictions.employment_years.isna()
    spike = incidents["null_spike"]
    assert 0.35 < employment[day.between(spike.first_day, spike.last_day)].mean() < 0.45
    assert employment[~day.between(spike.first_day, spike.last_day)].mean() < 0.03
    new = incidents["new_category"]
    rivian = predictions.vehicle_make == "Rivian"
    assert not rivian[day < new.first_day].any() and 0.08 < rivian[day >= new.first_day].mean() < 0.12


def test_summarize_counts_found_incidents_and_false_alerts():
    """On a hand-built drift table: an incident flagged on its first day, one clean flagged
    day (a false alert), a no_data day that is not a clean day, and a missed incident."""
    def row(feature, day, status, reason=None, rows=100, psi=0.0):
        return {"monitor_name": "car_loan", "feature_name": feature, "feature_type": "numeric",
                "window_start": pd.Timestamp(demo.START) + pd.Timedelta(days=day), "row_count": rows,
                "drift_status": status, "drift_reason": reason, "psi": psi, "ks_statistic": 0.1,
                "ks_pvalue": 0.5, "wasserstein": 1.0}
    rows = [row("credit_score", 45, "alert", "psi", psi=0.4), row("credit_score", 44, "ok"),
            row("car_value", 3, "warn", "psi", psi=0.12), row("car_value", 4, "no_data", rows=0),
            row("car_value", 5, "ok"), row("annual_income", 60, "ok")]
    summary = demo.summarize(pd.DataFrame(rows))
    found = {f.incident.name: f for f in summary.incidents}
    assert found["mean_shift"].detected_on_first_day and found["mean_shift"].metric == "psi"
    assert not found["unit_error"].found
    assert summary.false_alerts == 1 and summary.clean_feature_days == 3
    assert summary.flagged_clean == [("car_value", (demo.START + dt.timedelta(days=3)).date(), "psi")]
    assert "NOT FOUND" in summary.render() and "1 of 3 clean feature-days" in summary.render()
