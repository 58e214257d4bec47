"""A synthetic history of the package's marts, written straight into a DuckDB file (no dbt): for
the report's size test, 100 features x 365 daily windows. Columns and types as the marts declare
them (models/marts/_marts.yml); values random but shaped like real ones (full-precision doubles,
bin counts of a few thousand rows, thresholds, alerts where psi breaches them, SLOs, latency)."""
from __future__ import annotations

from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

MONITOR = "synthetic"
START = pd.Timestamp("2025-01-01")

_TABLES = {
    "model_monitor__feature_drift": """
        monitor_name varchar, feature_name varchar, feature_type varchar, window_start timestamp,
        window_end timestamp, row_count bigint, null_count bigint, null_rate double, invalid_count bigint,
        new_category_rate double, psi double, js_distance double, hellinger double, kl_divergence double,
        wasserstein double, ks_statistic double, ks_pvalue double, chi2_statistic double, chi2_pvalue double,
        drift_status varchar, drift_reason varchar, null_rate_increase double, reference_start timestamp,
        reference_end timestamp, reference_row_count bigint, reference_null_rate double,
        ks_error_bound double, wasserstein_error_bound double""",
    "model_monitor__feature_histograms": """
        monitor_name varchar, feature_name varchar, feature_type varchar, window_start timestamp,
        window_end timestamp, is_reference boolean, bin_index bigint, bin_label varchar, lower_edge double,
        upper_edge double, row_count bigint, period_row_count bigint, period_null_count bigint,
        period_invalid_count bigint""",
    "model_monitor__new_categories": """
        monitor_name varchar, feature_name varchar, window_start timestamp, window_end timestamp,
        category varchar, row_count bigint, category_rank bigint""",
    "model_monitor__metrics": """
        monitor_name varchar, window_start timestamp, window_end timestamp, subject varchar,
        metric_name varchar, metric_value double, warn_threshold double, alert_threshold double,
        status varchar, metric_group varchar""",
    "model_monitor__alerts": """
        monitor_name varchar, window_start timestamp, window_end timestamp, subject varchar,
        metric_name varchar, metric_value double, threshold double, severity varchar, metric_group varchar,
        owner varchar, response varchar""",
    "model_monitor__performance": """
        monitor_name varchar, model_version varchar, window_start timestamp, window_end timestamp,
        segment_name varchar, segment_value varchar, prediction_count bigint, labeled_count bigint,
        invalid_score_count bigint, evaluated_count bigint, label_coverage double, accuracy double,
        roc_auc double, est_accuracy double, est_roc_auc double, performance_status varchar""",
    "model_monitor__freshness": """
        monitor_name varchar, measured_at timestamp, last_prediction_at timestamp, last_outcome_at timestamp,
        prediction_lag_seconds bigint, outcome_lag_seconds bigint, freshness_status varchar,
        freshness_reason varchar""",
    "model_monitor__slos": """
        monitor_name varchar, slo_name varchar, window_start timestamp, window_end timestamp,
        window_status varchar, objective double, period_windows bigint, short_windows bigint,
        long_windows bigint, good_windows bigint, total_windows bigint, sli double,
        error_budget_remaining double, short_burn_rate double, long_burn_rate double, slo_status varchar""",
    "model_monitor__operational_metrics": """
        monitor_name varchar, window_start timestamp, window_end timestamp, subject varchar,
        metric_name varchar, metric_value double, warn_threshold double, alert_threshold double, status varchar""",
    "model_monitor__prediction_quality": """
        monitor_name varchar, measured_at timestamp, prediction_rows bigint, null_timestamp_rows bigint,
        null_prediction_id_rows bigint, duplicate_prediction_rows bigint""",
    "model_monitor__outcome_quality": """
        monitor_name varchar, measured_at timestamp, outcome_rows bigint, outcome_ids bigint,
        duplicate_outcome_rows bigint, unknown_prediction_outcome_rows bigint, null_label_rows bigint,
        invalid_label_rows bigint, invalid_label_example varchar, late_outcome_rows bigint""",
    "model_monitor__model_versions": """
        monitor_name varchar, window_start timestamp, window_end timestamp, model_version varchar,
        version_role varchar, is_expected boolean, prediction_count bigint, first_prediction_at timestamp,
        last_prediction_at timestamp, served_share double""",
    "model_monitor__pipeline_runs": """
        invocation_id varchar, command varchar, run_started_at timestamp, models_run bigint,
        models_succeeded bigint, models_failed bigint, models_skipped bigint, run_succeeded boolean""",
    "model_monitor__champion_challenger": """
        monitor_name varchar, window_start timestamp, model_version_a varchar, model_version_b varchar,
        shared_prediction_count bigint, mean_absolute_score_difference double, decision_disagreement_rate double""",
}


