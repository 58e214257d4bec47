"""Rows and labels that no window shows are counted where a user looks, and a gate fails on them
(issue 13, item 3). Before: rows with a NULL timestamp were counted nowhere, NULL prediction ids
collapsed into one prediction (and failed the build through the package's own not_null test),
and labels arriving after the outcome lookback were never joined while outcome_quality said 0.
"""
from __future__ import annotations

import textwrap

import numpy as np
import pandas as pd
import pytest

from dbt_harness import ALL_ENGINES, REPO, with_parents

LOOKBACK_DAYS = 30


def _data(seed: int = 21) -> tuple[pd.DataFrame, pd.DataFrame]:
    rng = np.random.default_rng(seed)
    n = 2100
    predictions = pd.DataFrame({
        "prediction_id": pd.Series([f"p{i}" for i in range(n)], dtype=object),
        "predicted_at": pd.Timestamp("2025-05-01") + pd.to_timedelta(rng.integers(0, 7 * 86400, n), unit="s"),
        "score": rng.random(n), "amount": rng.normal(100, 10, n)})
    predictions.loc[predictions.index[::10], "predicted_at"] = pd.NaT       # 210 rows in no window
    predictions.loc[predictions.index[5:305:10], "prediction_id"] = None    # 30 rows without an id
    repeated = predictions.iloc[1:21:2].dropna(subset=["prediction_id", "predicted_at"]).copy()
    repeated["predicted_at"] += pd.Timedelta(seconds=30)
    predictions = pd.concat([predictions, repeated], ignore_index=True)     # ids logged twice
    known = predictions.dropna(subset=["prediction_id", "predicted_at"]).drop_duplicates("prediction_id")
    delays = rng.uniform(0.5, 90, len(known))                               # a third beyond 30 days
    outcomes = pd.DataFrame({"prediction_id": known.prediction_id.to_numpy(),
                             "label": (rng.random(len(known)) < known.score.to_numpy()).astype(int),
                             "observed_at": known.predicted_at.to_numpy() + pd.to_timedelta(delays, unit="D")})
    outcomes = pd.concat([outcomes, pd.DataFrame({"prediction_id": ["nobody"], "label": [1],
                                                  "observed_at": [pd.Timestamp("2025-05-02")]})], ignore_index=True)
    return predictions, outcomes


def _monitor() -> dict:
    return {"name": "lossy", "predictions": {"source": ["oracle", "predictions"]}, "id_column": "prediction_id",
            "timestamp_column": "predicted_at", "task": "binary_classification", "score_column": "score",
            "window": "day", "features": {"numeric": ["amount"]}, "outcome_lookback_days": LOOKBACK_DAYS,
            "reference": {"start": "2025-05-01", "end": "2025-05-03"},
            "outcomes": {"relation": {"source": ["oracle", "outcomes"]}, "id_column": "prediction_id",
                         "label_column": "label", "timestamp_column": "observed_at"}}


@pytest.mark.parametrize("engine", ALL_ENGINES, indirect=True)
def test_lost_rows_are_counted(engine):
    predictions, outcomes = _data()
    engine.load_table(engine.oracle_schema, "predictions", predictions)
    engine.load_table(engine.oracle_schema, "outcomes", outcomes)
    # the marts read below with their parents (and the package's own tests on them)
    marts = with_parents("prediction_quality", "prediction_outcomes", "outcome_quality", "feature_drift", "performance")
    run = engine.dbt("build", "--select", *marts, vars={"model_monitor": {"monitors": [_monitor()]}})
    assert run.success, run.messages[-8000:]  # the package's own not_null tests pass: NULL ids are not joined

    quality = engine.table("model_monitor__prediction_quality").set_index("monitor_name").loc["lossy"]
    with_id = predictions.dropna(subset=["prediction_id"])
    assert int(quality.prediction_rows) == len(predictions)
    assert int(quality.null_timestamp_rows) == predictions.predicted_at.isna().sum() == 210
    assert int(quality.null_prediction_id_rows) == predictions.prediction_id.isna().sum() == 30
    assert int(quality.duplicate_prediction_rows) == len(with_id) - with_id.prediction_id.nunique() > 0

    joined = engine.table("model_monitor__prediction_outcomes")
    assert joined.prediction_id.notna().all()
    timed = with_id.dropna(subset=["predicted_at"])
    assert len(joined) == timed.prediction_id.nunique()  # one row per id, none collapsed into a NULL id

    oq = engine.table("model_monitor__outcome_quality").set_index("monitor_name").loc["lossy"]
    first = timed.groupby("prediction_id").predicted_at.min()
    matched = outcomes[outcomes.prediction_id.isin(first.index)]
    late = (matched.observed_at > matched.prediction_id.map(first) + pd.Timedelta(days=LOOKBACK_DAYS)).sum()
    assert int(oq.late_outcome_rows) == late > 100 and late < 5000
    assert int(oq.unknown_prediction_outcome_rows) == 1

    # every window still counts the rows it has: all but the NULL-timestamp ones
    drift = engine.table("model_monitor__feature_drift")
    drift = drift[(drift.monitor_name == "lossy") & (drift.feature_name == "amount")]
    assert int(drift.row_count.sum()) == len(predictions) - 210


