"""dbt-duckdb plugin that registers the package's Python UDFs on every DuckDB connection.

Add it to the DuckDB output in ``profiles.yml``::

    plugins:
      - module: model_monitor.duckdb_plugin

Without it the models still build; the p-value columns are NULL.
"""
from __future__ import annotations

from dbt.adapters.duckdb.plugins import BasePlugin

from model_monitor.udf_registry import UDFS

__all__ = ["Plugin", "register"]

_DUCKDB_TYPES = {"double": "DOUBLE", "bigint": "BIGINT"}


def register(conn) -> None:
    """Create every UDF of :data:`model_monitor.udf_registry.UDFS` on a DuckDB connection."""
    for udf in UDFS:
        try:
            conn.remove_function(udf.sql_name)
        except Exception:  # not registered yet on this connection
            pass
        conn.create_function(udf.sql_name, udf.function,
                             [_DUCKDB_TYPES[t] for _, t in udf.arguments],
                             _DUCKDB_TYPES[udf.returns], side_effects=False)


class Plugin(BasePlugin):
    """Registers the UDFs when dbt-duckdb opens a connection."""

    def configure_connection(self, conn) -> None:
        register(conn)
