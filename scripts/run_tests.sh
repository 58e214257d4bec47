#!/usr/bin/env bash
# The whole suite (`make test`): starts the project's own PostgreSQL server, generates the demo
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
# --durations: where the suite spends its time, printed at the end of every run (CI included)
.venv/bin/python -m pytest -q -p no:cacheprovider --durations=15 "$@"
