"""UDF registration: generated from the one Python source, valid DDL per warehouse, and
graceful when the UDFs are missing (p-values NULL, every statistic still computed)."""
from __future__ import annotations

import re
import textwrap

import numpy as np
import pandas as pd
import pytest
import sqlglot
from sqlglot import exp

from dbt_harness import Engine
from model_monitor.udf_registry import UDFS
from model_monitor.udf_sql import MACRO_FILE, SOURCE_FILE, render_udf_macros


def test_generated_macro_file_is_current():
    assert MACRO_FILE.read_text() == render_udf_macros(), "run `model-monitor udf-macros`"


def test_generator_refuses_sources_that_would_break_the_ddl():
    with pytest.raises(ValueError, match=r"must not contain '\$\$'"):
        render_udf_macros("x = '$$'\n")


def _ddl(engine: Engine, dialect: str) -> str:
    run = engine.dbt("run-operation", "model_monitor.print_udf_ddl", "--args", f"{{dialect: {dialect}}}")
    assert run.success, run.messages[-4000:]
    match = re.search(r"-- model_monitor udf ddl begin\n(.*?)\n-- model_monitor udf ddl end", run.logs, re.S)
    assert match, run.logs[-3000:]
    return match.group(1)


@pytest.mark.parametrize("dialect", ["snowflake", "bigquery", "databricks"])
def test_cloud_ddl_parses_and_embeds_the_python_source(duckdb_engine, dialect):
    ddl = _ddl(duckdb_engine, dialect)
    bodies = re.findall(r"\$\$\n(.*?)\n\$\$", ddl, re.S)
    if dialect == "databricks":
        # sqlglot's Databricks tokenizer reads inside $$ bodies (an apostrophe in a Python
        # comment breaks it), so the statement is parsed around a placeholder body and the real
        # body is compiled as Python below.
        ddl = re.sub(r"\$\$\n.*?\n\$\$", "$$return 0.0$$", ddl, flags=re.S)
    statements = [s for s in sqlglot.parse(ddl, read=dialect) if s is not None]
    assert len(statements) == len(UDFS)
    source = SOURCE_FILE.read_text()
    for i, (statement, udf) in enumerate(zip(statements, UDFS)):
        assert isinstance(statement, exp.Create) and statement.args["kind"] == "FUNCTION"
        assert statement.this.this.name == udf.sql_name
        assert [c.name for c in statement.this.expressions] == [a for a, _ in udf.arguments]
        body = bodies[i] if dialect == "databricks" else statement.expression.name
        assert "def ks_2samp_pvalue(" in body and "def chi2_sf(" in body
        if dialect == "databricks":  # a function body: the module, then `return handler(...)`
            compile("def _udf(" + ", ".join(a for a, _ in udf.arguments) + "):\n"
                    + textwrap.indent(body, "    "), "<databricks>", "exec")
            assert body.rstrip().endswith(f"return {udf.python_name}({', '.join(a for a, _ in udf.arguments)})")
        else:  # a module with the handler in it
            compile(body, "<udf>", "exec")
            assert body.strip() == source.strip()


def _small_drift_build(engine: Engine) -> tuple[pd.DataFrame, str]:
    rng = np.random.default_rng(4)
    n = 400
    engine.load_table(engine.oracle_schema, "predictions", pd.DataFrame({
        "prediction_id": [f"p{i}" for i in range(n)],
        "predicted_at": pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 4 * 86400, n), unit="s"),
        "score": rng.random(n), "x": rng.normal(size=n), "c": rng.choice(list("abc"), n)}))
    monitor = {"name": "m", "predictions": {"source": ["oracle", "predictions"]}, "id_column": "prediction_id",
               "timestamp_column": "predicted_at", "task": "binary_classification", "score_column": "score",
               "features": {"numeric": ["x"], "categorical": ["c"]}, "window": "day",
               "reference": {"start": "2024-01-01", "end": "2024-01-02"}}
    run = engine.dbt("build", "--select", "package:model_monitor", vars={"model_monitor": {"monitors": [monitor]}})
    assert run.success, run.messages[-6000:]
    return engine.table("model_monitor__feature_drift"), run.logs


def _assert_statistics_without_pvalues(drift: pd.DataFrame) -> None:
    numeric, categorical = drift[drift.feature_type == "numeric"], drift[drift.feature_type == "categorical"]
    assert numeric.ks_statistic.notna().all() and numeric.wasserstein.notna().all()
    assert categorical.chi2_statistic.notna().all() and drift.psi.notna().all()
    assert drift.ks_pvalue.isna().all() and drift.chi2_pvalue.isna().all()


def test_duckdb_without_the_plugin_leaves_pvalues_null(tmp_path):
    engine = Engine("duckdb", tmp_path, target="duckdb_no_udfs")
    drift, logs = _small_drift_build(engine)
    _assert_statistics_without_pvalues(drift)
    assert "Python UDFs are not registered on duckdb" in logs


@pytest.mark.postgres
def test_postgres_udfs_that_cannot_import_scipy_are_dropped(postgres_engine):
    engine = postgres_engine
    engine.udf_python_path = ""  # PL/Python's system python3 has no scipy
    drift, logs = _small_drift_build(engine)
    _assert_statistics_without_pvalues(drift)
    assert "Python UDFs are not registered on postgres" in logs
