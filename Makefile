# Two commands a new user needs: `make demo` and `make test`. Both build the venv themselves.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: demo test test-spark test-python test-postgres venv postgres-start postgres-stop clean bench

venv: $(STAMP)

$(STAMP): pyproject.toml constraints-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -c constraints-dev.txt -e '.[test]'
	touch $(STAMP)

## Generate the demo prediction log, run `dbt build` on DuckDB, print what it found, write the HTML report.
demo: $(STAMP)
	$(BIN)/model-monitor demo

## Every test: Python unit tests, then the dbt integration suite on DuckDB and PostgreSQL, and on
## Spark when Java runs (the spark extra is installed then); says so plainly when it skips Spark.
test: $(STAMP)
	@if java -version >/dev/null 2>&1; then \
	  $(MAKE) --no-print-directory $(SPARK_STAMP) && MODEL_MONITOR_REQUIRE_SPARK=1 bash scripts/run_tests.sh; \
	else \
	  echo "make test: Spark tests SKIPPED: no Java (\`java -version\` does not run); install Java 17 to run them"; \
	  bash scripts/run_tests.sh -m "not spark"; \
	fi

## The Spark tests only (local SparkSession through dbt-spark; needs Java 17): the cross-engine
## comparison and the integration project on Spark. Metastore and warehouse under build/spark/.
SPARK_STAMP := $(VENV)/.spark-stamp

$(SPARK_STAMP): $(STAMP) pyproject.toml constraints-dev.txt
	$(BIN)/pip install --quiet --disable-pip-version-check -c constraints-dev.txt -e '.[test,spark]'
	touch $(SPARK_STAMP)

test-spark: $(STAMP)
	@java -version >/dev/null 2>&1 || { echo "make test-spark: needs Java 17 (\`java -version\` does not run)"; exit 1; }
	$(MAKE) --no-print-directory $(SPARK_STAMP)
	MODEL_MONITOR_REQUIRE_SPARK=1 bash scripts/run_tests.sh -m spark

## The benchmark (benchmarks/, docs/benchmark.md): prints its table and writes benchmarks/results.md
## (or --output FILE). Long at the default sizes (10M and 50M rows; 1M on PostgreSQL, whose server it
## starts with scripts/postgres.sh on port 54393 and stops; 200k on a local Spark session, for which
## it installs the spark extra when Java runs, else the Spark rows say "not run"); e.g.
## BENCH_ARGS='--rows 1_000_000 --memory-rows 1_000_000 --output /tmp/bench.md'. Leave a part out
## with --skip NAME (see --help).
BENCH_VENV  := benchmarks/.venv
BENCH_STAMP := $(BENCH_VENV)/.installed-stamp
BENCH_ARGS  ?=

$(BENCH_STAMP): benchmarks/requirements.txt
	$(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/pip install --quiet --disable-pip-version-check -r benchmarks/requirements.txt
	touch $(BENCH_STAMP)

bench: $(STAMP) $(BENCH_STAMP)
	@if java -version >/dev/null 2>&1; then \
	  $(MAKE) --no-print-directory $(SPARK_STAMP); \
	else \
	  echo "make bench: no Java (\`java -version\` does not run): the Spark rows will say 'not run'"; \
	fi
	$(BIN)/python benchmarks/bench.py $(BENCH_ARGS)

postgres-start:
	bash scripts/postgres.sh start

postgres-stop:
	bash scripts/postgres.sh stop

clean:
	rm -rf build integration_tests/target integration_tests/dbt_packages integration_tests/logs
