"""The demo end to end on DuckDB: every injected incident is flagged on its first day with the
default thresholds, at most 2% of clean feature-days are flagged, and the concept drift shows in
realized but not in estimated performance. (The generated data itself: test_demo_data.py.)"""
from __future__ import annotations

import datetime as dt

import pandas as pd

from model_monitor import demo_data
from model_monitor.cli import main
from report_fixtures import demo_report  # noqa: F401  (fixture: the demo, run once)


def _date(day: int) -> dt.date:
    return (demo_data.START + dt.timedelta(days=day)).date()


def test_demo_finds_every_incident_on_its_first_day(demo_report):
    """`model-monitor demo` as a user runs it (the run the report tests read, built once)."""
    summary = demo_report.summary()
    db = demo_report.db
    for finding in summary.incidents:
        assert finding.detected_on_first_day, (finding.incident.name, finding.first_flagged)
    assert summary.clean_feature_days > 1000
    assert summary.false_alert_rate <= 0.02, summary.render()
    # the concept drift shows in realized performance on its first day, not in the estimates
    perf = summary.performance
    assert perf.first_realized_drop == _date(demo_data.CONCEPT_DRIFT_FIRST_DAY), summary.render()
    assert perf.realized_before - perf.realized_after > 0.08
    assert abs(perf.estimated_before - perf.estimated_after) < 0.01
    # ... while the estimates do follow what the scores reveal: the credit_score mean shift
    mean_shift = next(i for i in demo_data.INCIDENTS if i.name == "mean_shift")
    assert perf.first_estimated_drop == _date(mean_shift.first_day)
    # the release gate (dbt test of the drift gates) passes on a clean day and stops every incident's
    # first day, naming the incident's feature
    gate = summary.gate
    assert gate.stops_every_incident, gate.render()
    assert [c.incident for c in gate.checks] == [None] + [i.name for i in demo_data.INCIDENTS]
    for check, incident in zip(gate.checks[1:], demo_data.INCIDENTS):
        assert check.date == _date(incident.first_day) and not check.passed
        assert any(incident.feature in features for features in check.failures.values()), gate.render()
    assert gate.checks[0].passed and gate.checks[0].failures == {}
    _assert_profile_accuracy(db)
    _assert_fresh_as_of_the_last_day(db)
    _assert_only_the_demo_monitor(db)


def _assert_only_the_demo_monitor(db) -> None:
    """The demo database holds the demo monitor alone: the integration project's test fixtures
    (their monitors, tables and seeds) stay out of it, and no alert comes from freshness."""
    import duckdb

    with duckdb.connect(str(db), read_only=True) as con:
        monitors = {r[0] for mart in ("feature_drift", "metrics", "alerts", "status")
                    for r in con.execute(f"select distinct monitor_name from model_monitor__{mart}").fetchall()}
        tables = {r[0] for r in con.execute("select table_name from information_schema.tables").fetchall()}
        freshness_alerts = con.execute("select count(*) from model_monitor__alerts "
                                       "where metric_group = 'freshness'").fetchone()[0]
    assert monitors == {"car_loan"}, monitors
    assert not {t for t in tables if t.startswith(("fixture_", "expected_"))}, tables
    assert freshness_alerts == 0


def _assert_fresh_as_of_the_last_day(db) -> None:
    """The demo judges freshness as of the end of its log's last day (model_monitor_as_of), not
    by today's calendar, which would put the months-old log in alert."""
    import duckdb

    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute("select measured_at, freshness_status, prediction_lag_seconds "
                           "from model_monitor__freshness where monitor_name = 'car_loan'").fetchall()
    end = pd.Timestamp(demo_data.START) + pd.Timedelta(days=demo_data.DAYS)
    assert len(rows) == 1 and pd.Timestamp(rows[0][0]) == end, rows
    assert rows[0][1] == "ok" and rows[0][2] < 3600, rows


def _assert_profile_accuracy(db) -> None:
    """The demo's default (profile) drift against scipy on the raw log: KS within 0.005 and
    Wasserstein within 1% of the reference's standard deviation, both within the stored bounds."""
    import duckdb
    import numpy as np
    from scipy import stats

    with duckdb.connect(str(db), read_only=True) as con:
        log = con.execute("select * from demo.loan_predictions").df()
        drift = con.execute("select * from model_monitor__feature_drift where monitor_name = 'car_loan' "
                            "and feature_type = 'numeric' and ks_statistic is not null").df()
    days = log.predicted_at.dt.floor("D")
    reference = log[(log.predicted_at >= "2026-01-05") & (log.predicted_at < "2026-02-04")]
    assert len(drift) > 500
    for row in drift.itertuples():
        column = "y_pred_proba" if row.feature_name == "__score__" else row.feature_name
        a, b = reference[column].to_numpy(float), log[days == row.window_start][column].to_numpy(float)
        a, b = a[np.isfinite(a)], b[np.isfinite(b)]
        ks, w = stats.ks_2samp(a, b).statistic, stats.wasserstein_distance(a, b)
        where = (row.feature_name, row.window_start)
        assert abs(row.ks_statistic - ks) <= min(0.005, row.ks_error_bound + 1e-12), (where, row.ks_statistic, ks)
        assert abs(row.wasserstein - w) <= min(0.01 * a.std(), row.wasserstein_error_bound * (1 + 1e-9) + 1e-9 * max(1, w)), \
            (where, row.wasserstein, w)


def test_generate_command_writes_both_tables(tmp_path, capsys):
    import duckdb

    db = tmp_path / "log.duckdb"
    assert main(["generate", "--rows", "9_000", "--seed", "3", "--db", str(db)]) == 0
    assert "generated 9,000 predictions" in capsys.readouterr().out
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("select count(*) from demo.loan_predictions").fetchone() == (9_000,)
        written = con.execute("select * from demo.loan_outcomes order by prediction_id").df()
    _, outcomes = demo_data.generate(rows=9_000, seed=3)
    assert written.prediction_id.tolist() == outcomes.prediction_id.tolist()
