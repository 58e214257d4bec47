"""Run the integration dbt project in-process against DuckDB, PostgreSQL or Spark.

Tests use :class:`Engine` to load input tables, run ``dbt`` with a monitors config passed as
``--vars`` and read the marts back as pandas DataFrames. Each test gets its own DuckDB file or
PostgreSQL schema or Spark database, so tests never see each other's tables. Spark tests share
one local SparkSession per pytest process (:func:`spark_session`), whose Derby metastore and
warehouse live in ``build/spark/pytest-<pid>``.
"""
from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sysconfig
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

REPO = Path(__file__).resolve().parents[1]
PROJECT_DIR = REPO / "integration_tests"
PG_PORT = int(os.environ.get("MODEL_MONITOR_PG_PORT", "54329"))
SPARK_DIR = REPO / "build" / "spark" / f"pytest-{os.getpid()}"
_SPARK = None

import pytest  # noqa: E402  (after the constants, used for the engine parameters)

# ``@pytest.mark.parametrize("engine", ALL_ENGINES, indirect=True)`` runs a test on Spark too.
ALL_ENGINES = ["duckdb", pytest.param("postgres", marks=pytest.mark.postgres),
               pytest.param("spark", marks=pytest.mark.spark)]


def with_parents(*marts: str) -> tuple[str, ...]:
    """The `--select` arguments that build the package marts named (without their
    `model_monitor__` prefix) and everything they read, so a test builds only what it asserts on."""
    return tuple("+model_monitor__" + m for m in marts)


def java_available() -> bool:
    """Whether ``java -version`` runs (pyspark needs a JVM)."""
    if shutil.which("java") is None:
        return False
    return subprocess.run(["java", "-version"], capture_output=True).returncode == 0


def spark_session():
    """The SparkSession of this pytest process, built once, with the package's UDFs."""
    global _SPARK
    if _SPARK is None:
        from model_monitor.spark import get_session

        _SPARK = get_session(SPARK_DIR)
    return _SPARK


def stop_spark_session() -> None:
    """Stop the shared session and delete its metastore and warehouse."""
    global _SPARK
    if _SPARK is not None:
        _SPARK.stop()
        _SPARK = None
    shutil.rmtree(SPARK_DIR, ignore_errors=True)


@dataclass
class DbtRun:
    success: bool
    logs: str
    exception: BaseException | None
    results: Any

    @property
    def messages(self) -> str:
        """Every error text of the run: the exception, node messages and the log."""
        parts = [str(self.exception or "")]
        for r in getattr(self.results, "results", None) or []:
            parts.append(str(getattr(r, "message", "") or ""))
        parts.append(self.logs)
        return "\n".join(parts)


