"""Fixtures: ``engine`` runs a test once on DuckDB and once on PostgreSQL (and on Spark where a
test asks for ``@pytest.mark.parametrize("engine", ALL_ENGINES, indirect=True)``)."""
from __future__ import annotations

import os
import socket

import pytest

from dbt_harness import PG_PORT, Engine, java_available, stop_spark_session


def pytest_itemcollected(item):
    """With pytest-xdist (`make test` runs two workers), every Spark test goes to the same worker
    (`--dist loadgroup`), so only one SparkSession starts. The group is marked as each item is
    collected: pytest-xdist reads the marks in its own pytest_collection_modifyitems, which ran
    before a conftest's, so marks added there were never seen and the Spark tests ran on both
    workers, each starting a JVM. (pytest 9.2 also drops xdist's group suffix, pytest-xdist issue
    1386: constraints-dev.txt holds pytest at 9.1.1.)"""
    if item.get_closest_marker("spark"):
        item.add_marker(pytest.mark.xdist_group("spark"))


def _postgres_up() -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", PG_PORT)) == 0


def _require_spark() -> None:
    if not java_available():
        if os.environ.get("MODEL_MONITOR_REQUIRE_SPARK") == "1":
            pytest.fail("Spark tests required but `java -version` does not run")
        pytest.skip("Spark skipped: no Java (`java -version` does not run)")
    try:
        import pyspark  # noqa: F401
        import dbt.adapters.spark  # noqa: F401
    except ImportError:
        if os.environ.get("MODEL_MONITOR_REQUIRE_SPARK") == "1":
            pytest.fail("Spark tests required but pyspark/dbt-spark are not installed (pip install -e '.[spark]')")
        pytest.skip("Spark skipped: pyspark/dbt-spark not installed (pip install -e '.[spark]')")


@pytest.fixture(scope="session", autouse=True)
def _stop_spark_at_exit():
    """One SparkSession per pytest process, stopped (and its directories removed) at the end."""
    yield
    stop_spark_session()


@pytest.fixture(params=["duckdb", pytest.param("postgres", marks=pytest.mark.postgres)])
def engine(request, tmp_path):
    if request.param == "spark":
        _require_spark()
    if request.param == "postgres" and not _postgres_up():
        if os.environ.get("MODEL_MONITOR_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"PostgreSQL is not listening on 127.0.0.1:{PG_PORT}")
        pytest.skip("PostgreSQL not running (start it with `make postgres-start`)")
    eng = Engine(request.param, tmp_path)
    yield eng
    eng.drop()


@pytest.fixture
def duckdb_engine(tmp_path):
    return Engine("duckdb", tmp_path)


@pytest.fixture(scope="module")
def parsed_duckdb(tmp_path_factory):
    """A DuckDB engine of this module (and pytest worker), parsed once: for configuration-error
    cases asked through dbt_harness.validation_error, which keeps the partial parse."""
    engine = Engine("duckdb", tmp_path_factory.mktemp("parsed"))
    assert engine.dbt("parse").success
    return engine


@pytest.fixture
def postgres_engine(tmp_path):
    if not _postgres_up():
        if os.environ.get("MODEL_MONITOR_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"PostgreSQL is not listening on 127.0.0.1:{PG_PORT}")
        pytest.skip("PostgreSQL not running (start it with `make postgres-start`)")
    eng = Engine("postgres", tmp_path)
    yield eng
    eng.drop()


@pytest.fixture
def spark_engine(tmp_path):
    _require_spark()
    eng = Engine("spark", tmp_path)
    yield eng
    eng.drop()
