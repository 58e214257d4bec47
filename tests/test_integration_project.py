"""`dbt build` of the whole integration project, as a user runs it, on DuckDB, PostgreSQL and Spark.

The project holds the demo monitor (over a small demo prediction log) and the hand-made fixtures
whose expected histograms and statuses are seeds; its singular tests compare the two, and the
schema tests check the marts' keys and accepted values.
"""
from __future__ import annotations

import pytest

from dbt_harness import ALL_ENGINES
from model_monitor import demo_data, demo_store


def _load_demo(engine, rows: int) -> None:
    predictions, outcomes = demo_data.generate(rows=rows, seed=11)
    if engine.name == "duckdb":
        demo_store.write_duckdb(engine.duckdb_path, predictions, outcomes, schema=engine.demo_schema)
    elif engine.name == "spark":
        engine.load_table(engine.demo_schema, "loan_predictions", predictions)
        engine.load_table(engine.demo_schema, "loan_outcomes", outcomes)
    else:
        with engine.connect() as con:
            demo_store.write_postgres(con, predictions, outcomes, schema=engine.demo_schema)


@pytest.mark.parametrize("engine", ALL_ENGINES, indirect=True)
def test_dbt_build_passes(engine):
    _load_demo(engine, rows=20_000)
    run = engine.dbt("build")
    assert run.success, run.messages[-8000:]
    tests = [r for r in run.results.results if r.node.resource_type == "test"]
    assert len(tests) >= 10 and all(r.status == "pass" for r in tests)
    drift = engine.table("model_monitor__feature_drift")
    demo_rows = drift[drift.monitor_name == "car_loan"]
    # 13 features and the score's own drift (__score__) x 90 days, every day present
    assert len(demo_rows) == 14 * demo_data.DAYS
    assert demo_rows.window_start.nunique() == demo_data.DAYS
