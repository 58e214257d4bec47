"""Pure Python functions that finish what SQL cannot do well (distribution tails).

Installed as the top-level package ``python_udfs``, beside ``model_monitor``. The functions take
and return plain Python scalars so that every engine can register them unchanged: a dbt-duckdb
plugin on DuckDB, PL/Python on PostgreSQL (bodies generated from this source),
``spark.udf.register`` on Spark, and ``CREATE FUNCTION ... LANGUAGE PYTHON`` on Snowflake,
Databricks and BigQuery.
"""
from .statistics import chi2_sf, ks_2samp_pvalue, ks_2samp_pvalue_approx, normal_sf

__all__ = ["chi2_sf", "ks_2samp_pvalue", "ks_2samp_pvalue_approx", "normal_sf"]