def write_synthetic_marts(path: Path, features: int = 100, windows: int = 365, bins: int = 10,
                          seed: int = 3) -> dict[str, int]:
    """Create the marts in ``path`` (schema main); returns the row count per table."""
    rng = np.random.default_rng(seed)
    days = START + pd.to_timedelta(np.arange(windows), unit="D")
    ends = days + pd.Timedelta(days=1)
    ref_start, ref_end = START - pd.Timedelta(days=30), START
    drift, hist, metrics = [], [], []
    for f in range(features):
        name = f"feature_{f:03d}"
        categorical = f % 2 == 1
        ftype = "categorical" if categorical else "numeric"
        n = len(days)
        rows = rng.integers(15_000, 25_000, n)
        nulls = rng.binomial(rows, 0.01)
        psi = rng.gamma(2.0, 0.02, n)
        psi[rng.random(n) < 0.03] *= 8  # a few breaches
        status = np.where(psi >= 0.25, "alert", np.where(psi >= 0.1, "warn", "ok"))
        frame = pd.DataFrame({
            "feature_name": name, "feature_type": ftype, "window_start": days, "window_end": ends,
            "row_count": rows, "null_count": nulls, "null_rate": nulls / rows, "invalid_count": 0,
            "new_category_rate": rng.random(n) * 0.01 if categorical else np.nan,
            "psi": psi, "js_distance": np.sqrt(psi) / 3, "hellinger": np.sqrt(psi) / 2.5, "kl_divergence": psi / 2,
            "wasserstein": np.nan if categorical else rng.gamma(2.0, 5.0, n),
            "ks_statistic": np.nan if categorical else rng.random(n) * 0.1,
            "ks_pvalue": np.nan if categorical else rng.random(n) ** 4,
            "chi2_statistic": rng.gamma(3.0, 10.0, n) if categorical else np.nan,
            "chi2_pvalue": rng.random(n) ** 4 if categorical else np.nan,
            "drift_status": status, "drift_reason": np.where(status == "ok", None, "psi"),
            "null_rate_increase": nulls / rows - 0.01, "reference_start": ref_start, "reference_end": ref_end,
            "reference_row_count": 600_000, "reference_null_rate": 0.01, "ks_error_bound": 0.0,
            "wasserstein_error_bound": 0.0})
        drift.append(frame)
        for stat, warn, alert in (("psi", 0.1, 0.25), ("null_rate_increase", 0.05, 0.10)):
            metrics.append(pd.DataFrame({"window_start": days, "window_end": ends, "subject": name,
                                         "metric_name": stat, "metric_value": frame[stat],
                                         "warn_threshold": warn, "alert_threshold": alert,
                                         "status": np.where(frame[stat] >= alert, "alert",
                                                            np.where(frame[stat] >= warn, "warn", "ok")),
                                         "metric_group": "drift" if stat == "psi" else "data_quality"}))
        # histograms: the reference's bins and every window's counts
        nb = bins + 2 if categorical else bins  # categorical: `bins` categories, __other__, __unseen__
        if categorical:
            labels = [f"category_{c}" for c in range(bins)] + ["__other__", "__unseen__"]
            lower = upper = [None] * nb
        else:
            edges = np.concatenate([[-np.inf], np.sort(rng.normal(100, 20, bins - 1)), [np.inf]])
            labels = [f"[{edges[b]:.6g}, {edges[b + 1]:.6g})" for b in range(bins)]
            lower, upper = list(edges[:-1]), list(edges[1:])
        shares = rng.dirichlet(np.full(nb, 8.0))
        ref_counts = rng.multinomial(594_000, shares)
        hist.append(pd.DataFrame({"feature_name": name, "feature_type": ftype, "window_start": ref_start,
                                  "window_end": ref_end, "is_reference": True, "bin_index": np.arange(nb),
                                  "bin_label": labels, "lower_edge": lower, "upper_edge": upper,
                                  "row_count": ref_counts, "period_row_count": 600_000,
                                  "period_null_count": 6_000, "period_invalid_count": 0}))
        counts = np.stack([rng.multinomial(r - k, shares) for r, k in zip(rows, nulls)])
        hist.append(pd.DataFrame({"feature_name": name, "feature_type": ftype,
                                  "window_start": np.repeat(days, nb), "window_end": np.repeat(ends, nb),
                                  "is_reference": False, "bin_index": np.tile(np.arange(nb), n),
                                  "bin_label": np.tile(labels, n), "lower_edge": np.tile(lower, n),
                                  "upper_edge": np.tile(upper, n), "row_count": counts.ravel(),
                                  "period_row_count": np.repeat(rows, nb), "period_null_count": np.repeat(nulls, nb),
                                  "period_invalid_count": 0}))
    drift_df = pd.concat(drift, ignore_index=True)
    hist_df = pd.concat(hist, ignore_index=True)
    metrics_df = pd.concat(metrics, ignore_index=True)
    alerts_df = metrics_df[metrics_df.status != "ok"].rename(columns={"status": "severity"})
    alerts_df = alerts_df.assign(threshold=np.where(alerts_df.severity == "alert", alerts_df.alert_threshold,
                                                    alerts_df.warn_threshold))
    n = len(days)
    labeled = np.clip(np.linspace(1.0, 0.0, n) + rng.normal(0, 0.02, n), 0, 1)
    perf_df = pd.DataFrame({"model_version": "v1", "window_start": days, "window_end": ends,
                            "segment_name": "__all__", "segment_value": "__all__", "prediction_count": 20_000,
                            "labeled_count": (labeled * 20_000).astype(int), "invalid_score_count": 0,
                            "evaluated_count": (labeled * 20_000).astype(int), "label_coverage": labeled,
                            "accuracy": 0.8 + rng.normal(0, 0.01, n), "roc_auc": 0.85 + rng.normal(0, 0.01, n),
                            "est_accuracy": 0.8 + rng.normal(0, 0.005, n), "est_roc_auc": 0.85 + rng.normal(0, 0.005, n),
                            "performance_status": "ok"})
    slo_df = pd.DataFrame({"slo_name": "drift_ok", "window_start": days, "window_end": ends,
                           "window_status": "ok", "objective": 0.9, "period_windows": 28, "short_windows": 1,
                           "long_windows": 6, "good_windows": 27, "total_windows": 28, "sli": 27 / 28,
                           "error_budget_remaining": rng.random(n), "short_burn_rate": rng.random(n) * 2,
                           "long_burn_rate": rng.random(n), "slo_status": "ok"})
    ops = [pd.DataFrame({"window_start": days, "window_end": ends, "subject": "__all__", "metric_name": metric,
                         "metric_value": rng.gamma(3.0, scale, n), "warn_threshold": None,
                         "alert_threshold": None, "status": "ok"})
           for metric, scale in (("latency_p50", 20.0), ("latency_p95", 60.0), ("latency_p99", 90.0),
                                 ("cost_per_1000_predictions", 0.3))]
    fresh_df = pd.DataFrame({"measured_at": [days[-1] + pd.Timedelta(days=1)],
                             "last_prediction_at": [days[-1] + pd.Timedelta(hours=23, minutes=59)],
                             "last_outcome_at": [days[-1] + pd.Timedelta(hours=20)],
                             "prediction_lag_seconds": [60], "outcome_lag_seconds": [14_400],
                             "freshness_status": ["ok"], "freshness_reason": [None]})
    versions_df = pd.DataFrame({"window_start": days, "window_end": ends, "model_version": "v1",
                                "version_role": "served", "is_expected": True, "prediction_count": 1000,
                                "first_prediction_at": days, "last_prediction_at": ends - pd.Timedelta(seconds=1),
                                "served_share": 1.0})
    failed = rng.random(n) < 0.02
    runs_df = pd.DataFrame({"invocation_id": [f"run-{i:04d}" for i in range(n)], "command": "build",
                            "run_started_at": ends + pd.Timedelta(hours=1), "models_run": 25,
                            "models_succeeded": np.where(failed, 20, 25), "models_failed": failed.astype(int),
                            "models_skipped": np.where(failed, 4, 0), "run_succeeded": ~failed})
    frames = {"model_monitor__feature_drift": drift_df, "model_monitor__model_versions": versions_df,
              "model_monitor__pipeline_runs": runs_df, "model_monitor__feature_histograms": hist_df,
              "model_monitor__metrics": metrics_df, "model_monitor__alerts": alerts_df,
              "model_monitor__performance": perf_df, "model_monitor__freshness": fresh_df,
              "model_monitor__slos": slo_df, "model_monitor__operational_metrics": pd.concat(ops, ignore_index=True)}
    counts = {}
    with duckdb.connect(str(path)) as con:
        for table, columns in _TABLES.items():
            names = [c.split()[0] for c in " ".join(columns.split()).split(", ")]
            con.execute(f"create or replace table main.{table} ({columns})")
            frame = frames.get(table)
            if frame is not None:
                frame = frame.assign(monitor_name=MONITOR)[[c for c in names if c in frame.columns or c == "monitor_name"]]
                con.register("frame", frame)
                con.execute(f"insert into main.{table} ({', '.join(frame.columns)}) select * from frame")
                con.unregister("frame")
            counts[table] = con.execute(f"select count(*) from main.{table}").fetchone()[0]
    return counts
