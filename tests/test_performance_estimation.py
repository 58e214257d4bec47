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

# What these tests read: the performance mart with its parents, and the monitor state (the
# package's leaf, whose record of the configuration stops a changed one); the other marts are
# tested elsewhere.
PERFORMANCE_AND_STATE = ("+model_monitor__performance", "model_monitor__monitor_state")


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
    run = engine.dbt("build", "--select", *PERFORMANCE_AND_STATE, vars={"model_monitor": {"monitors": [monitor]}})
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


# -- calibrated estimates (estimation: {calibration: histogram_binning}) ----------------------------

CAL_DAYS, CAL_ROWS, CAL_REFERENCE_DAYS, CAL_BINS = 9, 800, 3, 10


def _calibration_data() -> tuple[pd.DataFrame, pd.DataFrame]:
    """A miscalibrated model (true probability score^2) under covariate shift: the reference's
    scores follow Beta(2, 3) and stay below 0.9 (the last bin is empty, so its scores stay raw),
    later days' follow Beta(4, 2). Also: invalid scores (NULL, infinite, outside [0, 1]) in the
    reference and the windows, a reference prediction scored twice (the later row counts), scores
    0 and 1 exactly, missing outcomes and NULL labels."""
    rng = np.random.default_rng(31)
    rows = []
    for day in range(CAL_DAYS):
        score = rng.beta(2, 3, CAL_ROWS) if day < CAL_REFERENCE_DAYS else rng.beta(4, 2, CAL_ROWS)
        if day < CAL_REFERENCE_DAYS:
            score = np.minimum(score, 0.8999)
        score = score.astype(object)
        score[:7] = [None, np.nan, np.inf, -0.1, 1.5, 0.0, 1.0 if day >= CAL_REFERENCE_DAYS else 0.5]
        ts = pd.Timestamp("2024-06-01") + pd.Timedelta(days=day) + pd.to_timedelta(rng.integers(0, 86400, CAL_ROWS), unit="s")
        rows.append(pd.DataFrame({"prediction_id": [f"d{day}_{i}" for i in range(CAL_ROWS)], "predicted_at": ts,
                                  "score": score, "x": rng.normal(size=CAL_ROWS)}))
    predictions = pd.concat(rows, ignore_index=True)
    # the first prediction of day 0 scored again an hour later, with another score: that row counts
    again = predictions.iloc[[10]].copy()
    again["predicted_at"] += pd.Timedelta(hours=1)
    again["score"] = 0.85
    predictions = pd.concat([predictions, again], ignore_index=True)
    valid = pd.to_numeric(predictions.score, errors="coerce").clip(0, 1).fillna(0.5).to_numpy(dtype=float)
    label = (rng.random(len(predictions)) < valid ** 2).astype(float)
    outcomes = pd.DataFrame({"prediction_id": predictions.prediction_id, "repaid": label,
                             "observed_at": predictions.predicted_at + pd.Timedelta(days=1)})
    outcomes = outcomes.drop_duplicates("prediction_id", keep="last")
    keep = rng.random(len(outcomes)) > 0.05  # 5% never labeled
    outcomes = outcomes[keep].reset_index(drop=True)
    outcomes["repaid"] = outcomes.repaid.astype(object)
    outcomes.loc[outcomes.index[::97], "repaid"] = None  # NULL labels
    return predictions, outcomes


def _expected_estimates(predictions: pd.DataFrame, outcomes: pd.DataFrame, calibrate: bool) -> pd.DataFrame:
    """est_* per day from numpy and scikit-learn: the latest row per prediction id; a score valid
    when finite and in [0, 1]; calibration = the mean label per equal-width bin of the reference's
    labeled valid scores (the raw score where a bin has none); est_roc_auc = the AUC of each valid
    prediction counted as positive with weight p and negative with weight 1 - p, ranked by score."""
    from sklearn.metrics import roc_auc_score

    latest = predictions.sort_values(["predicted_at"]).drop_duplicates("prediction_id", keep="last")
    joined = latest.merge(outcomes, on="prediction_id", how="left")
    joined["repaid"] = pd.to_numeric(joined.repaid)
    s = pd.to_numeric(joined.score).to_numpy(dtype=float)  # NULL and NaN both invalid
    valid = np.isfinite(s) & (s >= 0) & (s <= 1)
    day = (joined.predicted_at - pd.Timestamp("2024-06-01")).dt.days.to_numpy()
    p = s.copy()
    if calibrate:
        bins = np.minimum(np.floor(np.where(valid, s, 0) * CAL_BINS), CAL_BINS - 1)
        ref = valid & (day < CAL_REFERENCE_DAYS) & joined.repaid.notna().to_numpy()
        table = pd.Series(joined.repaid.to_numpy()[ref]).groupby(bins[ref]).mean()
        p = np.where(valid, [table.get(b, v) for b, v in zip(bins, s)], np.nan)
    out = []
    for d in range(CAL_DAYS):
        m = valid & (day == d)
        pd_, sd = p[m], s[m]
        positive = sd >= 0.5
        tp, fp = pd_[positive].sum(), (1 - pd_[positive]).sum()
        fn, tn = pd_[~positive].sum(), (1 - pd_[~positive]).sum()
        auc = roc_auc_score(np.r_[np.ones(m.sum()), np.zeros(m.sum())], np.r_[sd, sd], sample_weight=np.r_[pd_, 1 - pd_])
        out.append({"day": d, "est_accuracy": (tp + tn) / m.sum(), "est_precision": tp / (tp + fp),
                    "est_recall": tp / (tp + fn), "est_f1": 2 * tp / (2 * tp + fp + fn), "est_roc_auc": auc})
    return pd.DataFrame(out)


