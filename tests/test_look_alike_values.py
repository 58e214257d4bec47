"""Values spelled like the package's own labels (issue 13, item 1). Before: with every third row of
a categorical set to '__unseen__', a 200-row window counted 400 rows and a new-category rate of
0.335 (truth 0), because the unseen bin was found by its label; a real '__other__' category and
the __other__ bin shared a label; NULL segment values and the text '__null__' merged into one
slice. Bins are keyed by index and category, and a real value spelled like a label is shown
quoted ('"__unseen__"'). DuckDB, PostgreSQL and Spark, exact and profile mode in one build.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from dbt_harness import ALL_ENGINES, with_parents

from reference_stats import expected_drift


def _predictions() -> pd.DataFrame:
    rng = np.random.default_rng(8)
    frames = []
    for day in range(5):
        n = 200
        method = rng.choice(["card", "cash", "__other__", "wire", "check", "gift", "__all__"], n,
                            p=[0.25, 0.2, 0.2, 0.1, 0.1, 0.1, 0.05]).astype(object)
        method[::3] = "__unseen__"
        segment = rng.choice(["north", "__null__", None], n).astype(object)
        frames.append(pd.DataFrame({
            "prediction_id": [f"{day}-{i}" for i in range(n)],
            "predicted_at": pd.Timestamp("2025-02-01") + pd.Timedelta(days=day) + pd.to_timedelta(np.arange(n) * 60, unit="s"),
            "score": rng.random(n), "method": method, "segment": segment}))
    return pd.concat(frames, ignore_index=True)


def _outcomes(predictions: pd.DataFrame) -> pd.DataFrame:
    rng = np.random.default_rng(9)
    return pd.DataFrame({"prediction_id": predictions.prediction_id, "label": (rng.random(len(predictions)) < 0.4).astype(int),
                         "observed_at": predictions.predicted_at + pd.Timedelta(hours=1)})


def _monitor(name: str, mode: str) -> dict:
    return {"name": name, "predictions": {"source": ["oracle", "predictions"]}, "id_column": "prediction_id",
            "timestamp_column": "predicted_at", "task": "binary_classification", "score_column": "score",
            "window": "day", "distribution_statistics": mode, "top_k": 4, "segments": ["segment"],
            "features": {"categorical": ["method"]}, "reference": {"start": "2025-02-01", "end": "2025-02-03"},
            "outcomes": {"relation": {"source": ["oracle", "outcomes"]}, "id_column": "prediction_id",
                         "label_column": "label", "timestamp_column": "observed_at"}}


@pytest.mark.parametrize("engine", ALL_ENGINES, indirect=True)
def test_values_spelled_like_labels_stay_apart(engine):
    predictions = _predictions()
    engine.load_table(engine.oracle_schema, "predictions", predictions)
    engine.load_table(engine.oracle_schema, "outcomes", _outcomes(predictions))
    monitors = [_monitor("exact", "exact"), _monitor("profiled", "profile")]
    # the marts read below with their parents (and the package's own tests on them)
    marts = with_parents("feature_drift", "feature_histograms", "performance")
    run = engine.dbt("build", "--select", *marts, vars={"model_monitor": {"monitors": monitors}})
    assert run.success, run.messages[-8000:]
    drift = engine.table("model_monitor__feature_drift")
    histograms = engine.table("model_monitor__feature_histograms")
    for monitor in monitors:
        expected = expected_drift(predictions, monitor, pvalues=False).set_index("window_start")
        got = drift[(drift.monitor_name == monitor["name"]) & (drift.feature_name == "method")].set_index("window_start")
        assert (got.row_count == 200).all(), got.row_count
        for window, exp in expected[expected.feature_name == "method"].iterrows():
            row = got.loc[window]
            assert row.new_category_rate == exp.new_category_rate == 0.0
            for column in ["psi", "chi2_statistic", "js_distance"]:
                assert abs(row[column] - exp[column]) <= 1e-9 * max(1.0, abs(exp[column])), (monitor["name"], window, column)
        bins = histograms[(histograms.monitor_name == monitor["name"]) & (histograms.feature_name == "method")
                          & ~histograms.is_reference.astype(bool)]
        per_window = bins.groupby("window_start").bin_label.agg(list)
        for labels in per_window:
            assert len(labels) == len(set(labels)), labels  # no two bins share a label
            assert {'"__unseen__"', '"__other__"', "__other__", "__unseen__"} <= set(labels), labels
        assert bins.row_count.sum() == len(predictions[predictions.predicted_at >= "2025-02-01"])
    performance = engine.table("model_monitor__performance")
    slices = performance[(performance.monitor_name == "exact") & (performance.segment_name == "segment")]
    counts = slices.groupby("segment_value").prediction_count.sum()
    assert int(counts["__null__"]) == predictions.segment.isna().sum()
    assert int(counts['"__null__"']) == (predictions.segment == "__null__").sum()
