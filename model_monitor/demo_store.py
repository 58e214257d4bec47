"""Writing the demo log (:mod:`model_monitor.demo_data`) into DuckDB and PostgreSQL, and the
marker by which ``model-monitor demo``/``generate`` recognise a DuckDB file they wrote.
"""
from __future__ import annotations

import io
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # annotations only: the frames come from the caller
    import pandas as pd

__all__ = ["write_duckdb", "write_duckdb_days", "write_postgres", "MARKER_TABLE", "mark_duckdb",
           "is_duckdb_file", "is_demo_duckdb"]


def write_duckdb(path: str | Path, predictions: pd.DataFrame, outcomes: pd.DataFrame,
                 schema: str = "demo") -> None:
    """Write ``<schema>.loan_predictions`` and ``<schema>.loan_outcomes`` into a DuckDB file.

    Existing tables of those names are replaced; the file and its folder are created if needed.
    Column types follow the frames: TIMESTAMP, BIGINT, DOUBLE, BOOLEAN and VARCHAR, with NA as
    NULL.
    """
    write_duckdb_days(path, [(predictions, outcomes)], schema)


def write_duckdb_days(path: str | Path, days: Iterable[tuple[pd.DataFrame, pd.DataFrame]],
                      schema: str = "demo") -> tuple[int, int]:
    """:func:`write_duckdb` for a log given in parts, e.g. :func:`model_monitor.demo_data.iter_days`; memory: one part.

    Returns
    -------
    (int, int)
        The numbers of predictions and outcomes written.
    """
    import duckdb

    Path(path).parent.mkdir(parents=True, exist_ok=True)
    written = [0, 0]
    con = duckdb.connect(str(path))
    try:
        con.execute("set enable_progress_bar = false")  # keep the CLI's output to its own lines
        # qualified by catalog: a file named like the schema (demo.duckdb) makes "demo" ambiguous
        catalog = con.execute("select current_database()").fetchone()[0]
        con.execute(f'create schema if not exists "{catalog}"."{schema}"')
        for i, frames in enumerate(days):
            for j, (name, frame) in enumerate(zip(("loan_predictions", "loan_outcomes"), frames)):
                # the demo frames hold no NaN (only NA), so DuckDB's own pandas scan is exact
                con.register("__demo_frame", frame)
                target = f'"{catalog}"."{schema}"."{name}"'
                con.execute(f"create or replace table {target} as select * from __demo_frame" if i == 0
                            else f"insert into {target} select * from __demo_frame")
                con.unregister("__demo_frame")
                written[j] += len(frame)
    finally:
        con.close()
    return written[0], written[1]


MARKER_TABLE = "model_monitor_demo_meta"
"""The table (in schema ``main``) by which ``model-monitor demo``/``generate`` recognise a DuckDB file
they created themselves, and so may replace."""
_DUCKDB_MAGIC = b"DUCK"  # bytes 8..11 of every DuckDB database file


def mark_duckdb(path: str | Path, rows: int, seed: int, extra_features: int = 0) -> None:
    """Create the DuckDB file ``path`` holding only ``main.model_monitor_demo_meta``, one row:
    who wrote it, when, and with which arguments. Written before the log, so that a run interrupted
    half-way still leaves a file the next run recognises (:func:`is_demo_duckdb`)."""
    import duckdb

    Path(path).parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path))
    try:
        catalog = con.execute("select current_database()").fetchone()[0]
        con.execute(f'create or replace table "{catalog}"."main"."{MARKER_TABLE}" as select '
                    "'model-monitor' as written_by, current_timestamp as written_at, "
                    "?::bigint as rows, ?::bigint as seed, ?::integer as extra_features",
                    [int(rows), int(seed), int(extra_features)])
    finally:
        con.close()


def is_duckdb_file(path: str | Path) -> bool:
    """True when the file ``path`` starts with a DuckDB database header (only its first bytes are read)."""
    with open(path, "rb") as f:
        return f.read(12)[8:12] == _DUCKDB_MAGIC


def is_demo_duckdb(path: str | Path, accept_unmarked_log: bool = False) -> bool:
    """True when ``path`` is a DuckDB file written by ``model-monitor demo``/``generate``: it holds
    ``main.model_monitor_demo_meta`` (:func:`mark_duckdb`), or, with ``accept_unmarked_log``, the
    demo log ``demo.loan_predictions`` that versions before the marker wrote.

    False for a file that is not a DuckDB database (its header is read, nothing else). Opens a
    DuckDB file read-only, so raises ``duckdb.Error`` when it cannot be read, e.g. while another
    process has it open for writing.
    """
    import duckdb

    if not is_duckdb_file(path):
        return False
    con = duckdb.connect(str(path), read_only=True)
    try:
        tables = set(con.execute("select table_schema, table_name from information_schema.tables "
                                 "where table_catalog = current_database()").fetchall())
    finally:
        con.close()
    return ("main", MARKER_TABLE) in tables or (accept_unmarked_log and ("demo", "loan_predictions") in tables)


_POSTGRES_TYPES = {"object": "text", "str": "text", "string": "text", "int64": "bigint",
                   "float64": "double precision", "Float64": "double precision", "bool": "boolean",
                   "datetime64[us]": "timestamp", "datetime64[ns]": "timestamp"}


def write_postgres(conn, predictions: pd.DataFrame, outcomes: pd.DataFrame, schema: str) -> None:
    """Write the same two tables into PostgreSQL with COPY (NULL stays NULL)."""
    with conn.cursor() as cur:
        cur.execute(f'create schema if not exists "{schema}"')
        for name, frame in (("loan_predictions", predictions), ("loan_outcomes", outcomes)):
            columns = ", ".join(f'"{c}" {_POSTGRES_TYPES[str(frame[c].dtype)]}' for c in frame.columns)
            cur.execute(f'drop table if exists "{schema}"."{name}"')
            cur.execute(f'create table "{schema}"."{name}" ({columns})')
            buffer = io.StringIO()
            frame.to_csv(buffer, index=False, header=False, na_rep="")
            buffer.seek(0)
            cur.copy_expert(f'copy "{schema}"."{name}" from stdin with (format csv, null \'\')', buffer)
    if not getattr(conn, "autocommit", True):
        conn.commit()