_PROJECT = """
name: lost_rows
version: "0.1.0"
config-version: 2
profile: lost_rows
flags: {send_anonymous_usage_stats: false}
vars:
  model_monitor:
    monitors:
      - {name: lossy, predictions: predictions, id_column: prediction_id, timestamp_column: predicted_at,
         task: binary_classification, score_column: score, window: day, features: {numeric: [amount]},
         reference: {start: '2025-05-01', end: '2025-05-03'}, outcome_lookback_days: 30,
         outcomes: {relation: outcomes, id_column: prediction_id, label_column: label, timestamp_column: observed_at}}
"""


def test_a_gate_fails_on_lost_rows_and_names_them(tmp_path):
    """model_monitor.rows_lost_at_most on the predictions model: fails naming each count over the
    limit, passes with a limit above them, and can be narrowed to chosen counts."""
    import duckdb
    from dbt.cli.main import dbtRunner

    predictions, outcomes = _data()
    with duckdb.connect(str(tmp_path / "w.duckdb")) as con:
        con.register("p", predictions)
        con.register("o", outcomes)
        con.execute("create table raw_predictions as select * from p")
        con.execute("create table raw_outcomes as select * from o")
    (tmp_path / "models").mkdir()
    (tmp_path / "dbt_packages").mkdir()
    (tmp_path / "dbt_packages" / "model_monitor").symlink_to(REPO)
    (tmp_path / "dbt_project.yml").write_text(_PROJECT)
    (tmp_path / "profiles.yml").write_text(
        f"lost_rows:\n  target: d\n  outputs:\n    d: {{type: duckdb, path: '{tmp_path / 'w.duckdb'}', threads: 1}}\n")
    (tmp_path / "models" / "predictions.sql").write_text("select * from raw_predictions")
    (tmp_path / "models" / "outcomes.sql").write_text("select * from raw_outcomes")
    (tmp_path / "models" / "gates.yml").write_text(textwrap.dedent("""
        version: 2
        models:
          - name: predictions
            data_tests:
              - model_monitor.rows_lost_at_most: {name: no_lost_rows, arguments: {monitor: lossy}}
              - model_monitor.rows_lost_at_most: {name: few_lost_rows, arguments: {monitor: lossy, max_rows: 5000}}
              - model_monitor.rows_lost_at_most:
                  name: no_row_without_timestamp
                  arguments: {monitor: lossy, counts: [null_timestamp_rows]}
        """))

    def dbt(*args):
        return dbtRunner().invoke([*args, "--project-dir", str(tmp_path), "--profiles-dir", str(tmp_path),
                                   "--log-path", str(tmp_path / "logs"), "--target-path", str(tmp_path / "target"),
                                   "--no-partial-parse", "--quiet"])

    assert dbt("run").success
    res = dbt("test", "--select", "test_name:rows_lost_at_most")
    results = {r.node.name: r for r in res.result.results}
    assert str(results["few_lost_rows"].status) == "pass"
    assert str(results["no_lost_rows"].status) == "fail"
    # every kind of loss in the data is a failing row: 3 prediction counts, 2 outcome counts (no
    # outcome is repeated or without a label)
    assert results["no_lost_rows"].failures == 5
    assert str(results["no_row_without_timestamp"].status) == "fail" and results["no_row_without_timestamp"].failures == 1
    with duckdb.connect(str(tmp_path / "w.duckdb")) as con:  # dbt's connection of this process may be open
        sql = (tmp_path / "target" / "compiled" / "lost_rows" / "models" / "gates.yml" / "no_lost_rows.sql").read_text()
        rows = con.execute(sql).fetchall()
    assert {r[2] for r in rows} == {"null_timestamp_rows", "null_prediction_id_rows", "duplicate_prediction_rows",
                                    "unknown_prediction_outcome_rows", "late_outcome_rows"}
    assert {r[2]: r[3] for r in rows}["null_timestamp_rows"] == 210 and all(r[4] == 0 for r in rows)
