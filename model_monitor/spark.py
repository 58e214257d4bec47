"""A local SparkSession for dbt-spark (``method: session``) with the package's Python UDFs.

``CREATE FUNCTION ... LANGUAGE PYTHON`` is not Spark SQL, so the UDFs are registered on the
session itself (``spark.udf.register``) from the same functions as on every other engine
(:data:`model_monitor.udf_registry.UDFS`), and dbt then runs in the same process: dbt-spark's
session method reuses the active SparkSession. ``model-monitor dbt-spark -- build --target spark``
does all of it (:func:`run_dbt`).

The session keeps its Derby metastore and warehouse under one directory (default
``build/spark``). Derby allows one process per metastore: run one Spark build at a time there.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

from model_monitor.udf_registry import UDFS

__all__ = ["DEFAULT_DIR", "session_config", "get_session", "register_udfs", "run_dbt"]

DEFAULT_DIR = Path("build") / "spark"


def session_config(spark_dir: str | Path = DEFAULT_DIR, driver_memory: str = "2g") -> dict[str, str]:
    """The Spark settings of a local session whose metastore and warehouse live in ``spark_dir``.

    The session time zone is UTC: the package's timestamps are UTC (naive timestamps are taken
    to be UTC), and Spark interprets timestamp literals in the session time zone.
    """
    root = Path(spark_dir).resolve()
    return {
        "spark.master": "local[2]",
        "spark.app.name": "model_monitor",
        "spark.sql.warehouse.dir": str(root / "warehouse"),
        "spark.hadoop.javax.jdo.option.ConnectionURL":
            f"jdbc:derby:;databaseName={root / 'metastore_db'};create=true",
        "spark.driver.extraJavaOptions": f"-Dderby.system.home={root}",
        "spark.driver.memory": driver_memory,
        "spark.ui.enabled": "false",
        "spark.ui.showConsoleProgress": "false",
        "spark.sql.shuffle.partitions": "2",
        "spark.sql.session.timeZone": "UTC",
        # a local session lists partition directories itself: the distributed listing Spark
        # starts above 32 paths costs most of the planning of a model (measured: 161 s -> 87 s)
        "spark.sql.sources.parallelPartitionDiscovery.threshold": "100000",
        # insert_overwrite replaces only the partitions (windows) a run writes
        "spark.sql.sources.partitionOverwriteMode": "dynamic",
        "spark.sql.ansi.enabled": "false",
    }


def register_udfs(spark) -> None:
    """Register every UDF of :data:`~model_monitor.udf_registry.UDFS` on ``spark`` (temporary
    functions, visible to every SQL statement of the session, including dbt's)."""
    from pyspark.sql.types import DoubleType

    types = {"double": DoubleType()}
    for udf in UDFS:
        spark.udf.register(udf.sql_name, _coercing(udf), types[udf.returns])


def _coercing(udf):
    """The UDF with its arguments converted to the declared types: Spark passes a literal such
    as 0.3 as a Decimal, which the functions (strict about their input) reject."""
    def integer(value):  # a non-integral count stays as it is, for the function to reject
        return int(value) if value == int(value) else value

    casts = [float if sql_type == "double" else integer for _, sql_type in udf.arguments]
    function = udf.function

    def call(*args):
        return function(*[None if a is None else cast(a) for cast, a in zip(casts, args)])

    call.__name__ = udf.python_name
    return call


def get_session(spark_dir: str | Path = DEFAULT_DIR, udfs: bool = True, driver_memory: str = "2g"):
    """The SparkSession of this process (built once, with Hive support), UDFs registered."""
    from pyspark.sql import SparkSession

    root = Path(spark_dir).resolve()
    root.mkdir(parents=True, exist_ok=True)
    builder = SparkSession.builder.enableHiveSupport()
    for key, value in session_config(root, driver_memory).items():
        builder = builder.config(key, value)
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    # pyspark logs every failed statement as JSON; dbt reports the same error once
    import logging

    logging.getLogger("SQLQueryContextLogger").setLevel(logging.CRITICAL)
    if udfs:
        register_udfs(spark)
    return spark


def run_dbt(args: list[str], spark_dir: str | Path = DEFAULT_DIR, udfs: bool = True) -> bool:
    """Build the session, register the UDFs, run ``dbt <args>`` in-process; True on success.

    The environment variable ``MODEL_MONITOR_SPARK_DIR`` is ``spark_dir`` during the call, so
    that a profile can point its ``server_side_parameters`` at the same directories. An active
    session of this process is reused (its directories are then its own) and not stopped.
    """
    from pyspark.sql import SparkSession

    from model_monitor.dbt_runner import invoke

    root = Path(spark_dir).resolve()
    existing = SparkSession.getActiveSession()  # reused and left running (e.g. a notebook's)
    spark = get_session(root, udfs=udfs)
    try:
        return invoke(args, env={"MODEL_MONITOR_SPARK_DIR": str(root)}, capture=False).success
    finally:
        if existing is None:
            spark.stop()
