"""The package's UDFs: names, SQL signatures and the Python functions behind them.

Registration code for every engine reads this one table, so a function is declared once:
the dbt-duckdb plugin (:mod:`model_monitor.duckdb_plugin`), the PL/Python and cloud DDL
(generated into ``macros/udfs/python_udf_sources.sql`` by ``model-monitor udf-macros``) and Spark.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from python_udfs import statistics

__all__ = ["Udf", "UDFS"]


@dataclass(frozen=True)
class Udf:
    """One SQL function: its SQL name, argument names and types, and the Python function."""

    sql_name: str
    python_name: str
    arguments: tuple[tuple[str, str], ...]  # (name, 'double' | 'bigint')
    returns: str

    @property
    def function(self) -> Callable:
        return getattr(statistics, self.python_name)


UDFS: tuple[Udf, ...] = (
    Udf("model_monitor_ks_2samp_pvalue", "ks_2samp_pvalue",
        (("statistic", "double"), ("n", "bigint"), ("m", "bigint")), "double"),
    Udf("model_monitor_ks_2samp_pvalue_approx", "ks_2samp_pvalue_approx",
        (("statistic", "double"), ("n", "bigint"), ("m", "bigint")), "double"),
    Udf("model_monitor_chi2_sf", "chi2_sf", (("statistic", "double"), ("dof", "bigint")), "double"),
    Udf("model_monitor_normal_sf", "normal_sf", (("z", "double"),), "double"),
)
