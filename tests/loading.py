"""Load a pandas DataFrame into DuckDB, PostgreSQL or Spark, keeping NULL and NaN apart.

A ``None`` in an object column becomes SQL NULL; a float ``nan``, ``inf`` or ``-inf`` stays a
floating-point NaN or infinity. The monitors count these two cases separately
(``null_count`` and ``invalid_count``), so the loader the tests use must not merge them the way
``pyarrow.Table.from_pandas`` does by default.

A test helper, not shipped with the package: the tests import it as ``loading`` (pytest puts
``tests/`` on ``sys.path``), and ``benchmarks/bench.py`` takes its column types (:func:`sql_type`)
from here too.
"""
from __future__ import annotations

import datetime as dt
import math
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

__all__ = ["load_dataframe", "sql_type"]

_DUCKDB_TYPES = {"int": "BIGINT", "float": "DOUBLE", "bool": "BOOLEAN", "str": "VARCHAR",
                 "ts": "TIMESTAMP", "tstz": "TIMESTAMPTZ"}
_POSTGRES_TYPES = {"int": "bigint", "float": "double precision", "bool": "boolean",
                   "str": "text", "ts": "timestamp", "tstz": "timestamptz"}
# Spark's TIMESTAMP is an instant (shown in the session time zone, UTC for the package).
_SPARK_TYPES = {"int": "bigint", "float": "double", "bool": "boolean", "str": "string",
                "ts": "timestamp", "tstz": "timestamp"}
_TYPES = {"duckdb": _DUCKDB_TYPES, "postgres": _POSTGRES_TYPES, "spark": _SPARK_TYPES}


def _kind(series: pd.Series) -> str:
    dtype = series.dtype
    if isinstance(dtype, pd.DatetimeTZDtype):
        return "tstz"
    if pd.api.types.is_datetime64_any_dtype(dtype):
        return "ts"
    if pd.api.types.is_bool_dtype(dtype):
        return "bool"
    if pd.api.types.is_integer_dtype(dtype):
        return "int"
    if pd.api.types.is_float_dtype(dtype):
        return "float"
    values = [v for v in series.tolist() if v is not None]
    if values and all(isinstance(v, bool) for v in values):
        return "bool"
    if values and all(isinstance(v, (int, np.integer)) and not isinstance(v, bool) for v in values):
        return "int"
    if values and all(isinstance(v, (int, float, np.floating, np.integer)) for v in values):
        return "float"
    if values and all(isinstance(v, (pd.Timestamp, dt.datetime)) for v in values):
        return "tstz" if getattr(values[0], "tzinfo", None) else "ts"
    return "str"


def sql_type(series: pd.Series, engine: str) -> str:
    """The SQL type a column is created with on ``engine`` ('duckdb', 'postgres' or 'spark')."""
    return _TYPES[engine][_kind(series)]


def _python_values(series: pd.Series) -> list[Any]:
    # Only a float column keeps NaN: elsewhere pandas uses NaN as its missing marker.
    keep_nan = _kind(series) == "float"
    out: list[Any] = []
    for v in series.tolist():
        if v is None or v is pd.NaT or v is pd.NA or (
                not keep_nan and isinstance(v, float) and math.isnan(v)):
            out.append(None)
        elif isinstance(v, pd.Timestamp):
            out.append(v.to_pydatetime())
        elif isinstance(v, np.generic):
            out.append(v.item())
        else:
            out.append(v)
    return out


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def load_dataframe(con: Any, engine: str, schema: str, name: str, df: pd.DataFrame,
                   types: dict[str, str] | None = None) -> None:
    """Create (or replace) ``schema.name`` on ``con`` with the rows of ``df``.

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection, psycopg2 connection or pyspark SparkSession
    engine : {'duckdb', 'postgres', 'spark'}
    schema, name : str
        Target relation; created if missing.
    df : pandas.DataFrame
        ``None`` is NULL; float NaN and infinities are kept as such. A float64 column cannot
        hold both NULL and NaN: use an object column (``dtype=object``) for that.
    types : dict, optional
        SQL type per column, overriding the type inferred from the column.
    """
    if engine not in _TYPES:
        raise ValueError(f"engine must be 'duckdb', 'postgres' or 'spark', got {engine!r}")
    types = dict(types or {})
    columns = list(df.columns)
    col_types = {c: types.get(c) or sql_type(df[c], engine) for c in columns}
    if engine == "spark":
        _load_spark(con, schema, name, df, col_types)
        return
    target = f"{_quote(schema)}.{_quote(name)}"
    if engine == "duckdb":
        arrays = {}
        for c in columns:
            values = _python_values(df[c])
            arrays[c] = pa.array(values, from_pandas=False) if any(
                v is not None for v in values) else pa.nulls(len(values))
        table = pa.table(arrays) if columns else pa.table({})
        con.register("__model_monitor_load", table)
        select = ", ".join(f"cast({_quote(c)} as {col_types[c]}) as {_quote(c)}" for c in columns)
        con.execute(f"create schema if not exists {_quote(schema)}")
        con.execute(f"create or replace table {target} as select {select} from __model_monitor_load")
        con.unregister("__model_monitor_load")
        return
    from psycopg2.extras import execute_values

    ddl = ", ".join(f"{_quote(c)} {col_types[c]}" for c in columns)
    rows = list(zip(*[_python_values(df[c]) for c in columns])) if len(df) else []
    with con.cursor() as cur:
        cur.execute(f"create schema if not exists {_quote(schema)}")
        cur.execute(f"drop table if exists {target}")
        cur.execute(f"create table {target} ({ddl})")
        if rows:
            cols = ", ".join(_quote(c) for c in columns)
            execute_values(cur, f"insert into {target} ({cols}) values %s", rows, page_size=5000)
    if not getattr(con, "autocommit", True):
        con.commit()




def _load_spark(spark: Any, schema: str, name: str, df: pd.DataFrame, col_types: dict[str, str]) -> None:
    """``load_dataframe`` on a SparkSession: a managed parquet table in database ``schema``."""
    def quote(identifier: str) -> str:
        return "`" + identifier.replace("`", "``") + "`"

    def spark_type(sql: str) -> str:  # the types the tests pass for PostgreSQL/DuckDB
        sql = sql.lower()
        return {"double precision": "double", "text": "string", "varchar": "string",
                "timestamptz": "timestamp", "integer": "int"}.get(sql, sql)

    def value(v: Any) -> Any:
        # naive timestamps are UTC; pyspark would read them in the process's local time zone
        if isinstance(v, dt.datetime) and v.tzinfo is None:
            return v.replace(tzinfo=dt.timezone.utc)
        return v

    columns = list(df.columns)
    ddl = ", ".join(f"{quote(c)} {spark_type(col_types[c])}" for c in columns)
    rows = list(zip(*[[value(v) for v in _python_values(df[c])] for c in columns])) if len(df) else []
    frame = spark.createDataFrame(rows, schema=ddl)
    spark.sql(f"create database if not exists {quote(schema)}")
    target = f"{quote(schema)}.{quote(name)}"
    spark.sql(f"drop table if exists {target}")
    frame.write.format("parquet").saveAsTable(target)