def _ensure_deps() -> None:
    """`dbt deps` once for the integration project; a lock file keeps parallel pytest workers
    (pytest-xdist) from installing the package link at the same time."""
    if (PROJECT_DIR / "dbt_packages" / "model_monitor").exists():
        return
    import fcntl

    (REPO / "build").mkdir(exist_ok=True)
    with open(REPO / "build" / "dbt-deps.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (PROJECT_DIR / "dbt_packages" / "model_monitor").exists():
            from model_monitor.dbt_runner import invoke

            run = invoke(["deps", "--quiet"], PROJECT_DIR, PROJECT_DIR)
            assert run.success, (run.exception, run.output[-3000:])


@dataclass
class Engine:
    """One warehouse for one test: a DuckDB file or a PostgreSQL schema prefix."""

    name: str
    workdir: Path
    schema: str = field(default_factory=lambda: "t_" + uuid.uuid4().hex[:10])
    target: str | None = None  # profile output; defaults to the engine's name
    # where PL/Python imports scipy from: this venv, or the copy run_tests.sh made for a private checkout
    udf_python_path: str | None = field(default_factory=lambda: os.environ.get("MODEL_MONITOR_UDF_PYTHON_PATH")
                                        or sysconfig.get_paths()["purelib"])

    # -- environment seen by profiles.yml and sources.yml ---------------------------------
    @property
    def duckdb_path(self) -> Path:
        return self.workdir / "warehouse.duckdb"

    @property
    def env(self) -> dict[str, str]:
        # cautious: `--select package:model_monitor` runs the package's own tests, not the
        # integration project's fixture tests whose seeds are not selected.
        env = {"MODEL_MONITOR_TARGET": self.target or self.name, "DBT_INDIRECT_SELECTION": "cautious",
               # PL/Python runs the system python3: let it import scipy from this venv
               "MODEL_MONITOR_UDF_PYTHON_PATH": self.udf_python_path or ""}
        if self.name == "duckdb":
            env["MODEL_MONITOR_DUCKDB_PATH"] = str(self.duckdb_path)
            env["MODEL_MONITOR_ORACLE_SCHEMA"] = "oracle"
            env["MODEL_MONITOR_DEMO_SCHEMA"] = "demo"
        elif self.name == "spark":
            env["MODEL_MONITOR_SPARK_DIR"] = str(SPARK_DIR)
            env["MODEL_MONITOR_SPARK_SCHEMA"] = self.schema
            env["MODEL_MONITOR_ORACLE_SCHEMA"] = self.schema + "_oracle"
            env["MODEL_MONITOR_DEMO_SCHEMA"] = self.schema + "_demo"
        else:
            env["MODEL_MONITOR_PG_PORT"] = str(PG_PORT)
            env["MODEL_MONITOR_PG_SCHEMA"] = self.schema
            env["MODEL_MONITOR_ORACLE_SCHEMA"] = self.schema + "_oracle"
            env["MODEL_MONITOR_DEMO_SCHEMA"] = self.schema + "_demo"
        return env

    @property
    def mart_schema(self) -> str:
        return "main" if self.name == "duckdb" else self.schema

    @property
    def oracle_schema(self) -> str:
        return self.env["MODEL_MONITOR_ORACLE_SCHEMA"]

    @property
    def demo_schema(self) -> str:
        return self.env["MODEL_MONITOR_DEMO_SCHEMA"]

    # -- connections ----------------------------------------------------------------------
    @contextlib.contextmanager
    def connect(self):
        if self.name == "duckdb":
            con = duckdb.connect(str(self.duckdb_path))
            try:
                yield con
            finally:
                con.close()
        elif self.name == "spark":
            yield spark_session()
        else:
            import psycopg2

            con = psycopg2.connect(host="127.0.0.1", port=PG_PORT, user="postgres",
                                   dbname="postgres")
            con.autocommit = True
            try:
                yield con
            finally:
                con.close()

    def execute(self, sql: str) -> None:
        with self.connect() as con:
            if self.name == "duckdb":
                con.execute(sql)
            elif self.name == "spark":
                con.sql(sql).collect()
            else:
                with con.cursor() as cur:
                    cur.execute(sql)

    def query(self, sql: str) -> pd.DataFrame:
        with self.connect() as con:
            if self.name == "duckdb":
                return con.execute(sql).df()
            if self.name == "spark":
                # toPandas reads timestamps in the session time zone (UTC), as naive values
                return con.sql(sql).toPandas()
            with con.cursor() as cur:
                cur.execute(sql)
                cols = [d[0] for d in cur.description]
                return pd.DataFrame(cur.fetchall(), columns=cols)

    def table(self, name: str, schema: str | None = None) -> pd.DataFrame:
        schema = schema or self.mart_schema
        if self.name == "spark":
            return self.query(f"select * from `{schema}`.`{name}`")
        return self.query(f'select * from "{schema}"."{name}"')

    def load_table(self, schema: str, name: str, df: pd.DataFrame,
                   types: dict[str, str] | None = None) -> None:
        """Create ``schema.name`` from ``df`` (replacing it). ``types`` maps column -> SQL type."""
        from loading import load_dataframe

        with self.connect() as con:
            load_dataframe(con, self.name, schema, name, df, types=types)

    # -- dbt ------------------------------------------------------------------------------
    def dbt(self, *args: str, vars: dict | None = None, write_json: bool | None = None) -> DbtRun:
        """Run dbt on the integration project for this engine. dbt reuses its partial parse
        (target/partial_parse.msgpack) when the vars and files did not change. manifest.json and
        run_results.json (about 1 s a call) are written only for `parse` and `docs`, or with
        ``write_json=True``; compiled SQL is written in any case."""
        from model_monitor.dbt_runner import invoke

        _ensure_deps()
        if write_json is None:
            write_json = bool(args) and args[0] in ("parse", "docs")
        cli = [*args, "--target-path", str(self.workdir / "target"),
               "--log-path", str(self.workdir / "logs"), "--no-use-colors",
               "--write-json" if write_json else "--no-write-json"]
        if vars is not None:
            cli += ["--vars", json.dumps(vars)]
        run = invoke(cli, PROJECT_DIR, PROJECT_DIR, self.env)
        logs = run.output
        log_file = self.workdir / "logs" / "dbt.log"
        if log_file.exists():
            logs += "\n" + log_file.read_text(errors="replace")[-20000:]
        return DbtRun(run.success, logs, run.exception, run.result)

    def drop(self) -> None:
        if self.name == "postgres":
            for s in (self.schema, self.oracle_schema, self.demo_schema):
                self.execute(f'drop schema if exists "{s}" cascade')
        elif self.name == "spark" and _SPARK is not None:
            for s in (self.schema, self.oracle_schema, self.demo_schema):
                self.execute(f"drop database if exists `{s}` cascade")


def validate_monitors(engine: "Engine", monitors: list[dict], resolve_relations: bool = False) -> DbtRun:
    """Run the validation get_monitors() runs on the var (normalize_monitors) on ``monitors``,
    through `dbt run-operation --args`: the parse stays partial, where changed --vars would make
    each call a full parse of the package. ``resolve_relations`` as the models that read the
    monitored relations call it (column checks need the tables)."""
    args = {"config": {"monitors": monitors}, "resolve_relations": resolve_relations}
    return engine.dbt("run-operation", "model_monitor.normalize_monitors", "--args", json.dumps(args))


def validation_error(engine: "Engine", monitors: list[dict], resolve_relations: bool = False) -> str:
    """The error message of :func:`validate_monitors`, which must fail."""
    run = validate_monitors(engine, monitors, resolve_relations)
    assert not run.success, "validation should have failed"
    return run.messages
