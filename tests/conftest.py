"""Fixtures: ``engine`` runs a test once on DuckDB and once on PostgreSQL."""
from __future__ import annotations

import os
import socket

import pytest

from dbt_harness import PG_PORT, Engine


def _postgres_up() -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", PG_PORT)) == 0


@pytest.fixture(params=["duckdb", pytest.param("postgres", marks=pytest.mark.postgres)])
def engine(request, tmp_path):
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


@pytest.fixture
def postgres_engine(tmp_path):
    if not _postgres_up():
        if os.environ.get("MODEL_MONITOR_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"PostgreSQL is not listening on 127.0.0.1:{PG_PORT}")
        pytest.skip("PostgreSQL not running (start it with `make postgres-start`)")
    eng = Engine("postgres", tmp_path)
    yield eng
    eng.drop()
