"""Multiclass classification (issue 16, item 5), through dbt on DuckDB, PostgreSQL and Spark,
against scikit-learn: accuracy, macro/micro/weighted precision, recall and F1, one-vs-rest ROC AUC
(macro, weighted) and log loss, per model version x day x segment; and the per-class score drift
features (`__score__:<label>`, `__predicted_class__`) beside them. The scores come from one
column per class, or from one array column (`score_array_column`) whose rows may have the wrong
length or be NULL.

The data has tied scores (rounded to 0.01), NULL, NaN and out-of-range class scores, a class label
holding a quote, a predicted-class column naming an unknown class or NULL, a day where one class
has no label (macro AUC undefined), a day where only one class is labeled, a day without labels,
two model versions and a segment with NULL values. One build per engine, many assertions.
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from sklearn import metrics as skm

from dbt_harness import ALL_ENGINES, with_parents

START = pd.Timestamp("2024-03-04")
CLASSES = ["cat", "dog", "it's"]
SCORE_COLUMNS = ["p_cat", "p_dog", "p_other"]
ARRAY_TYPES = {"duckdb": "DOUBLE[]", "postgres": "double precision[]", "spark": "array<double>"}
MARTS = with_parents("performance", "feature_drift", "alerts")
CAL_BINS = 5
MULTICLASS_METRICS = ("precision_macro", "recall_macro", "f1_macro", "precision_micro", "recall_micro", "f1_micro",
                      "precision_weighted", "recall_weighted", "f1_weighted", "roc_auc_ovr_macro",
                      "roc_auc_ovr_weighted", "accuracy", "log_loss", "est_accuracy")


def _data(seed: int = 11):
    rng = np.random.default_rng(seed)
    rows, outcomes = [], []
    for day in range(6):
        for i in range(90):
            pid = f"d{day}-{i}"
            ts = START + pd.Timedelta(days=day, seconds=int(rng.integers(0, 86400)))
            p = rng.dirichlet([2, 2, 2])
            p01 = np.round(p[:2], 2)
            scores = [float(p01[0]), float(p01[1]), float(np.round(1 - p01.sum(), 2))]
            if i % 31 == 4:
                scores[int(rng.integers(0, 3))] = None
            elif i % 37 == 6:
                scores[1] = float("nan")
            elif i % 43 == 8:
                scores[2] = 1.5
            predicted = CLASSES[int(rng.integers(0, 3))] if rng.random() < 0.3 else CLASSES[int(np.argmax(p))]
            if i % 29 == 3:
                predicted = "fish"  # names no class
            elif i % 47 == 5:
                predicted = None
            version = "v1" if day < 3 or i % 2 else "v2"
            region = [None, "north", "south"][int(rng.integers(0, 3))]
            # the same scores as one array: a few rows with one element too few, or NULL
            array = None if i % 59 == 9 else scores[:2] if i % 53 == 7 else list(scores)
            rows.append({"prediction_id": pid, "predicted_at": ts, "model_version": version,
                         **dict(zip(SCORE_COLUMNS, scores)), "scores": array, "predicted_class": predicted,
                         "amount": float(np.round(rng.normal(50, 10), 1)), "region": region})
            if day == 5 or rng.random() < 0.1:
                continue  # a day without labels, and 10% never labeled
            truth = int(rng.choice(3, p=p))
            if day == 1 and truth == 2:
                truth = 0  # day 1: class "it's" has no label, so its one-vs-rest AUC is undefined
            if day == 2:
                truth = 1  # day 2: one class only
            outcomes.append({"prediction_id": pid, "species": CLASSES[truth], "species_code": truth,
                             "observed_at": ts + pd.Timedelta(days=float(rng.uniform(1, 20)))})
    predictions = pd.DataFrame(rows)
    for column in SCORE_COLUMNS:  # object columns keep None (SQL NULL) apart from NaN
        predictions[column] = pd.Series(list(predictions[column]), dtype=object)
    predictions["region"] = predictions["region"].astype(object)
    return predictions, pd.DataFrame(outcomes)


def _monitors():
    base = {"predictions": {"source": ["oracle", "predictions"]}, "id_column": "prediction_id",
            "timestamp_column": "predicted_at", "model_version_column": "model_version", "window": "day",
            "segments": ["region"], "task": "multiclass_classification",
            "classes": [{"label": c, "score_column": s} for c, s in zip(CLASSES, SCORE_COLUMNS)],
            "features": {"numeric": ["amount"]}, "reference": {"start": "2024-03-04", "end": "2024-03-05"},
            "outcomes": {"relation": {"source": ["oracle", "outcomes"]}, "id_column": "prediction_id",
                         "label_column": "species", "timestamp_column": "observed_at"},
            "thresholds": {"f1_macro": {"warn": 0.99, "alert": 0.98}}}
    # the same classes coded 0, 1, 2 in an integer label column, named by YAML integers
    coded = {**base, "name": "coded", "outcomes": {**base["outcomes"], "label_column": "species_code"},
             "classes": [{"label": i, "score_column": s} for i, s in enumerate(SCORE_COLUMNS)]}
    # est_accuracy calibrated on the reference's labels (day 0): its bins against numpy (how much
    # closer it comes to realized accuracy: benchmarks/estimation_calibration.py)
    column = {**base, "name": "column", "prediction_column": "predicted_class"}
    calibrated = {**column, "name": "calibrated", "estimation": {"calibration": "histogram_binning", "bins": CAL_BINS}}
    # one array column of scores, in the order of the classes, named by their labels alone
    array = {**base, "name": "array", "score_array_column": "scores", "classes": list(CLASSES)}
    return [{**base, "name": "argmax"}, column, coded, calibrated, array]


def _expected(predictions, outcomes, monitor):
    """{(version, window, segment_name, segment_value): {metric: value}} from scikit-learn."""
    joined = predictions.merge(outcomes, on="prediction_id", how="left")
    joined["window_start"] = joined.predicted_at.dt.floor("D")
    joined["segment"] = joined.region.map(lambda v: "__null__" if v is None or v != v else v)
    scores = joined[SCORE_COLUMNS].map(lambda v: np.nan if v is None else float(v)).to_numpy(float).copy()
    if monitor.get("score_array_column"):  # an array of another length than the classes, or NULL: no score
        wrong = joined.scores.map(lambda a: a is None or len(a) != len(CLASSES)).to_numpy()
        scores[wrong] = np.nan
    if monitor.get("prediction_column"):
        predicted = joined.predicted_class.map(lambda v: CLASSES.index(v) if v in CLASSES else -1).to_numpy()
    else:  # numpy's argmax: the first class on ties
        predicted = np.where(np.isnan(scores).any(axis=1), -1, np.argmax(np.nan_to_num(scores, nan=-1), axis=1))
    valid = np.isfinite(scores).all(axis=1) & ((scores >= 0) & (scores <= 1)).all(axis=1) & (predicted >= 0)
    # the predicted class's score; with a calibration, the share of right predictions among the
    # reference's (day 0) labeled valid ones in its equal-width bin (the score where a bin has none)
    confidence = np.where(valid, scores[np.arange(len(joined)), np.maximum(predicted, 0)], np.nan)
    if monitor.get("estimation"):
        bins = np.minimum(np.floor(np.nan_to_num(confidence) * CAL_BINS), CAL_BINS - 1)
        reference = valid & joined.species.notna().to_numpy() & (joined.window_start == START).to_numpy()
        right = (joined.species.to_numpy(object) == np.array(CLASSES + ["?"], dtype=object)[predicted]).astype(float)
        table = pd.Series(right[reference]).groupby(bins[reference]).mean()
        confidence = np.array([table.get(b, c) for b, c in zip(bins, confidence)])
    joined = joined.assign(valid=valid, predicted=predicted, row=np.arange(len(joined)))
    slices = [("__all__", "__all__", joined)] + [("region", v, g) for v, g in joined.groupby("segment")]
    order = np.argsort(CLASSES)  # scikit-learn reads probability columns in sorted label order
    expected = {}
    for segment_name, segment_value, frame in slices:
        for (version, window), g in frame.groupby(["model_version", "window_start"]):
            ev = (g.valid & g.species.notna()).to_numpy()
            y = g.species.to_numpy(object)[ev]
            yhat = np.array(CLASSES, dtype=object)[g.predicted.to_numpy()[ev]]
            proba = scores[g.row.to_numpy()[ev]]
            out = {"prediction_count": len(g), "labeled_count": int(g.species.notna().sum()),
                   "evaluated_count": int(ev.sum()), "invalid_score_count": int((~g.valid).sum())}
            valid = g.valid.to_numpy()
            if valid.sum():  # confidence-based: the mean score of the predicted class, labeled or not
                out["est_accuracy"] = float(np.mean(confidence[g.row.to_numpy()[valid]]))
            if ev.sum():
                out.update(accuracy=skm.accuracy_score(y, yhat),
                           log_loss=skm.log_loss(y, proba[:, order], labels=sorted(CLASSES)))
                for average in ("macro", "micro", "weighted"):
                    out[f"precision_{average}"] = skm.precision_score(y, yhat, average=average, zero_division=0)
                    out[f"recall_{average}"] = skm.recall_score(y, yhat, average=average, zero_division=0)
                    out[f"f1_{average}"] = skm.f1_score(y, yhat, average=average, zero_division=0)
                    if average != "micro":
                        out[f"roc_auc_ovr_{average}"] = _ovr_auc(y, proba[:, order], average)
            expected[(version, window, segment_name, segment_value)] = out
    return expected


def _ovr_auc(y, proba, average):
    """scikit-learn's one-vs-rest AUC; None where it is undefined (it warns and gives NaN, or
    raises for a single label)."""
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            value = skm.roc_auc_score(y, proba, multi_class="ovr", average=average, labels=sorted(CLASSES))
        except ValueError:
            return None
    return None if math.isnan(value) else value


def _close(actual, expected, tol=1e-9):
    if expected is None:
        return actual is None or pd.isna(actual)
    return actual is not None and not pd.isna(actual) and abs(float(actual) - expected) <= tol * max(1.0, abs(expected))


@pytest.mark.parametrize("engine", ALL_ENGINES, indirect=True)
def test_multiclass_metrics_equal_scikit_learn(engine):
    predictions, outcomes = _data()
    engine.load_table(engine.oracle_schema, "predictions", predictions, types={"scores": ARRAY_TYPES[engine.name]})
    engine.load_table(engine.oracle_schema, "outcomes", outcomes)
    monitors = _monitors()
    # Spark checks the engine-specific SQL (the performance); drift and metrics are the same macros
    # for every task, read here on DuckDB and PostgreSQL
    spark = engine.name == "spark"
    run = engine.dbt("build", "--select", *(MARTS[:1] if spark else MARTS), vars={"model_monitor": {"monitors": monitors}})
    assert run.success, run.messages[-8000:]
    performance = engine.table("model_monitor__performance")
    problems, checked = [], set()
    for monitor in monitors:
        expected = _expected(predictions, outcomes, monitor)  # "coded" holds the same labels as "argmax"
        got = performance[performance.monitor_name == monitor["name"]]
        assert len(got) == len(expected), (monitor["name"], len(got), len(expected))
        for row in got.itertuples():
            key = (row.model_version, pd.Timestamp(row.window_start), row.segment_name, row.segment_value)
            want = expected[key]
            for metric in ("prediction_count", "labeled_count", "evaluated_count", "invalid_score_count"):
                if getattr(row, metric) != want[metric]:
                    problems.append((monitor["name"], key, metric, getattr(row, metric), want[metric]))
            for metric in MULTICLASS_METRICS:
                if not _close(getattr(row, metric), want.get(metric)):
                    problems.append((monitor["name"], key, metric, getattr(row, metric), want.get(metric)))
                elif want.get(metric) is not None:
                    checked.add(metric)
            # the binary and regression columns stay NULL
            for metric in ("precision", "recall", "f1", "roc_auc", "est_f1", "mae", "r2"):
                if not pd.isna(getattr(row, metric)):
                    problems.append((monitor["name"], key, metric, getattr(row, metric), None))
    assert not problems, problems[:20]
    assert checked == set(MULTICLASS_METRICS)  # every metric was compared with a defined value somewhere
    overall = performance[(performance.segment_name == "__all__") & (performance.monitor_name == "argmax")]
    day1 = overall[pd.to_datetime(overall.window_start) == START + pd.Timedelta(days=1)]
    assert day1.roc_auc_ovr_macro.isna().all() and day1.roc_auc_ovr_weighted.notna().all()
    assert day1.metric_notes.str.contains("roc_auc_ovr_macro undefined").all()
    unlabeled = overall[pd.to_datetime(overall.window_start) == START + pd.Timedelta(days=5)]
    assert (unlabeled.performance_status == "no_data").all() and unlabeled.est_accuracy.notna().all()
    if not spark:
        # a release gate on a multiclass metric: performance_at_least on f1_macro fails once per
        # model version and labeled window below 0.6 (windows without labels pass: no_data: pass)
        gate = engine.dbt("test", "--select", "estimate_gate_f1_macro", vars={"model_monitor": {"monitors": monitors}})
        [result] = [r for r in gate.results.results if r.node.name == "estimate_gate_f1_macro"]
        expected = _expected(predictions, outcomes, monitors[0])
        overall_f1 = [want.get("f1_macro") for (_, _, segment, _), want in expected.items() if segment == "__all__"]
        below = sum(f1 is not None and f1 < 0.6 for f1 in overall_f1)
        assert 0 < below < sum(f1 is not None for f1 in overall_f1), overall_f1
        assert (str(result.status), int(result.failures)) == ("fail", below), (result.status, result.failures, result.message)

    if spark:
        return
    # per-class prediction drift: each class's score, and the predicted class where a column holds it
    drift = engine.table("model_monitor__feature_drift")
    features = {m: set(drift[drift.monitor_name == m].feature_name) for m in ("argmax", "column", "coded", "array")}
    assert features["coded"] == {"amount"} | {f"__score__:{i}" for i in range(3)}
    assert features["argmax"] == features["array"] == {"amount"} | {f"__score__:{c}" for c in CLASSES}
    assert features["column"] == features["argmax"] | {"__predicted_class__"}
    scored = drift[(drift.monitor_name == "argmax") & (drift.feature_name == "__score__:it's")
                   & (pd.to_datetime(drift.window_start) == START + pd.Timedelta(days=3))]
    day3 = predictions[predictions.predicted_at.dt.floor("D") == START + pd.Timedelta(days=3)]
    assert int(scored.row_count.iloc[0]) == len(day3)
    assert int(scored.null_count.iloc[0]) == int(day3.p_other.map(lambda v: v is None).sum())
    # from the array: NULL also where the array is NULL or has another length than the classes
    scored = drift[(drift.monitor_name == "array") & (drift.feature_name == "__score__:it's")
                   & (pd.to_datetime(drift.window_start) == START + pd.Timedelta(days=3))]
    no_score = day3.scores.map(lambda a: a is None or len(a) != 3 or a[2] is None)
    assert int(scored.row_count.iloc[0]) == len(day3) and 0 < no_score.sum() == int(scored.null_count.iloc[0])

    # the multiclass metrics reach the long metrics table with their thresholds and statuses
    metrics = engine.table("model_monitor__metrics")
    f1 = metrics[(metrics.monitor_name == "argmax") & (metrics.metric_name == "f1_macro")
                 & (metrics.segment_name == "__all__")]
    merged = f1.merge(overall, on=["window_start", "model_version"])
    labeled = merged[merged.f1_macro.notna()]
    assert len(labeled) > 0
    assert np.allclose(labeled.metric_value.astype(float), labeled.f1_macro.astype(float), rtol=0, atol=1e-12)
    assert (labeled.status == "alert").all()  # no day reaches an F1 of 0.98
    alerts = engine.table("model_monitor__alerts")
    f1_alerts = alerts[(alerts.monitor_name == "argmax") & (alerts.metric_name == "f1_macro")
                       & (alerts.segment_name == "__all__")]
    assert len(f1_alerts) == len(labeled)
    assert set(f1_alerts.severity) == {"alert"} and np.allclose(f1_alerts.threshold.astype(float), 0.98)


def test_labels_naming_no_class_fail_the_build_by_name(duckdb_engine):
    """An outcome naming no configured class (here 'fish', and 'Cat', since labels are compared as
    text) is counted by the run's own scan, left out of every metric, and fails the build naming
    the classes and a value."""
    predictions, outcomes = _data()
    outcomes.loc[4, "species"] = "fish"
    outcomes.loc[9, "species"] = "Cat"
    duckdb_engine.load_table(duckdb_engine.oracle_schema, "predictions", predictions)
    duckdb_engine.load_table(duckdb_engine.oracle_schema, "outcomes", outcomes)
    variables = {"model_monitor": {"monitors": [_monitors()[0]]}}
    run = duckdb_engine.dbt("build", "--select", "+model_monitor__outcome_quality", "+model_monitor__prediction_outcomes",
                            vars=variables)
    assert not run.success
    for fragment in ["monitor 'argmax'", "key 'outcomes.label_column'", "column 'species'",
                     "must hold the labels of classes (cat, dog, it's) for a multiclass_classification task",
                     "found the value 'Cat' (2 such rows"]:
        assert fragment in run.messages, run.messages[-3000:]
    quality = duckdb_engine.table("model_monitor__outcome_quality").set_index("monitor_name").loc["argmax"]
    assert int(quality.invalid_label_rows) == 2
    joined = duckdb_engine.table("model_monitor__prediction_outcomes")
    assert set(joined.label.dropna()) == {0.0, 1.0, 2.0}
    assert joined.label.notna().sum() == outcomes.species.isin(CLASSES).sum()