def test_calibrated_estimates_equal_the_reference_and_follow_realized(engine):
    """Histogram-binning calibration on the reference's labels: every est_* equals numpy and
    scikit-learn to 1e-9 (uncalibrated ones too), and under covariate shift the calibrated
    estimates follow realized performance far closer than the raw ones; a second build changes
    nothing, and dropping the calibration stops an incremental run (a recorded setting)."""
    predictions, outcomes = _calibration_data()
    engine.load_table(engine.oracle_schema, "predictions", predictions, types={"score": "double precision"})
    engine.load_table(engine.oracle_schema, "outcomes", outcomes, types={"repaid": "double precision"})
    base = {"predictions": {"source": ["oracle", "predictions"]}, "id_column": "prediction_id",
            "timestamp_column": "predicted_at", "task": "binary_classification", "score_column": "score",
            "features": {"numeric": ["x"]}, "window": "day", "distribution_statistics": "exact",
            "reference": {"start": "2024-06-01", "end": f"2024-06-0{1 + CAL_REFERENCE_DAYS}"},
            "outcomes": {"relation": {"source": ["oracle", "outcomes"]}, "id_column": "prediction_id",
                         "label_column": "repaid", "timestamp_column": "observed_at"}}
    monitors = [{**base, "name": "raw"},
                {**base, "name": "calibrated", "estimation": {"calibration": "histogram_binning"}}]
    variables = {"model_monitor": {"monitors": monitors}, "model_monitor_as_of": "2024-06-20"}

    def build(variables):
        return engine.dbt("build", "--select", *PERFORMANCE_AND_STATE, vars=variables)

    run = build(variables)
    assert run.success, run.messages[-6000:]
    first = engine.table("model_monitor__performance")
    errors = {}
    for name in ("raw", "calibrated"):
        got = first[(first.monitor_name == name) & (first.segment_name == "__all__")].sort_values("window_start").reset_index(drop=True)
        want = _expected_estimates(predictions, outcomes, calibrate=name == "calibrated")
        assert len(got) == CAL_DAYS
        for metric in ["est_accuracy", "est_precision", "est_recall", "est_f1", "est_roc_auc"]:
            np.testing.assert_allclose(got[metric].astype(float), want[metric], rtol=0, atol=1e-9, err_msg=f"{name}: {metric}")
        shifted = got.iloc[CAL_REFERENCE_DAYS:]
        errors[name] = {m: float(np.mean(np.abs(shifted[f"est_{m}"] - shifted[m]))) for m in ("accuracy", "precision", "roc_auc")}
    print("mean |estimate - realized| after the shift:", errors)
    for m in ("accuracy", "precision"):
        assert errors["calibrated"][m] < errors["raw"][m] / 3, errors

    run = build(variables)
    assert run.success, run.messages[-6000:]
    again = engine.table("model_monitor__performance")
    key = ["monitor_name", "model_version", "window_start", "segment_name", "segment_value"]
    pd.testing.assert_frame_equal(first.sort_values(key).reset_index(drop=True), again.sort_values(key).reset_index(drop=True))

    changed = {"model_monitor": {"monitors": [monitors[0], {**monitors[1], "estimation": {"calibration": "histogram_binning", "bins": 5}}]},
               "model_monitor_as_of": "2024-06-20"}
    run = build(changed)
    assert not run.success and "estimation (histogram_binning bins 10 -> histogram_binning bins 5)" in run.messages, run.messages[-3000:]
