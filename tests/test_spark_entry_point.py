"""`model-monitor dbt-spark -- ...`: builds a SparkSession, registers the package's UDFs and runs dbt
in the same process, so SQL run by dbt on the spark target can call them."""
from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from dbt_harness import PROJECT_DIR, REPO, _ensure_deps, java_available
from python_udfs.statistics import chi2_sf, ks_2samp_pvalue

pytestmark = pytest.mark.spark


def _show(tmp_path, sql: str, *flags: str) -> subprocess.CompletedProcess:
    _ensure_deps()
    env = {**os.environ, "DO_NOT_TRACK": "1"}
    return subprocess.run(
        [sys.executable, "-m", "model_monitor.cli", "dbt-spark", "--spark-dir", str(tmp_path / "spark"), *flags, "--",
         "show", "--inline", sql, "--output", "json", "--target", "spark", "--project-dir", str(PROJECT_DIR),
         "--profiles-dir", str(PROJECT_DIR), "--target-path", str(tmp_path / "target"),
         "--log-path", str(tmp_path / "logs"), "--no-partial-parse"],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=900)


def test_udfs_callable_in_dbt_on_spark(tmp_path):
    if not java_available():
        pytest.skip("Spark skipped: no Java (`java -version` does not run)")
    run = _show(tmp_path, "select model_monitor_ks_2samp_pvalue(0.3, 10, 12) as ks, "
                          "model_monitor_chi2_sf(7.5, 3) as chi2")
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-4000:]
    ks = re.search(r'"ks": ([0-9.eE+-]+)', run.stdout)
    chi2 = re.search(r'"chi2": ([0-9.eE+-]+)', run.stdout)
    assert ks and chi2, run.stdout[-2000:]
    # the same functions as on DuckDB and PostgreSQL (themselves tested against scipy)
    assert float(ks.group(1)) == pytest.approx(ks_2samp_pvalue(0.3, 10, 12), rel=1e-12)
    assert float(chi2.group(1)) == pytest.approx(chi2_sf(7.5, 3), rel=1e-12)


def test_without_udfs_the_function_is_unknown(tmp_path):
    """The control: the same statement fails when the wrapper registers nothing."""
    if not java_available():
        pytest.skip("Spark skipped: no Java (`java -version` does not run)")
    run = _show(tmp_path, "select model_monitor_ks_2samp_pvalue(0.3, 10, 12) as ks", "--no-udfs")
    assert run.returncode != 0
    assert "model_monitor_ks_2samp_pvalue" in run.stdout + run.stderr
