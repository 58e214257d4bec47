"""Prediction-outcome joins and model performance, through dbt on DuckDB and PostgreSQL,
against scikit-learn (and numpy for the definitions scikit-learn does not have).

The data has tied scores, NULL scores, scores outside [0, 1], a prediction id logged twice by one
model version, two model versions scoring the same ids (shadow mode), an id with two outcomes,
outcomes of unknown predictions, a window with one class only and a window without labels.
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from sklearn import metrics as skm

from dbt_harness import with_parents

START = pd.Timestamp("2024-02-05")

# The marts these tests read, with their parents (and the package's own tests on them); the
# label check's own test builds the whole package, as a user would.
OUTCOME_MARTS = with_parents("prediction_outcomes", "performance", "fairness", "champion_challenger", "outcome_quality")


def _data(seed: int = 3):
    rng = np.random.default_rng(seed)
    rows = []
    for day in range(6):
        n = 1 if day == 4 else 120
        for i in range(n):
            pid = f"d{day}-{i}"
            ts = START + pd.Timedelta(days=day, seconds=int(rng.integers(0, 86400)))
            p = float(np.round(rng.beta(2, 2), 2))  # ties
            if i % 37 == 5:
                p = None
            elif i % 53 == 9:
                p = float("nan")
            elif i % 41 == 7:
                p = float(rng.choice([1.5, -0.2]))
            region = [None, "north", "south", "south"][int(rng.integers(0, 4))]
            rows.append({"prediction_id": pid, "predicted_at": ts, "model_version": "v1", "score": p,
                         "value": float(np.round(rng.normal(50, 10), 1)), "region": region})
            if day >= 3:  # shadow model on the same ids
                rows.append({"prediction_id": pid, "predicted_at": ts, "model_version": "v2",
                             "score": float(np.round(rng.beta(2, 2), 1)), "value": float(rng.normal(50, 10)),
                             "region": region})
    rows.append({**rows[3], "predicted_at": rows[3]["predicted_at"] + pd.Timedelta(seconds=5), "score": 0.99})
    predictions = pd.DataFrame(rows)
    # object columns keep None (SQL NULL) apart from NaN (an invalid score)
    predictions["score"] = pd.Series([r["score"] for r in rows], dtype=object)
    predictions["region"] = predictions["region"].astype(object)
    outcomes, regression = [], []
    for r in predictions.drop_duplicates("prediction_id").itertuples():
        day = (r.predicted_at - START).days
        if day == 5 or rng.random() < 0.1:
            continue  # a window without labels, and 10% never labeled
        p = r.score if isinstance(r.score, float) and 0 <= r.score <= 1 else 0.5
        label = 1 if day == 2 else int(rng.random() < p)  # day 2: one class only
        observed = r.predicted_at + pd.Timedelta(days=float(rng.uniform(1, 45)))
        outcomes.append({"prediction_id": r.prediction_id, "repaid": label, "observed_at": observed})
        regression.append({"prediction_id": r.prediction_id, "amount": float(r.value + rng.normal(0, 5)),
                           "observed_at": observed})
    outcomes.append({**outcomes[0], "repaid": 1 - outcomes[0]["repaid"],
                     "observed_at": outcomes[0]["observed_at"] + pd.Timedelta(hours=1)})  # a corrected label
    outcomes.append({"prediction_id": "unknown-1", "repaid": 1, "observed_at": START})
    return predictions, pd.DataFrame(outcomes), pd.DataFrame(regression)


def _monitors():
    base = {"predictions": {"source": ["oracle", "predictions"]}, "id_column": "prediction_id",
            "timestamp_column": "predicted_at", "model_version_column": "model_version", "window": "day",
            "segments": ["region"],
            "features": {"numeric": ["value"]}, "reference": {"start": "2024-02-05", "end": "2024-02-06"}}
    outcomes = {"relation": {"source": ["oracle", "outcomes"]}, "id_column": "prediction_id",
                "label_column": "repaid", "timestamp_column": "observed_at"}
    return [
        {**base, "name": "binary", "task": "binary_classification", "score_column": "score", "outcomes": outcomes},
        {**base, "name": "binary_threshold", "task": "binary_classification", "score_column": "score",
         "decision_threshold": 0.3, "outcomes": outcomes},
        {**base, "name": "regression", "task": "regression", "score_column": "value",
         "outcomes": {**outcomes, "relation": {"source": ["oracle", "regression_outcomes"]}, "label_column": "amount"}},
    ]


def _expected_joined(predictions, outcomes, monitor):
    score_col = monitor["score_column"]
    p = predictions.copy()
    p["score_value"] = p[score_col].map(lambda v: np.nan if v is None else float(v))
    p = p.sort_values(["predicted_at", "score_value"], ascending=False, na_position="last")
    p = p.drop_duplicates(["prediction_id", "model_version"])
    label_col = monitor["outcomes"]["label_column"]
    o = outcomes.sort_values(["observed_at", label_col], ascending=False).drop_duplicates("prediction_id")
    joined = p.merge(o, on="prediction_id", how="left")
    joined["label"] = joined[label_col].astype(float)
    joined["window_start"] = joined.predicted_at.dt.floor("D")
    return joined


def _expected_performance(joined, monitor):
    classification = monitor["task"] == "binary_classification"
    joined = joined.assign(segment=joined.region.map(lambda v: "__null__" if v is None or v != v else v))
    slices = [("__all__", "__all__", joined)] + [("region", value, part) for value, part in joined.groupby("segment")]
    rows = {}
    for segment_name, segment_value, frame in slices:
        rows.update({(version, window, segment_name, segment_value): out
                     for (version, window), out in _window_performance(frame, monitor).items()})
    return rows


def _window_performance(joined, monitor):
    classification = monitor["task"] == "binary_classification"
    rows = {}
    for (version, window), g in joined.groupby(["model_version", "window_start"]):
        s = g.score_value.to_numpy(float)
        valid = np.isfinite(s) & ((s >= 0) & (s <= 1) if classification else True)
        labeled = g.label.notna().to_numpy()
        ev = valid & labeled
        y, p = g.label.to_numpy(float)[ev], s[ev]
        delays = (g.observed_at - g.predicted_at).dt.total_seconds().to_numpy(float)[labeled]
        out = {"prediction_count": len(g), "labeled_count": int(labeled.sum()),
               "invalid_score_count": int((~valid).sum()), "evaluated_count": int(ev.sum()),
               "label_coverage": labeled.mean(),
               "median_label_delay_seconds": np.percentile(np.floor(delays), 50) if delays.size else None,
               "p90_label_delay_seconds": np.percentile(np.floor(delays), 90) if delays.size else None}
        if classification:
            threshold = monitor.get("decision_threshold", 0.5)
            yhat_all = (s >= threshold).astype(float)
            yhat = yhat_all[ev]
            both = ev.sum() and 0 < y.sum() < len(y)
            out.update(
                accuracy=skm.accuracy_score(y, yhat) if ev.sum() else None,
                precision=skm.precision_score(y, yhat) if yhat.sum() else None,
                recall=skm.recall_score(y, yhat) if y.sum() else None,
                f1=skm.f1_score(y, yhat) if (yhat.sum() + y.sum()) else None,
                roc_auc=skm.roc_auc_score(y, p) if both else None,
                average_precision=skm.average_precision_score(y, p) if ev.sum() and y.sum() else None,
                log_loss=skm.log_loss(y, p, labels=[0, 1]) if ev.sum() else None,
                brier_score=skm.brier_score_loss(y, p, pos_label=1) if ev.sum() else None,
                expected_calibration_error=_ece(y, p) if ev.sum() else None)
            q, qh = s[valid], yhat_all[valid]
            tp, fp = (q * qh).sum(), ((1 - q) * qh).sum()
            fn, tn = (q * (1 - qh)).sum(), ((1 - q) * (1 - qh)).sum()
            out.update(est_accuracy=(tp + tn) / len(q) if len(q) else None,
                       est_precision=tp / (tp + fp) if tp + fp else None,
                       est_recall=tp / (tp + fn) if tp + fn else None,
                       est_f1=2 * tp / (2 * tp + fp + fn) if 2 * tp + fp + fn else None,
                       est_roc_auc=_weighted_auc(q) if len(q) else None,
                       positive_prediction_rate=qh.mean() if len(q) else None)
        else:
            out.update(mae=skm.mean_absolute_error(y, p) if ev.sum() else None,
                       rmse=skm.root_mean_squared_error(y, p) if ev.sum() else None,
                       mape=skm.mean_absolute_percentage_error(y, p) if ev.sum() else None,
                       r2=skm.r2_score(y, p) if ev.sum() >= 2 else None)
        out["performance_status"] = "ok" if ev.sum() else "no_data"
        rows[(version, window)] = out
    return rows


def _ece(y, p, bins=10):
    idx = np.minimum(np.floor(p * bins), bins - 1)
    return sum((idx == b).sum() / len(p) * abs(y[idx == b].mean() - p[idx == b].mean())
               for b in np.unique(idx))


def _weighted_auc(q):
    """Expected AUC if each prediction were positive with its score's probability: the ROC of
    expected true and false positive rates over the distinct scores (trapezoids)."""
    order = np.argsort(-q, kind="stable")
    s, pos, neg = q[order], q[order], 1 - q[order]
    distinct = np.r_[np.nonzero(np.diff(s))[0], len(s) - 1]
    tpr = np.r_[0, np.cumsum(pos)[distinct] / pos.sum()]
    fpr = np.r_[0, np.cumsum(neg)[distinct] / neg.sum()]
    return float(np.trapezoid(tpr, fpr))


def _close(a, e, tol=1e-9):
    if e is None or (isinstance(e, float) and math.isnan(e)):
        return a is None or pd.isna(a)
    return a is not None and not pd.isna(a) and abs(float(a) - float(e)) <= tol * max(1.0, abs(float(e)))


def test_performance_equals_scikit_learn(engine):
    predictions, outcomes, regression = _data()
    assert predictions.score.map(lambda v: v is None).any() and predictions.score.map(
        lambda v: isinstance(v, float) and math.isnan(v)).any()
    engine.load_table(engine.oracle_schema, "predictions", predictions)
    engine.load_table(engine.oracle_schema, "outcomes", outcomes)
    engine.load_table(engine.oracle_schema, "regression_outcomes", regression)
    monitors = _monitors()
    run = engine.dbt("build", "--select", *OUTCOME_MARTS, vars={"model_monitor": {"monitors": monitors}})
    assert run.success, run.messages[-8000:]
    joined_actual = engine.table("model_monitor__prediction_outcomes")
    performance = engine.table("model_monitor__performance")
    problems = []
    for monitor in monitors:
        outcome_frame = regression if monitor["task"] == "regression" else outcomes
        joined = _expected_joined(predictions, outcome_frame, monitor)
        got = joined_actual[joined_actual.monitor_name == monitor["name"]]
        assert len(got) == len(joined), (monitor["name"], len(got), len(joined))
        merged = got.merge(joined, on=["prediction_id", "model_version"], suffixes=("", "_expected"))
        assert len(merged) == len(joined)
        same_label = (merged.label.isna() & merged.label_expected.isna()) | (merged.label == merged.label_expected)
        assert same_label.all(), merged[~same_label][["prediction_id", "label", "label_expected"]]
        expected = _expected_performance(joined, monitor)
        rows = performance[performance.monitor_name == monitor["name"]].set_index(
            ["model_version", "window_start", "segment_name", "segment_value"])
        assert len(rows) == len(expected)
        for key, exp in expected.items():
            row = rows.loc[key]
            for name, value in exp.items():
                ok = row[name] == value if isinstance(value, str) else _close(row[name], value)
                if not ok:
                    problems.append(f"{monitor['name']} {key} {name}: {row[name]!r} != {value!r}")
    assert not problems, f"{len(problems)} mismatches:\n" + "\n".join(problems[:40])
    _check_fairness(engine.table("model_monitor__fairness"), performance)
    _check_champion_challenger(engine.table("model_monitor__champion_challenger"), joined_actual)


def _check_champion_challenger(actual, joined):
    """v1 and v2 score the same ids from day 3: shared count, mean |score difference|, and the
    share of differing decisions, recomputed with pandas from the joined rows."""
    rows = actual[actual.monitor_name == "binary"]
    b = joined[joined.monitor_name == "binary"]
    pairs = b[b.model_version == "v1"].merge(b[b.model_version == "v2"], on=["prediction_id", "window_start"],
                                             suffixes=("_a", "_b")).rename(columns={"window_start": "window_start_a"})
    assert len(rows) == pairs.window_start_a.nunique() > 0
    for window, g in pairs.groupby("window_start_a"):
        row = rows[rows.window_start == window].iloc[0]
        assert (row.model_version_a, row.model_version_b) == ("v1", "v2")
        assert int(row.shared_prediction_count) == len(g)
        a, b = g.score_a.astype(float), g.score_b.astype(float)
        diff = (a - b).abs()[np.isfinite(a) & np.isfinite(b)]
        assert _close(row.mean_absolute_score_difference, diff.mean())
        both = g.predicted_label_a.notna() & g.predicted_label_b.notna()
        assert _close(row.decision_disagreement_rate,
                      (g.predicted_label_a[both] != g.predicted_label_b[both]).mean())


def _check_fairness(fairness, performance):
    """Gaps to '__all__' and the disparate-impact ratio, recomputed from the performance rows."""
    keys = ["monitor_name", "model_version", "window_start"]
    overall = performance[performance.segment_name == "__all__"].set_index(keys)
    segments = performance[performance.segment_name != "__all__"]
    expected = 0
    for _, row in segments.iterrows():
        for metric in ["accuracy", "roc_auc", "mae", "positive_prediction_rate"]:
            if pd.isna(row[metric]):
                continue
            expected += 1
            got = fairness[(fairness.monitor_name == row.monitor_name) & (fairness.model_version == row.model_version)
                           & (fairness.window_start == row.window_start) & (fairness.segment_value == row.segment_value)
                           & (fairness.metric_name == metric)]
            assert len(got) == 1
            base = overall.loc[(row.monitor_name, row.model_version, row.window_start), metric]
            assert _close(got.gap_to_overall.iloc[0], row[metric] - base if not pd.isna(base) else None)
            if metric == "positive_prediction_rate":
                peers = segments[(segments.monitor_name == row.monitor_name) & (segments.model_version == row.model_version)
                                 & (segments.window_start == row.window_start)].positive_prediction_rate
                best = peers.max()
                assert _close(got.ratio_to_best.iloc[0], row[metric] / best if best else None)
    assert expected > 50


def test_duplicates_and_late_labels_are_kept_track_of(engine):
    predictions, outcomes, _ = _data()
    engine.load_table(engine.oracle_schema, "predictions", predictions)
    engine.load_table(engine.oracle_schema, "outcomes", outcomes)
    monitor = _monitors()[0]
    variables = {"model_monitor": {"monitors": [monitor]}, "model_monitor_as_of": "2024-02-20"}
    assert engine.dbt("build", "--select", *OUTCOME_MARTS, "--full-refresh", vars=variables).success
    early = engine.table("model_monitor__prediction_outcomes")
    early_performance = engine.table("model_monitor__performance")
    del variables["model_monitor_as_of"]
    assert engine.dbt("build", "--select", *OUTCOME_MARTS, vars=variables).success
    late = engine.table("model_monitor__prediction_outcomes")
    # the first window's performance is updated by the late labels (incremental run)
    first = START.floor("D")
    def labeled(frame):
        rows = frame[(frame.monitor_name == "binary") & (frame.segment_name == "__all__")
                     & (frame.model_version == "v1") & (frame.window_start == first)]
        return int(rows.labeled_count.iloc[0])
    assert labeled(engine.table("model_monitor__performance")) > labeled(early_performance)
    # labels observed after 2024-02-20 were unknown, then land on their rows (up to 45 days late)
    assert late.label.notna().sum() > early.label.notna().sum()
    assert late.label_delay_seconds.max() > 30 * 86400
    dup = late[late.prediction_id == predictions.prediction_id.iloc[3]]
    assert dup[dup.model_version == "v1"].duplicate_prediction_count.iloc[0] == 1
    assert float(dup[dup.model_version == "v1"].score.iloc[0]) == 0.99  # the later of the two rows
    corrected = late[(late.prediction_id == outcomes.prediction_id.iloc[0]) & (late.model_version == "v1")]
    assert corrected.duplicate_outcome_count.iloc[0] == 1
    assert corrected.label.iloc[0] == outcomes.repaid.iloc[-2]  # the later observation wins
    assert "unknown-1" not in set(late.prediction_id)
    quality = engine.table("model_monitor__outcome_quality").set_index("monitor_name").loc["binary"]
    assert int(quality.outcome_rows) == len(outcomes)
    assert int(quality.duplicate_outcome_rows) == len(outcomes) - outcomes.prediction_id.nunique() == 1
    assert int(quality.unknown_prediction_outcome_rows) == 1  # the outcome of 'unknown-1', counted not dropped


def test_labels_that_are_not_binary_fail_the_build_by_name(duckdb_engine):
    """A label that is neither 0 nor 1 is counted by the run's own scan (no compile-time query
    reads the outcomes), left out of every metric, and fails the build naming column and value."""
    predictions, outcomes, _ = _data()
    outcomes.loc[4, "repaid"] = 2
    duckdb_engine.load_table(duckdb_engine.oracle_schema, "predictions", predictions)
    duckdb_engine.load_table(duckdb_engine.oracle_schema, "outcomes", outcomes)
    variables = {"model_monitor": {"monitors": [_monitors()[0]]}}
    assert duckdb_engine.dbt("compile", "--select", "package:model_monitor", vars=variables).success
    run = duckdb_engine.dbt("build", "--select", "package:model_monitor", vars=variables)
    assert not run.success
    for fragment in ["monitor 'binary'", "key 'outcomes.label_column'", "column 'repaid' of \"warehouse\".", "must hold 0/1 labels",
                     "found the value '2' (1 such rows"]:
        assert fragment in run.messages, run.messages[-3000:]
    quality = duckdb_engine.table("model_monitor__outcome_quality").set_index("monitor_name").loc["binary"]
    assert (int(quality.invalid_label_rows), quality.invalid_label_example) == (1, "2")
    assert int(quality.null_label_rows) == int(outcomes.repaid.isna().sum())
    joined = duckdb_engine.table("model_monitor__prediction_outcomes")
    assert set(joined.label.dropna()) <= {0.0, 1.0}
