"""Confidence-based estimates (CBPE) against realized metrics.

With calibrated scores (labels drawn as Bernoulli(score)) the estimates must fall within the
sampling error of the realized metrics in every window; with miscalibrated scores they must not,
so the test can fail. Standard errors: accuracy and precision from the Bernoulli variances of
the labels given the scores (exact), AUC from Hanley and McNeil (1982).
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

WINDOWS, ROWS = 12, 1500


def _load(engine, calibrated: bool):
    rng = np.random.default_rng(21 if calibrated else 22)
    n = WINDOWS * ROWS
    day = np.repeat(np.arange(WINDOWS), ROWS)
    score = rng.beta(2, 2, n)
    truth = score if calibrated else score ** 2  # miscalibrated: true probability is score^2
    ts = pd.Timestamp("2024-05-01") + pd.to_timedelta(day * 86400 + rng.integers(0, 86400, n), unit="s")
    ids = [f"p{i}" for i in range(n)]
    engine.load_table(engine.oracle_schema, "predictions", pd.DataFrame(
        {"prediction_id": ids, "predicted_at": ts, "score": score, "x": rng.normal(size=n)}))
    engine.load_table(engine.oracle_schema, "outcomes", pd.DataFrame(
        {"prediction_id": ids, "repaid": (rng.random(n) < truth).astype(int),
         "observed_at": ts + pd.Timedelta(days=2)}))
    monitor = {"name": "cbpe", "predictions": {"source": ["oracle", "predictions"]}, "id_column": "prediction_id",
               "timestamp_column": "predicted_at", "task": "binary_classification", "score_column": "score",
               "features": {"numeric": ["x"]}, "window": "day", "reference": {"start": "2024-05-01", "end": "2024-05-02"},
               "outcomes": {"relation": {"source": ["oracle", "outcomes"]}, "id_column": "prediction_id",
                            "label_column": "repaid", "timestamp_column": "observed_at"}}
    run = engine.dbt("build", "--select", "package:model_monitor", vars={"model_monitor": {"monitors": [monitor]}})
    assert run.success, run.messages[-6000:]
    performance = engine.table("model_monitor__performance")
    performance = performance[performance.segment_name == "__all__"].sort_values("window_start")
    return performance, pd.DataFrame({"day": day, "score": score})


def _z_scores(performance, scores):
    """|estimate - realized| / standard error, per window and metric."""
    z = []
    for (_, row), (_, g) in zip(performance.iterrows(), scores.groupby("day")):
        p = g.score.to_numpy()
        positive = p >= 0.5
        se_accuracy = np.sqrt(np.sum(p * (1 - p))) / len(p)
        se_precision = np.sqrt(np.sum(p[positive] * (1 - p[positive]))) / positive.sum()
        auc = row.roc_auc
        n_pos = np.sum(p)  # expected positives, for the AUC error's scale
        n_neg = len(p) - n_pos
        q1, q2 = auc / (2 - auc), 2 * auc ** 2 / (1 + auc)
        se_auc = np.sqrt((auc * (1 - auc) + (n_pos - 1) * (q1 - auc ** 2) + (n_neg - 1) * (q2 - auc ** 2))
                         / (n_pos * n_neg))
        z.append({"accuracy": abs(row.est_accuracy - row.accuracy) / se_accuracy,
                  "precision": abs(row.est_precision - row.precision) / se_precision,
                  "roc_auc": abs(row.est_roc_auc - row.roc_auc) / se_auc})
    return pd.DataFrame(z)


def test_estimates_fall_within_sampling_error_when_scores_are_calibrated(engine):
    performance, scores = _load(engine, calibrated=True)
    assert len(performance) == WINDOWS and performance.labeled_count.min() == ROWS
    z = _z_scores(performance, scores)
    assert (z < 4).all().all(), z.describe()


def test_estimates_miss_when_scores_are_miscalibrated(duckdb_engine):
    performance, scores = _load(duckdb_engine, calibrated=False)
    z = _z_scores(performance, scores)
    # with true probability score^2 the estimated precision is far off in every window (accuracy
    # errors of the two decision sides happen to cancel for a symmetric Beta(2, 2) score)
    assert (z["precision"] > 4).all() and (z.max(axis=1) > 4).all(), z.describe()
