#!/usr/bin/env bash
# The whole suite (`make test`): starts the project's own PostgreSQL server, installs chromium for
# the report's browser tests (scripts/chromium.sh) and Lightdash's compiler (scripts/lightdash.sh), generates the demo
# data, runs pytest (unit, oracle, incremental, config-error and dbt integration tests on DuckDB
# and PostgreSQL, and on Spark: tests marked `spark`, each pytest process with one local
# SparkSession whose metastore and warehouse in build/spark/pytest-<pid> it removes at exit), and
# stops the server whatever happens. Arguments go to pytest (`make test-spark` passes -m spark).
set -euo pipefail
cd "$(dirname "$0")/.."
export MODEL_MONITOR_PG_PORT="${MODEL_MONITOR_PG_PORT:-54329}"
export MODEL_MONITOR_REQUIRE_POSTGRES=1
export DO_NOT_TRACK=1
trap 'bash scripts/postgres.sh stop' EXIT
bash scripts/postgres.sh start
# The report's browser tests (tests/test_report_browser.py) drive Debian's chromium: installed here
# when missing (idempotent), and then required, so that they cannot skip silently.
bash scripts/chromium.sh
export MODEL_MONITOR_REQUIRE_BROWSER=1
# Lightdash's dbt compiler for tests/test_mart_docs.py (Node.js and a pinned @lightdash/common in
# build/lightdash): installed here when missing, and then required.
bash scripts/lightdash.sh
export MODEL_MONITOR_REQUIRE_LIGHTDASH=1
# PL/Python runs as user postgres and imports scipy from this venv; in a checkout that user cannot
# enter (postgres.sh then keeps the cluster in a directory of its own under /tmp), numpy and scipy
# are copied there for it (removed with the cluster by postgres.sh stop).
PURELIB=$(.venv/bin/python -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
if [ "$(id -u)" = 0 ] && [ -f build/postgres/rundir ] && ! runuser -u postgres -- test -r "$PURELIB/scipy/__init__.py"; then
  UDF_PATH="$(cat build/postgres/rundir)/site-packages"
  mkdir -p "$UDF_PATH"
  for pkg in "$PURELIB"/numpy "$PURELIB"/numpy.libs "$PURELIB"/scipy "$PURELIB"/scipy.libs; do
    if [ -e "$pkg" ]; then cp -r "$pkg" "$UDF_PATH/"; fi
  done
  chown -R postgres "$UDF_PATH"
  export MODEL_MONITOR_UDF_PYTHON_PATH="$UDF_PATH"
  echo "run_tests.sh: numpy and scipy copied to $UDF_PATH for PL/Python (the checkout is private)"
fi
# --durations: where the suite spends its time, printed at the end of every run (CI included).
# Two pytest-xdist workers (one per core of the machines this runs on; MODEL_MONITOR_TEST_WORKERS
# to change it, 0 for one process): every test has its own DuckDB file, PostgreSQL schema or
# Spark database, and all Spark tests go to one worker (conftest.py), so one SparkSession starts.
WORKERS="${MODEL_MONITOR_TEST_WORKERS:-2}"
.venv/bin/python -m pytest -q -p no:cacheprovider --durations=15 -n "$WORKERS" --dist loadgroup "$@"
