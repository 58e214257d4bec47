"""Spark checks too slow for `make test` (each ~7 dbt builds of several minutes on a small
machine), run by hand: ``python -m pytest tests/spark_slow_checks.py`` (the file name keeps it
out of the default collection). Incremental runs on Spark use insert_overwrite by window
partition instead of delete+insert: this runs the incremental test on Spark as it is."""
from __future__ import annotations

import pytest

import test_incremental


@pytest.mark.spark
@pytest.mark.parametrize("engine", ["spark"], indirect=True)
def test_incremental_equals_full_refresh_on_spark(engine):
    test_incremental.test_incremental_equals_full_refresh(engine)
