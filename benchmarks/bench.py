"""The benchmark behind docs/benchmark.md: scale, stored rows, incremental cost, memory, Evidently/NannyML, PostgreSQL, Spark.

Run with the package's venv (``make bench`` does it)::

    .venv/bin/python benchmarks/bench.py [--rows 10_000_000] [--memory-rows 50_000_000]
                                        [--compare-rows 1_000_000] [--postgres-rows 1_000_000]
                                        [--spark-rows 200_000] [--repeat 3]
                                        [--distribution-statistics profile|exact]
                                        [--skip NAME ...] [--output FILE]

It generates the demo log (``model_monitor.demo_data``) plus the benchmark's own columns up to
``--features`` (continuous all-distinct and heavy-tailed ones: :data:`EXTRA_KINDS`) once per
size into ``build/bench/`` and reuses it; runs the package's models in their DEFAULT
configuration (``distribution_statistics`` is set only when ``--distribution-statistics`` is
given) with dbt on DuckDB (``benchmarks/dbt_project``, one dbt subprocess per run); and prints one
table. Every timed figure is a ratio of two measurements taken next to each other in the same
run, repeated ``--repeat`` times; the table shows the median ratio. dbt's start-up is kept out of
every ratio (model SQL times come from ``target/run_results.json``) and reported on its own row.

The PostgreSQL figure runs against a cluster started by ``scripts/postgres.sh`` on its own port
(``--postgres-port``, default 54393) and stopped at the end; the script runs from a copy under
the data directory, so that its cluster (data and socket) is the benchmark's own and never the
test suite's in ``build/postgres``. ``--postgres-external`` uses a server already listening on
that port instead (never started nor stopped; the benchmark's schemas are dropped at the end).
Each process of the server it starts is limited to ``--postgres-memory-limit-gib`` of address
space, and each statement of the PostgreSQL build to ``--postgres-statement-timeout-minutes``:
a bad plan makes that one row FAILED (with the error) instead of exhausting a shared machine.

The Spark figures (``--spark-rows``, default 200,000) run the same project with dbt-spark's
``session`` method on a local SparkSession (``model_monitor.spark``: Hive support, the package's
Python UDFs registered), all in ONE child process (``bench.py --spark-child``; Derby allows one
process per metastore) whose metastore and warehouse are a fresh directory under ``--data-dir``,
removed at the end. It loads the same generated log into a Spark table, then ``--repeat`` times
runs a full build (``model_monitor.spark.run_dbt``, on the session already started) and the same
bare scan through ``spark.sql``; the first row is their median ratio, with the build's wall time
and slowest models. The second row is Spark's planning time of the compiled SQL of
``model_monitor__window_values`` and ``model_monitor__feature_drift`` (the slower of the two):
``spark.sql(sql)`` (parse, analysis) plus ``queryExecution().executedPlan()`` (optimisation,
physical planning), timed without running the query. Without pyspark/dbt-spark (the spark extra)
or a working ``java -version`` both rows say "not run" and why; a failure makes them FAILED.
The child's output (dbt's, Spark's) is kept in ``spark.log`` in the data directory.
"""
from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import io
import json
import math
import os
import platform
import re
import shlex
import shutil
import socket
import statistics
import subprocess
import sys
import sysconfig
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

REPO = Path(__file__).resolve().parents[1]
PROJECT = REPO / "benchmarks" / "dbt_project"
COMPETITORS = REPO / "benchmarks" / "competitors.py"
POSTGRES_SCRIPT = REPO / "scripts" / "postgres.sh"
DEMO_FEATURES = 13  # model_monitor.demo_data: 8 numeric + 5 categorical
NUMERIC = ["car_value", "debt_to_income_ratio", "driver_tenure", "annual_income", "credit_score",
           "num_prior_claims", "loan_term_months", "employment_years"]
CATEGORICAL = ["salary_range", "size_of_downpayment", "vehicle_make", "region", "has_cosigner"]
# The columns the benchmark adds to the demo's 13 features, in this order (20 features: all 7):
# the shapes that make exact per-window distributions large, each a stationary law.
EXTRA_KINDS = (
    "amount_lognormal",    # lognormal(7, 1.5), full precision: all distinct, long right tail
    "amount_pareto",       # Pareto, alpha 1.1 (infinite variance), full precision: all distinct
    "cauchy_like",         # 50 x standard Cauchy: all distinct, extreme values of both signs
    "money_rounded",       # lognormal money rounded to cents, 5% NULL: many ties
    "count_integer",       # negative binomial counts (integers, mean ~100): ties
    "uniform_continuous",  # uniform(0, 1), full precision: all distinct
    "normal_continuous",   # normal(0, 1), full precision: all distinct
)
SEED = 7
EXTRA_STREAM = 1_000  # spawn keys of the extra columns' random streams, apart from the demo's
REFERENCE_DAYS = 7  # short, so that the "after 10 days" incremental run has its whole reference
COMPARE_WINDOWS = 30
SCORE = "y_pred_proba"
# the drift models and everything they read: what Evidently's and NannyML's drift compute
DRIFT_MODELS = "+model_monitor__feature_drift"
PSI_FEATURE = "region"  # 10 categories, all in the reference: Evidently's bins are ours
DEFAULT_PG_PORT = 54393
SKIPPABLE = ["scale", "bins", "rows", "incremental", "incremental-10-days", "memory", "competitors",
             "postgres", "spark", "noop"]


# -- data ---------------------------------------------------------------------------------------
def extra_features(features: int) -> int:
    if features < DEMO_FEATURES:
        raise SystemExit(f"--features must be at least {DEMO_FEATURES} (the demo's features), got {features}")
    return features - DEMO_FEATURES


def extra_columns(extra: int) -> list[tuple[str, str]]:
    """(column, kind) of the `extra` added columns: :data:`EXTRA_KINDS` in order, then again with
    a suffix (``amount_lognormal_2``, ...) beyond 20 features."""
    out = []
    for i in range(extra):
        kind = EXTRA_KINDS[i % len(EXTRA_KINDS)]
        cycle = i // len(EXTRA_KINDS)
        out.append((kind if cycle == 0 else f"{kind}_{cycle + 1}", kind))
    return out


def feature_columns(features: int) -> tuple[list[str], list[str]]:
    extra = [name for name, _ in extra_columns(extra_features(features))]
    return NUMERIC + extra, CATEGORICAL


def extra_values(kind: str, rng: np.random.Generator, n: int):
    """One day's values of an added column (numpy, vectorised)."""
    if kind == "amount_lognormal":
        return rng.lognormal(7.0, 1.5, n)
    if kind == "amount_pareto":
        return 100.0 * (1.0 + rng.pareto(1.1, n))
    if kind == "cauchy_like":
        return 50.0 * rng.standard_cauchy(n)
    if kind == "money_rounded":  # nullable: a missing amount is NULL in the warehouse, never NaN
        return pd.arrays.FloatingArray(np.round(rng.lognormal(4.0, 1.0, n), 2), rng.random(n) < 0.05)
    if kind == "count_integer":
        return rng.negative_binomial(2, 0.02, n).astype(np.int64)
    if kind == "uniform_continuous":
        return rng.random(n)
    if kind == "normal_continuous":
        return rng.normal(0.0, 1.0, n)
    raise ValueError(f"unknown column kind {kind!r}")


def iter_bench_days(rows: int, features: int, seed: int = SEED):
    """The demo log one day at a time (``demo_data.iter_days``) with the added columns; each day's
    added columns come from their own random stream, so every demo column is the demo's."""
    from model_monitor.demo_data import iter_days

    columns = extra_columns(extra_features(features))
    for day_index, (predictions, outcomes) in enumerate(iter_days(rows=rows, seed=seed)):
        rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(EXTRA_STREAM + day_index,)))
        for name, kind in columns:
            predictions[name] = extra_values(kind, rng, len(predictions))
        yield predictions, outcomes


def data_file(data_dir: Path, rows: int, features: int, log) -> Path:
    """The generated log of `rows` predictions, written once and reused by later runs."""
    from model_monitor.demo_store import write_duckdb_days

    extra_features(features)
    path = data_dir / f"bench_{rows}rows_{features}features.duckdb"
    if path.exists():
        return path
    partial = path.with_name(path.stem + ".partial.duckdb")  # an interrupted run is never reused
    partial.unlink(missing_ok=True)
    started = time.perf_counter()
    write_duckdb_days(partial, iter_bench_days(rows, features))
    partial.rename(path)
    log(f"generated {rows:,} rows x {features} features into {path} ({time.perf_counter() - started:.0f} s)")
    return path


def tests_sql_type():
    """``sql_type`` of the tests' loader, ``tests/loading.py`` (a test helper, not shipped with the
    package): the column types the tests create tables with."""
    tests_dir = str(REPO / "tests")
    if tests_dir not in sys.path:  # already there when pytest imports this module
        sys.path.append(tests_dir)
    from loading import sql_type

    return sql_type


def day(n: int) -> str:
    from model_monitor.demo_data import START

    return (START + dt.timedelta(days=n)).strftime("%Y-%m-%d")


def monitor_vars(features: int, as_of_day: int | None, distribution_statistics: str | None = None) -> dict:
    """The benchmark's one monitor; the package's defaults for everything not named here
    (``distribution_statistics`` only when given)."""
    numeric, categorical = feature_columns(features)
    monitor = {
        "name": "bench", "predictions": {"source": ["bench", "loan_predictions"]},
        "id_column": "prediction_id", "timestamp_column": "predicted_at",
        "task": "binary_classification", "score_column": "y_pred_proba",
        "features": {"numeric": numeric, "categorical": categorical},
        "window": "day", "reference": {"start": day(0), "end": day(REFERENCE_DAYS)},
    }
    if distribution_statistics is not None:
        monitor["distribution_statistics"] = distribution_statistics
    out = {"model_monitor": {"monitors": [monitor]}}
    if as_of_day is not None:
        out["model_monitor_as_of"] = day(as_of_day)
    return out


# -- dbt ----------------------------------------------------------------------------------------
@dataclass
class DbtRun:
    wall_seconds: float
    sql_seconds: float  # sum of the models' execution_time in run_results.json
    peak_rss_bytes: int
    models: dict[str, float] = field(default_factory=dict)
    relations: dict[str, str] = field(default_factory=dict)  # model name -> relation it built


class Dbt:
    """dbt of the package's venv, run as a subprocess so that its peak memory is its own."""

    def __init__(self, work: Path, log, distribution_statistics: str | None = None):
        self.work = work
        self.log = log
        self.distribution_statistics = distribution_statistics
        self.executable = Path(sys.executable).with_name("dbt")
        if not self.executable.exists():
            raise SystemExit(f"dbt not found next to {sys.executable}: run with the package's venv (make bench)")

    def env(self, db: Path, extra: dict[str, str] | None = None) -> dict[str, str]:
        return {**os.environ, "MODEL_MONITOR_BENCH_DB": str(db), "DO_NOT_TRACK": "1",
                "MODEL_MONITOR_BENCH_PACKAGES": str(self.work / "dbt_packages"),
                "DBT_TARGET_PATH": str(self.work / "target"), "DBT_LOG_PATH": str(self.work / "logs"),
                **(extra or {})}

    def invoke(self, args: list[str], db: Path, env: dict[str, str] | None = None) -> tuple[float, int, str]:
        command = [str(self.executable), *args, "--project-dir", str(PROJECT), "--profiles-dir", str(PROJECT)]
        started = time.perf_counter()
        proc = subprocess.Popen(command, env=self.env(db, env), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                text=True)
        output = proc.stdout.read()
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - started
        if proc.returncode != 0:
            raise RuntimeError(f"dbt failed ({shlex.join(args[:2])}): {dbt_error_summary(output)}\n{output[-6000:]}")
        return wall, usage.ru_maxrss * 1024, output  # ru_maxrss is in KiB on Linux

    def deps(self, db: Path) -> None:
        self.invoke(["deps", "--quiet"], db)

    def run(self, db: Path, features: int, as_of_day: int | None, full_refresh: bool,
            target: str = "duckdb", select: str | None = None, env: dict[str, str] | None = None,
            extra_vars: dict | None = None) -> DbtRun:
        variables = {**monitor_vars(features, as_of_day, self.distribution_statistics), **(extra_vars or {})}
        args = ["run", "--target", target, "--vars", json.dumps(variables)]
        if select:
            args += ["--select", select]
        if full_refresh:
            args.append("--full-refresh")
        results_file = self.work / "target" / "run_results.json"
        results_file.unlink(missing_ok=True)
        wall, rss, _ = self.invoke(args, db, env)
        return read_run_results(results_file, wall, rss)

    def noop(self, db: Path) -> float:
        """Wall time of a dbt run that selects nothing: parsing, connecting, start-up."""
        wall, _, _ = self.invoke(["run", "--select", "tag:model_monitor_benchmark_selects_nothing"], db)
        return wall


def read_run_results(results_file: Path, wall_seconds: float, peak_rss_bytes: int) -> DbtRun:
    """A dbt run's models, their SQL seconds and relations, from its ``run_results.json``."""
    results = json.loads(results_file.read_text())["results"]
    models = {r["unique_id"]: float(r["execution_time"]) for r in results
              if r["unique_id"].startswith("model.")}
    relations = {r["unique_id"].split(".")[-1]: r["relation_name"] for r in results
                 if r["unique_id"].startswith("model.") and r.get("relation_name")}
    bad = [r["unique_id"] for r in results if r["status"] != "success"]
    if bad or not models:
        raise RuntimeError(f"dbt run did not succeed on every model: {bad or 'no model ran'}")
    return DbtRun(wall_seconds, sum(models.values()), peak_rss_bytes, models, relations)


def dbt_error_summary(output: str) -> str:
    """The first error dbt printed, on one line: 'Database Error in model X: message'."""
    lines = [line.strip() for line in re.sub(r"\x1b\[[0-9;]*m", "", output).splitlines()]
    lines = [re.sub(r"^\d\d:\d\d:\d\d(\.\d+)?\s+", "", line) for line in lines if line]
    for i, line in enumerate(lines):
        if re.search(r"Error in (model|operation|macro)|Encountered an error", line):
            detail = next((x for x in lines[i + 1:i + 4] if not x.startswith("compiled code")), "")
            return f"{line}: {detail}" if detail else line
    return lines[-1] if lines else "no output"


# -- the bare scan ------------------------------------------------------------------------------
def scan_sql(features: int, table: str, booleans: frozenset[str] = frozenset(), quote: str = '"') -> str:
    """One query reading every feature column once: count, min and max per column (bool_and and
    bool_or for the `booleans`, PostgreSQL having no min/max of a boolean). Identifiers are quoted
    with `quote` (a backtick on Spark, where "x" is a string).

    The score column too: the package monitors it as the pseudo-feature ``__score__``.
    """
    numeric, categorical = feature_columns(features)
    parts = []
    for c in numeric + categorical + [SCORE]:
        low, high = ("bool_and", "bool_or") if c in booleans else ("min", "max")
        column = f"{quote}{c}{quote}"
        parts.append(f"count({column}), {low}({column}), {high}({column})")
    return f"select {', '.join(parts)} from {table}"


def bare_scan_seconds(db: Path, features: int, memory_limit: str | None = None) -> float:
    """:func:`scan_sql` on the DuckDB log, timed."""
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        if memory_limit:
            con.execute(f"set memory_limit = '{memory_limit}'")
        started = time.perf_counter()
        con.execute(scan_sql(features, "demo.loan_predictions")).fetchall()
        return time.perf_counter() - started
    finally:
        con.close()


def bin_counts_seconds(db: Path, features: int) -> float:
    """One DuckDB query computing the least a binned drift statistic needs: the count of every
    numeric feature's reference bins (edges from ``model_monitor__reference_bins``, nulls and
    non-finite values apart) and of every category, per day, in one GROUPING SETS pass.

    PSI, Jensen-Shannon and chi-square follow from these few thousand counts; KS and Wasserstein
    need the values themselves. Reads the edges a full build stored in the same database.
    """
    import duckdb

    numeric, categorical = feature_columns(features)
    con = duckdb.connect(str(db), read_only=True)
    try:
        edges: dict[str, list[str]] = {}
        for name, edge in con.execute(
                "select feature_name, cast(upper_edge as varchar) from main.model_monitor__reference_bins "
                "where monitor_name = 'bench' and feature_type = 'numeric' and isfinite(upper_edge) "
                "order by feature_name, bin_index").fetchall():
            edges.setdefault(name, []).append(edge)
        columns = [(c, edges.get("__score__" if c == SCORE else c, [])) for c in numeric + [SCORE]]
        selected = []
        for i, (c, cuts) in enumerate(columns):
            whens = " ".join(f"when \"{c}\" < cast('{e}' as double) then {j}" for j, e in enumerate(cuts))
            selected.append(f'case when "{c}" is null then -1 when not isfinite("{c}") then -2 {whens} '
                            f"else {len(cuts)} end as f{i}")
        selected += [f'cast("{c}" as varchar) as f{len(columns) + i}' for i, c in enumerate(categorical)]
        n = len(selected)
        sql = (f"select window_start, count(*) from (select date_trunc('day', predicted_at) as window_start, "
               f"{', '.join(selected)} from demo.loan_predictions) as scanned group by grouping sets ("
               + ", ".join(f"(window_start, f{i})" for i in range(n)) + ")")
        started = time.perf_counter()
        con.execute(sql).fetchall()
        return time.perf_counter() - started
    finally:
        con.close()


# -- figures ------------------------------------------------------------------------------------
@dataclass
class Figure:
    name: str
    target: str
    ratios: list[float] = field(default_factory=list)
    value: str = ""  # the printed result when the figure is not a timed ratio (or a note)
    detail: str = ""
    met: bool | None = None
    models: dict[str, list[float]] = field(default_factory=dict)  # per-model SQL seconds, by run

    @property
    def ratio(self) -> float | None:
        return statistics.median(self.ratios) if self.ratios else None


def median(xs: list[float]) -> float:
    return statistics.median(xs)


def first_line(exc: BaseException) -> str:
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    return (lines[0] if lines else type(exc).__name__)[:300].replace("|", "/")


def scale_figure(dbt: Dbt, db: Path, rows: int, features: int, repeat: int, log) -> tuple[Figure, DbtRun]:
    """Full builds vs the bare scan; also returns the last build (its tables stay in `db`)."""
    fig = Figure(f"full build SQL time / bare scan ({rows:,} rows x {features} features x 90 days)", "<= 10")
    builds, scans = [], []
    for i in range(repeat):
        build = dbt.run(db, features, None, full_refresh=True)
        scan = bare_scan_seconds(db, features)
        builds.append(build.sql_seconds)
        scans.append(scan)
        for model, seconds in build.models.items():
            fig.models.setdefault(model.split(".")[-1], []).append(seconds)
        fig.ratios.append(build.sql_seconds / scan)
        log(f"  scale {i + 1}/{repeat}: build SQL {build.sql_seconds:.2f} s (wall {build.wall_seconds:.1f} s), "
            f"bare scan {scan:.3f} s; " + slowest(build))
    fig.detail = f"build SQL {median(builds):.2f} s, bare scan {median(scans):.3f} s"
    fig.met = fig.ratio <= 10
    return fig, build


def bin_counts_figure(db: Path, features: int, repeat: int, log) -> Figure:
    """Reported, not a target: how far above the bare scan even the cheapest binned drift input
    is, to read the first figure against."""
    fig = Figure("bin counts only: one query of every feature's reference-bin counts per day / bare scan",
                 "reported (no target)")
    try:
        for i in range(repeat):
            bins = bin_counts_seconds(db, features)
            scan = bare_scan_seconds(db, features)
            fig.ratios.append(bins / scan)
            log(f"  bin counts {i + 1}/{repeat}: {bins:.3f} s, bare scan {scan:.3f} s")
    except Exception as exc:  # reads the package's reference_bins table, whose layout may change
        fig.ratios, fig.value = [], "not measured"
        fig.detail = f"the query failed: {first_line(exc)}"
        return fig
    fig.detail = "the least PSI/JS/chi-square need, with the reference's edges known; no KS values, no performance"
    return fig


def table_rows_figure(db: Path, build: DbtRun, rows: int, log) -> Figure:
    """Rows of every table a full build made, over the rows of the predictions table."""
    import duckdb

    fig = Figure(f"rows in all package tables / rows of the predictions table ({rows:,} predictions, 90 days, "
                 "after a full build)", "<= 0.1")
    con = duckdb.connect(str(db), read_only=True)
    try:
        predictions = con.execute("select count(*) from demo.loan_predictions").fetchone()[0]
        counts = {name: con.execute(f"select count(*) from {relation}").fetchone()[0]
                  for name, relation in build.relations.items()}
    finally:
        con.close()
    total = sum(counts.values())
    ratio = total / predictions
    fig.ratios = [ratio]
    fig.value = f"{ratio:.3f}"
    largest = sorted(counts.items(), key=lambda kv: -kv[1])[:4]
    fig.detail = (f"{total:,} rows in {len(counts)} tables, {predictions:,} predictions; largest: "
                  + ", ".join(f"{k.removeprefix('model_monitor__')} {v:,}" for k, v in largest))
    fig.met = ratio <= 0.1
    fig.models = {}
    log(f"  rows: {total:,} in the package's tables, {predictions:,} predictions: "
        + ", ".join(f"{k.removeprefix('model_monitor__')} {v:,}" for k, v in sorted(counts.items(), key=lambda kv: -kv[1])))
    return fig


def slowest(run: DbtRun, n: int = 3) -> str:
    top = sorted(run.models.items(), key=lambda kv: -kv[1])[:n]
    return ", ".join(f"{k.split('.')[-1].removeprefix('model_monitor__')} {v:.2f} s" for k, v in top)


def remove_database(path: Path) -> None:
    """A DuckDB file and its write-ahead log, if dbt left one."""
    for suffix in ("", ".wal"):
        Path(str(path) + suffix).unlink(missing_ok=True)


def copy_database(source: Path, target: Path) -> None:
    """A DuckDB file (and its write-ahead log) copied over `target`."""
    remove_database(target)
    for suffix in ("", ".wal"):
        if Path(str(source) + suffix).exists():
            shutil.copyfile(str(source) + suffix, str(target) + suffix)


def incremental_figures(dbt: Dbt, db: Path, features: int, repeat: int, log, early: bool = True) -> list[Figure]:
    """+1 day after 89 days vs a full build of the same 90 days (and, if `early`, vs +1 day after
    10 days, the previous figure). Each history is built once (a full refresh as of that day) and
    kept as a copy of the database; every repetition starts from a fresh copy of it, adds the day,
    then rebuilds the same database in full, so each pair is measured back to back."""
    full_fig = Figure("incremental run adding day 90 after 89 days / full build of the 90 days", "<= 0.07")
    early_fig = Figure("incremental run adding day 90 after 89 days / adding day 11 after 10 days "
                       "(the previous figure)", "reported (no target)")
    histories = {}
    for history in (89, 10) if early else (89,):
        histories[history] = db.with_name(f"{db.stem}.history{history}.duckdb")
        copy_database(db, histories[history])
        dbt.run(histories[history], features, history, full_refresh=True)
    work = db.with_name(f"{db.stem}.incremental.duckdb")
    late, full, small = [], [], []
    try:
        for i in range(repeat):
            copy_database(histories[89], work)
            late.append(dbt.run(work, features, 90, full_refresh=False).sql_seconds)
            full.append(dbt.run(work, features, 90, full_refresh=True).sql_seconds)
            full_fig.ratios.append(late[-1] / full[-1])
            message = f"  incremental {i + 1}/{repeat}: +1 day after 89 days {late[-1]:.2f} s, full build {full[-1]:.2f} s"
            if early:
                copy_database(histories[10], work)
                small.append(dbt.run(work, features, 11, full_refresh=False).sql_seconds)
                early_fig.ratios.append(late[-1] / small[-1])
                message += f", +1 day after 10 days {small[-1]:.2f} s"
            log(message)
    finally:
        for path in (work, *histories.values()):
            remove_database(path)
    full_fig.detail = f"SQL {median(late):.2f} s vs {median(full):.2f} s"
    full_fig.met = full_fig.ratio <= 0.07
    if not early:
        return [full_fig]
    early_fig.detail = f"SQL {median(late):.2f} s vs {median(small):.2f} s (its old target: <= 1.2)"
    return [full_fig, early_fig]


def memory_figure(dbt: Dbt, db: Path, rows: int, features: int, repeat: int, log) -> Figure:
    fig = Figure(f"{rows:,} rows x {features} features, DuckDB memory_limit = '2GB'", "completes; build/scan printed")
    rss, sql, scans = [], [], []
    for i in range(repeat):
        try:
            build = dbt.run(db, features, None, full_refresh=True, target="duckdb_2gb")
        except RuntimeError as exc:
            fig.value, fig.met = "FAILED", False
            fig.detail = first_line(exc)
            return fig
        scan = bare_scan_seconds(db, features, "2GB")
        rss.append(build.peak_rss_bytes)
        sql.append(build.sql_seconds)
        scans.append(scan)
        fig.ratios.append(build.sql_seconds / scan)
        log(f"  memory {i + 1}/{repeat}: peak RSS {build.peak_rss_bytes / 2**30:.2f} GiB, build SQL "
            f"{build.sql_seconds:.1f} s, bare scan {scan:.2f} s")
    fig.value = f"completes, build/scan {fig.ratio:.2f} (median of {len(fig.ratios)})"
    fig.detail = (f"build SQL {median(sql):.1f} s, bare scan {median(scans):.2f} s (both within 2 GB); "
                  f"peak RSS of dbt {max(rss) / 2**30:.2f} GiB")
    fig.met = True
    return fig


def competitor_figures(dbt: Dbt, db: Path, data_dir: Path, rows: int, features: int, repeat: int,
                       python: Path, log) -> list[Figure]:
    """Our drift for 30 daily windows vs NannyML's and Evidently's on the same rows."""
    nannyml = Figure(f"NannyML univariate drift by day / our drift models (30 daily windows, {rows:,} rows)",
                     ">= 3")
    evidently = Figure("Evidently DataDriftPreset per window / our drift models (same data)", ">= 50")
    if not python.exists():
        for fig in (nannyml, evidently):
            fig.value = "not run"
            fig.detail = f"{python} missing (make bench creates it)"
        return [nannyml, evidently]
    numeric, categorical = feature_columns(features)
    last_day = REFERENCE_DAYS + COMPARE_WINDOWS
    parquet = data_dir / f"compare_{rows}rows_{len(numeric) + len(categorical)}features.parquet"
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        columns = ", ".join(f'"{c}"' for c in ["predicted_at", *numeric, *categorical])
        con.execute(f"copy (select {columns} from demo.loan_predictions where predicted_at < "
                    f"timestamp '{day(last_day)}' order by predicted_at) to '{parquet}' (format parquet)")
    finally:
        con.close()
    ours, full = [], []
    for i in range(repeat):
        # what the competitors compute: the drift models (the scan, the reference, the drift
        # statistics), not performance or freshness
        run = dbt.run(db, features, last_day, full_refresh=True, select=DRIFT_MODELS)
        ours.append(run.sql_seconds)
        full.append(dbt.run(db, features, last_day, full_refresh=True).sql_seconds)
        log(f"  our drift {i + 1}/{repeat}: SQL {run.sql_seconds:.2f} s (wall {run.wall_seconds:.1f} s); "
            f"every model {full[-1]:.2f} s")
    our_psi = _our_psi(db)
    out = data_dir / "competitors.json"
    command = [str(python), str(COMPETITORS), "--parquet", str(parquet), "--start", day(0),
               "--reference-days", str(REFERENCE_DAYS), "--windows", str(COMPARE_WINDOWS),
               "--numeric", ",".join(numeric), "--categorical", ",".join(categorical),
               "--psi-feature", PSI_FEATURE, "--repeat", str(repeat), "--out", str(out)]
    # no network at run time: both libraries send usage telemetry unless told not to
    env = {**os.environ, "EVIDENTLY_DISABLE_TELEMETRY": "1", "NML_DISABLE_USAGE_LOGGING": "1", "DO_NOT_TRACK": "1"}
    subprocess.run(command, check=True, env=env)
    theirs = json.loads(out.read_text())
    for fig, key in ((nannyml, "nannyml"), (evidently, "evidently")):
        seconds = theirs[key]["seconds"]
        # paired by repetition: each of our runs against the competitor's run of the same index
        fig.ratios = [s / o for s, o in zip(seconds, ours)]
        fig.detail = (f"{key} {median(seconds):.1f} s ({theirs[key]['version']}), our drift models' SQL "
                      f"{median(ours):.2f} s (every model of the package: {median(full):.2f} s)")
    diffs = [abs(theirs["evidently"]["psi"][d] - our_psi[d]) for d in theirs["evidently"]["psi"] if d in our_psi]
    if diffs:
        evidently.detail += (f"; PSI of {PSI_FEATURE} on the {len(diffs)} windows where no bin is empty: "
                             f"max abs(ours - Evidently) = {max(diffs):.1e}")
    nannyml.met = nannyml.ratio >= 3
    evidently.met = evidently.ratio >= 50
    return [nannyml, evidently]


def _our_psi(db: Path) -> dict[str, float]:
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute("select strftime(window_start, '%Y-%m-%d'), psi from main.model_monitor__feature_drift "
                           f"where monitor_name = 'bench' and feature_name = '{PSI_FEATURE}' "
                           "and psi is not null").fetchall()
    finally:
        con.close()
    return {d: float(p) for d, p in rows}


# -- PostgreSQL ---------------------------------------------------------------------------------
def port_open(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


class PostgresServer:
    """``scripts/postgres.sh`` on `port`, run from a copy under `root` so that its cluster (data
    directory and socket) is the benchmark's own: stopping it can never stop the test suite's
    cluster in ``build/postgres``. With `external`, a server already listening on `port` is used
    and neither started nor stopped."""

    def __init__(self, root: Path, port: int, external: bool, log, memory_limit_gib: float = 4.0):
        self.root, self.port, self.external, self.log = root, port, external, log
        self.script = root / "scripts" / "postgres.sh"
        self.memory_limit_kib = int(memory_limit_gib * 2**20)
        self.started = False

    def _script(self, action: str) -> subprocess.CompletedProcess:
        env = {**os.environ, "MODEL_MONITOR_PG_PORT": str(self.port)}
        # every server process inherits this address-space limit: a runaway query fails with
        # "out of memory" in its own backend instead of waking the OOM killer on a shared machine
        command = f"ulimit -v {self.memory_limit_kib} && exec bash {shlex.quote(str(self.script))} {action}"
        return subprocess.run(["bash", "-c", command], env=env, capture_output=True, text=True)

    def start(self) -> None:
        if self.external:
            if not port_open(self.port):
                raise RuntimeError(f"--postgres-external: nothing listens on 127.0.0.1:{self.port}")
            return
        self.script.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(POSTGRES_SCRIPT, self.script)
        self._script("stop")  # a cluster of ours left running by an interrupted run (maybe on another port)
        if port_open(self.port):
            raise RuntimeError(f"port {self.port} is in use by another server: choose --postgres-port")
        done = self._script("start")
        self.started = True
        if done.returncode != 0 or not port_open(self.port):
            raise RuntimeError(f"scripts/postgres.sh start failed: {(done.stderr or done.stdout).strip()[-300:]}")
        self.log(f"  postgres: {done.stdout.strip()}")

    def stop(self) -> None:
        if self.started:
            done = self._script("stop")
            self.log(f"  postgres: {done.stdout.strip() or done.stderr.strip()}")
            self.started = False


def load_postgres(con, schema: str, rows: int, features: int) -> int:
    """The benchmark's log (the same generator, day by day) into ``schema.loan_predictions``
    with COPY; column types from ``tests/loading.py``'s ``sql_type`` (the tests' loader)."""
    sql_type = tests_sql_type()

    written = 0
    with con.cursor() as cur:
        cur.execute(f'drop schema if exists "{schema}" cascade')
        cur.execute(f'create schema "{schema}"')
        for i, (predictions, _) in enumerate(iter_bench_days(rows, features)):
            if i == 0:
                ddl = ", ".join(f'"{c}" {sql_type(predictions[c], "postgres")}' for c in predictions.columns)
                cur.execute(f'create table "{schema}".loan_predictions ({ddl})')
            buffer = io.StringIO()
            predictions.to_csv(buffer, index=False, header=False, na_rep="")  # floats: shortest exact repr
            buffer.seek(0)
            cur.copy_expert(f'copy "{schema}".loan_predictions from stdin with (format csv, null \'\')', buffer)
            written += len(predictions)
        cur.execute(f'vacuum analyze "{schema}".loan_predictions')  # hint bits set: no first-scan penalty
    return written


def postgres_scan_seconds(con, schema: str, features: int) -> float:
    with con.cursor() as cur:
        started = time.perf_counter()
        cur.execute(scan_sql(features, f'"{schema}".loan_predictions', frozenset({"has_cosigner"})))
        cur.fetchall()
        return time.perf_counter() - started


def postgres_figure(dbt: Dbt, data_dir: Path, rows: int, features: int, repeat: int, port: int,
                    external: bool, log, memory_limit_gib: float = 4.0,
                    statement_timeout_minutes: float = 30.0) -> Figure:
    """Full builds on PostgreSQL vs the same bare scan there (count/min/max of every column)."""
    fig = Figure(f"PostgreSQL: full build SQL time / bare scan ({rows:,} rows x {features} features x 90 days)",
                 "reported (no target)")
    server = PostgresServer(data_dir / "postgres", port, external, log, memory_limit_gib)
    suffix = f"{os.getpid()}_{int(time.time())}"
    source_schema, target_schema = f"bench_{suffix}_demo", f"bench_{suffix}"
    env = {"MODEL_MONITOR_BENCH_PG_PORT": str(port), "MODEL_MONITOR_BENCH_PG_SCHEMA": target_schema,
           "MODEL_MONITOR_BENCH_SOURCE_SCHEMA": source_schema,
           # libpq reads it: no statement of the build runs longer (a bad plan fails the figure, it
           # does not hold the machine for hours)
           "PGOPTIONS": f"-c statement_timeout={int(statement_timeout_minutes * 60_000)}"}
    # PL/Python runs the system python3: let the UDFs import scipy from this venv, as the tests do
    extra_vars = {"model_monitor_udf_python_path": sysconfig.get_paths()["purelib"]}
    con = None
    stage = "not run"  # what the figure says if anything fails: before the data is in, or after
    try:
        import psycopg2

        server.start()
        con = psycopg2.connect(host="127.0.0.1", port=port, user="postgres", dbname="postgres")
        con.autocommit = True
        started = time.perf_counter()
        loaded = load_postgres(con, source_schema, rows, features)
        with con.cursor() as cur:
            cur.execute("select version()")
            version = cur.fetchone()[0].split(" on ")[0]
        log(f"  postgres: loaded {loaded:,} rows with COPY ({time.perf_counter() - started:.0f} s), {version}")
        stage = "FAILED"
        builds, scans = [], []
        for i in range(repeat):
            build = dbt.run(data_dir / "unused.duckdb", features, None, full_refresh=True, target="postgres",
                            env=env, extra_vars=extra_vars)
            scan = postgres_scan_seconds(con, source_schema, features)
            builds.append(build.sql_seconds)
            scans.append(scan)
            fig.ratios.append(build.sql_seconds / scan)
            log(f"  postgres {i + 1}/{repeat}: build SQL {build.sql_seconds:.2f} s (wall {build.wall_seconds:.1f} s), "
                f"bare scan {scan:.3f} s; " + slowest(build))
        fig.detail = (f"build SQL {median(builds):.2f} s, bare scan {median(scans):.3f} s; {version}, "
                      f"{'a server already running' if external else 'scripts/postgres.sh'} on port {port}")
    except Exception as exc:
        fig.ratios, fig.value, fig.met = [], stage, None
        fig.detail = f"{type(exc).__name__}: {first_line(exc)}"
        log(f"  postgres: {stage}: {exc}")
    finally:
        try:
            if port_open(port):  # the benchmark's own schemas only (unique names), also on a shared server
                import psycopg2

                if con is None or con.closed:
                    con = psycopg2.connect(host="127.0.0.1", port=port, user="postgres", dbname="postgres")
                    con.autocommit = True
                with con.cursor() as cur:
                    for schema in (target_schema, source_schema):
                        cur.execute(f'drop schema if exists "{schema}" cascade')
        except Exception as exc:
            log(f"  postgres: could not drop the schemas {target_schema} and {source_schema}: {exc}")
        finally:
            if con is not None and not con.closed:
                con.close()
            server.stop()
    return fig


# -- Spark --------------------------------------------------------------------------------------
# The Spark figure's metastore is fresh (a temporary directory), so these names are its own.
SPARK_SOURCE_SCHEMA = "bench_demo"  # the log (the sources' MODEL_MONITOR_BENCH_SOURCE_SCHEMA)
SPARK_SCHEMA = "model_monitor_bench"  # the package's tables (the profile's MODEL_MONITOR_BENCH_SPARK_SCHEMA)
SPARK_PLANNED_MODELS = ("model_monitor__window_values", "model_monitor__feature_drift")
SPARK_LOAD_BATCH_ROWS = 1_000_000  # days appended to the log together: a few files, not one per day
SPARK_PROGRESS = "  spark"  # the child's progress lines, which the parent relays to its log


def spark_unavailable(java: str = "java") -> str | None:
    """Why the Spark figure cannot run here, or None: pyspark and dbt-spark must be importable
    (the spark extra) and ``java -version`` must run."""
    import importlib.util

    missing = []
    for module in ("pyspark", "dbt.adapters.spark"):
        try:
            found = importlib.util.find_spec(module) is not None
        except ImportError:
            found = False
        if not found:
            missing.append(module)
    if missing:
        return (f"{' and '.join(missing)} not importable: install the spark extra "
                "(make .venv/.spark-stamp, or pip install -e '.[spark]')")
    try:
        done = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=120)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"`{java} -version` does not run ({type(exc).__name__}: {first_line(exc)}); install Java 17"
    if done.returncode != 0:
        output = " ".join((done.stderr or done.stdout).split())[:200].replace("|", "/")
        return f"`{java} -version` failed (exit {done.returncode}): {output}"
    return None


def spark_figures(dbt: Dbt, data_dir: Path, rows: int, features: int, repeat: int, log,
                  java: str = "java") -> list[Figure]:
    """Full builds on a local Spark session vs the bare scan there, and Spark's planning time of
    the largest models' SQL.

    Everything Spark does runs in ONE child process (:func:`spark_child`; Derby allows one
    process per metastore), on a fresh metastore and warehouse under the data directory, removed
    at the end. The child's output (dbt's and Spark's) goes to ``spark.log`` in the data
    directory; its progress lines are relayed to `log`.
    """
    ratio = Figure(f"Spark: full build SQL time / bare scan ({rows:,} rows x {features} features x 90 days)",
                   "reported (no target)")
    planning = Figure("Spark: planning time of the largest model (parse, analyse, optimise, physical plan; "
                      "not run)", "reported (no target)")
    figures = [ratio, planning]
    reason = spark_unavailable(java)
    if reason:
        for fig in figures:
            fig.value, fig.detail = "not run", reason
        log(f"  spark: not run: {reason}")
        return figures
    spark_dir = data_dir / f"spark_{os.getpid()}_{int(time.time())}"
    try:
        result = run_spark_child(dbt, data_dir, spark_dir, rows, features, repeat, log)
    finally:
        shutil.rmtree(spark_dir, ignore_errors=True)
    if result.get("error") and not result.get("scans"):
        for fig in figures:
            fig.value, fig.detail = result["stage"], result["error"]
        return figures
    spark_ratio_figure(ratio, result)
    spark_planning_figure(planning, result)
    return figures


def spark_ratio_figure(fig: Figure, result: dict) -> None:
    """The ratio row from the child's builds and scans (paired by repetition)."""
    builds, scans = result["builds"], result["scans"]
    fig.ratios = [b["sql_seconds"] / s for b, s in zip(builds, scans)]
    last = DbtRun(builds[-1]["wall_seconds"], builds[-1]["sql_seconds"], 0, builds[-1]["models"])
    fig.detail = (f"build SQL {median([b['sql_seconds'] for b in builds]):.2f} s, bare scan {median(scans):.3f} s; "
                  f"build wall {median([b['wall_seconds'] for b in builds]):.1f} s (dbt in-process on the "
                  f"started session); slowest: {slowest(last)}; Spark {result['version']}, local[2], "
                  f"log of {result['loaded']:,} rows loaded in {result['load_seconds']:.0f} s")
    if result.get("error") and "planning" not in result:  # a later repetition failed
        fig.detail += f"; then FAILED: {result['error']}"


def spark_planning_figure(fig: Figure, result: dict) -> None:
    """The planning row: the slowest of the planned models (median of the repetitions each), with
    every model's planning time beside its SQL time in the last build."""
    plans = result.get("planning") or {}
    if not plans:
        fig.value = "FAILED" if result.get("error") else "not measured"
        fig.detail = result.get("error") or "no compiled SQL was planned"
        return
    times = {model: median(p["seconds"]) for model, p in plans.items()}
    largest = max(times, key=times.get)
    fig.value = f"{times[largest]:.2f} s ({largest.removeprefix('model_monitor__')})"
    built = {k.split(".")[-1]: v for k, v in result["builds"][-1]["models"].items()}
    jobs = sum(p["jobs"] for p in plans.values())

    def phases(plan: dict) -> str:
        names = [p for p in SPARK_PHASES if all(p in run for run in plan["phases"])]
        return ", ".join(f"{p} {median([run[p] for run in plan['phases']]) / 1000:.2f} s" for p in names)

    fig.detail = ("; ".join(f"{m.removeprefix('model_monitor__')} {t:.2f} s ({phases(plans[m]) or 'no phases'}; "
                            f"{plans[m]['chars']:,} characters; the model's SQL time in the build "
                            f"{built.get(m, float('nan')):.2f} s)" for m, t in times.items())
                  + f"; median of {len(plans[largest]['seconds'])}, after the builds. Measured: spark.sql(its "
                  "compiled SELECT) (parse, analysis) + queryExecution().executedPlan() (optimisation, physical "
                  f"plan), never executed: {jobs} Spark jobs ran while planning")
    if result.get("error"):
        fig.detail += f"; {result['error']}"


def run_spark_child(dbt: Dbt, data_dir: Path, spark_dir: Path, rows: int, features: int, repeat: int,
                    log) -> dict:
    """``bench.py --spark-child CONFIG``: its result (a dict; ``error`` and ``stage`` say how far
    it got if it failed)."""
    spark_dir.mkdir(parents=True)
    out = spark_dir / "result.json"
    config = {"spark_dir": str(spark_dir), "rows": rows, "features": features, "repeat": repeat,
              "vars": monitor_vars(features, None, dbt.distribution_statistics), "out": str(out)}
    config_file = spark_dir / "config.json"
    config_file.write_text(json.dumps(config))
    env = dbt.env(data_dir / "unused.duckdb", {
        "MODEL_MONITOR_BENCH_SOURCE_SCHEMA": SPARK_SOURCE_SCHEMA, "MODEL_MONITOR_BENCH_SPARK_SCHEMA": SPARK_SCHEMA,
        "MODEL_MONITOR_SPARK_DIR": str(spark_dir), "DBT_TARGET_PATH": str(spark_dir / "target"),
        "DBT_LOG_PATH": str(spark_dir / "logs"), "PYSPARK_PYTHON": sys.executable, "TZ": "UTC"})
    command = [sys.executable, str(Path(__file__).resolve()), "--spark-child", str(config_file)]
    log_path = data_dir / "spark.log"
    with open(log_path, "w") as log_file:
        proc = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        last = ""
        for line in proc.stdout:
            log_file.write(line)
            log_file.flush()
            if line.startswith(SPARK_PROGRESS):
                log(line.rstrip("\n"))
            elif line.strip():
                last = line.strip()
        proc.wait()
    if out.exists():
        return json.loads(out.read_text())
    return {"stage": "FAILED", "error": f"the Spark child process exited with code {proc.returncode} "
                                        f"without a result (output in {log_path}): {last[:300].replace('|', '/')}"}


def spark_child(config_file: Path) -> int:
    """The Spark figure's child process: measures, writes its result as JSON (see
    :func:`spark_measure`), even when it fails part-way."""
    config = json.loads(Path(config_file).read_text())
    result: dict = {"stage": "not run"}

    def log(message: str) -> None:
        print(f"{SPARK_PROGRESS}{message}", flush=True)

    try:
        spark_measure(config, result, log)
    except Exception as exc:
        result["error"] = f"{type(exc).__name__}: {first_line(exc)}"
        log(f": {result['stage']}: {exc}")
    Path(config["out"]).write_text(json.dumps(result))
    return 1 if "error" in result else 0


def spark_measure(config: dict, result: dict, log) -> None:
    """In the child: start the session (``model_monitor.spark.get_session``, UDFs registered),
    load the log, then `repeat` times a full build (``run_dbt``, reusing the session) and the
    bare scan; then the planning of :data:`SPARK_PLANNED_MODELS`' compiled SQL. Fills `result`."""
    from model_monitor.spark import get_session

    spark_dir = Path(config["spark_dir"])
    started = time.perf_counter()
    spark = get_session(spark_dir)
    result["version"] = spark.version
    log(f": session started ({time.perf_counter() - started:.0f} s), Spark {spark.version}")
    started = time.perf_counter()
    result["loaded"] = load_spark(spark, SPARK_SOURCE_SCHEMA, config["rows"], config["features"])
    result["load_seconds"] = time.perf_counter() - started
    log(f": loaded {result['loaded']:,} rows into {SPARK_SOURCE_SCHEMA}.loan_predictions "
        f"({result['load_seconds']:.0f} s)")
    result["stage"], result["builds"], result["scans"] = "FAILED", [], []
    repeat = config["repeat"]
    for i in range(repeat):
        build = spark_build(spark_dir, config["vars"])
        scan = spark_scan_seconds(spark, config["features"])
        result["builds"].append({"sql_seconds": build.sql_seconds, "wall_seconds": build.wall_seconds,
                                 "models": build.models})
        result["scans"].append(scan)
        log(f" {i + 1}/{repeat}: build SQL {build.sql_seconds:.2f} s (wall {build.wall_seconds:.1f} s), "
            f"bare scan {scan:.3f} s; " + slowest(build))
    compiled = spark_dir / "target" / "compiled"
    result["planning"] = {}
    for model in SPARK_PLANNED_MODELS:
        sql = compiled_sql(compiled, model)
        runs = [spark_planning(spark, sql) for _ in range(repeat)]
        result["planning"][model] = {"seconds": [r["seconds"] for r in runs], "jobs": sum(r["jobs"] for r in runs),
                                     "phases": [r["phases"] for r in runs], "chars": len(sql)}
        log(f" planning {model}: " + ", ".join(f"{r['seconds']:.2f} s {r['phases']}" for r in runs)
            + f" ({sum(r['jobs'] for r in runs)} Spark jobs)")


def load_spark(spark, schema: str, rows: int, features: int) -> int:
    """The benchmark's log (the same generator, day by day) into ``schema.loan_predictions``, a
    managed parquet table: days gathered up to :data:`SPARK_LOAD_BATCH_ROWS` rows, each batch
    appended with ``createDataFrame`` (through Arrow: NULL stays NULL, naive timestamps are read
    as UTC, the session's time zone); column types from ``tests/loading.py``'s ``sql_type``."""
    sql_type = tests_sql_type()

    spark.conf.set("spark.sql.execution.arrow.pyspark.enabled", "true")
    spark.conf.set("spark.sql.execution.arrow.pyspark.fallback.enabled", "false")  # no silent row path
    spark.sql(f"create database if not exists `{schema}`")
    table = f"`{schema}`.`loan_predictions`"
    written, batch, ddl = 0, [], None

    def append(frames: list[pd.DataFrame]) -> None:
        frame = spark.createDataFrame(pd.concat(frames, ignore_index=True), schema=ddl)
        if written == 0:
            frame.write.format("parquet").saveAsTable(table)
        else:
            frame.write.insertInto(table)

    for predictions, _ in iter_bench_days(rows, features):
        if ddl is None:
            ddl = ", ".join(f"`{c}` {sql_type(predictions[c], 'spark')}" for c in predictions.columns)
        batch.append(predictions)
        if sum(len(f) for f in batch) >= SPARK_LOAD_BATCH_ROWS:
            append(batch)
            written += sum(len(f) for f in batch)
            batch = []
    if batch:
        append(batch)
        written += sum(len(f) for f in batch)
    return written


def spark_build(spark_dir: Path, variables: dict) -> DbtRun:
    """A full build (``dbt run --full-refresh --target spark``) through
    ``model_monitor.spark.run_dbt``, in this process and on its session; dbt's output is printed
    (to the log file), its first error raised."""
    from model_monitor.spark import run_dbt

    results_file = Path(os.environ["DBT_TARGET_PATH"]) / "run_results.json"
    results_file.unlink(missing_ok=True)
    args = ["run", "--target", "spark", "--full-refresh", "--vars", json.dumps(variables), "--no-use-colors",
            "--project-dir", str(PROJECT), "--profiles-dir", str(PROJECT)]
    output = io.StringIO()
    started = time.perf_counter()
    with contextlib.redirect_stdout(output):
        ok = run_dbt(args, spark_dir)
    wall = time.perf_counter() - started
    print(output.getvalue(), flush=True)
    if not ok:
        raise RuntimeError(f"dbt failed (run --target spark): {dbt_error_summary(output.getvalue())}")
    return read_run_results(results_file, wall, 0)


def spark_scan_seconds(spark, features: int) -> float:
    """:func:`scan_sql` on the Spark log through ``spark.sql``, collected, timed."""
    sql = scan_sql(features, f"`{SPARK_SOURCE_SCHEMA}`.`loan_predictions`", quote="`")
    started = time.perf_counter()
    spark.sql(sql).collect()
    return time.perf_counter() - started


def compiled_sql(compiled: Path, model: str) -> str:
    """The SELECT dbt compiled for `model` in the last build (``target/compiled/.../model.sql``)."""
    found = sorted(compiled.rglob(f"{model}.sql"))
    if not found:
        raise RuntimeError(f"no compiled SQL of {model} under {compiled}")
    return found[0].read_text().strip().rstrip(";")


SPARK_PHASES = ("parsing", "analysis", "optimization", "planning")  # QueryPlanningTracker's phases


def spark_planning(spark, sql: str) -> dict:
    """Spark planning `sql` without running it: ``spark.sql`` parses and analyses the query
    (eagerly), then ``queryExecution().executedPlan()`` optimises it and makes the physical plan
    (with adaptive execution, its initial plan); nothing is collected. Returns the wall seconds of
    both, the Spark jobs that ran meanwhile (none expected) and Spark's own milliseconds per phase
    (its QueryPlanningTracker: parsing, analysis, optimization, planning)."""
    context = spark.sparkContext
    group = f"model_monitor_bench_planning_{time.monotonic_ns()}"
    context.setJobGroup(group, "bench.py: planning only")
    try:
        started = time.perf_counter()
        execution = spark.sql(sql)._jdf.queryExecution()
        execution.executedPlan()
        seconds = time.perf_counter() - started
    finally:
        context.setLocalProperty("spark.jobGroup.id", None)
    phases = {}
    try:  # an internal API: the figure stands without it
        tracked = execution.tracker().phases()
        for phase in SPARK_PHASES:
            if tracked.get(phase).isDefined():
                phases[phase] = tracked.get(phase).get().durationMs()
    except Exception:
        phases = {}
    return {"seconds": seconds, "jobs": len(context.statusTracker().getJobIdsForGroup(group)), "phases": phases}


# -- dbt start-up -------------------------------------------------------------------------------
def noop_figure(dbt: Dbt, db: Path, repeat: int) -> Figure:
    walls = [dbt.noop(db) for _ in range(repeat)]
    return Figure("dbt start-up: a no-op `dbt run` (not in any ratio above)", "reported separately",
                  value=f"{median(walls):.1f} s", met=None)


# -- output -------------------------------------------------------------------------------------
def machine() -> str:
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    import duckdb

    return (f"{os.cpu_count()} cores, {memory / 2**30:.1f} GiB memory, {platform.system()} "
            f"{platform.machine()}, Python {platform.python_version()}, duckdb {duckdb.__version__}")


def render(figures: list[Figure], repeat: int) -> str:
    lines = ["| figure | target | result | met | detail |", "|---|---|---|---|---|"]
    for f in figures:
        result = f.value or (f"{f.ratio:.2f}" if f.ratio is not None else "-")
        if f.ratios and not f.value:
            result += f" (median of {len(f.ratios)})"
        met = {True: "yes", False: "NO", None: "-"}[f.met]
        lines.append(f"| {f.name} | {f.target} | {result} | {met} | {f.detail} |")
    return "\n".join(lines)


def breakdown(figures: list[Figure]) -> list[str]:
    """Where the full build's SQL time goes: median seconds per model, slowest first."""
    models = next((f.models for f in figures if f.models), None)
    if not models:
        return []
    lines = ["Full build, median SQL seconds per model:", "",
             "| model | seconds |", "|---|---|"]
    for name, seconds in sorted(models.items(), key=lambda kv: -median(kv[1])):
        lines.append(f"| {name} | {median(seconds):.2f} |")
    return lines + [""]


def parse_rows(text: str) -> int:
    return int(text.replace("_", ""))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=parse_rows, default=10_000_000,
                        help="scale, table rows and incremental figures")
    parser.add_argument("--memory-rows", type=parse_rows, default=50_000_000, help="the memory_limit figure")
    parser.add_argument("--compare-rows", type=parse_rows, default=1_000_000, help="NannyML and Evidently")
    parser.add_argument("--postgres-rows", type=parse_rows, default=1_000_000, help="the PostgreSQL figure")
    parser.add_argument("--postgres-port", type=int,
                        default=int(os.environ.get("MODEL_MONITOR_BENCH_PG_PORT", DEFAULT_PG_PORT)),
                        help=f"port of the benchmark's PostgreSQL (default $MODEL_MONITOR_BENCH_PG_PORT or "
                             f"{DEFAULT_PG_PORT}); started with scripts/postgres.sh and stopped at the end")
    parser.add_argument("--postgres-external", action="store_true",
                        help="use a PostgreSQL already listening on --postgres-port (e.g. the test suite's): "
                             "neither started nor stopped; only the benchmark's own schemas are dropped")
    parser.add_argument("--postgres-memory-limit-gib", type=float, default=4.0,
                        help="address-space limit of every process of the server the benchmark starts "
                             "(default 4 GiB): a runaway query fails alone instead of exhausting the machine")
    parser.add_argument("--postgres-statement-timeout-minutes", type=float, default=30.0,
                        help="statement_timeout of the PostgreSQL build's sessions (default 30 minutes)")
    parser.add_argument("--spark-rows", type=parse_rows, default=200_000,
                        help="the Spark figures (a local SparkSession, in one child process; needs Java 17 and "
                             "the spark extra, else their rows say 'not run'); default 200_000")
    parser.add_argument("--spark-child", type=Path, help=argparse.SUPPRESS)  # the Spark figures' child process
    parser.add_argument("--features", type=int, default=20)
    parser.add_argument("--distribution-statistics", choices=["profile", "exact"], default=None,
                        help="set the monitor's distribution_statistics; by default it is not set, so the "
                             "package's default mode is measured")
    parser.add_argument("--repeat", type=int, default=3, help="repetitions of every figure (median)")
    parser.add_argument("--memory-repeat", type=int, default=1,
                        help="repetitions of the memory figure (default 1: it is the slowest)")
    parser.add_argument("--data-dir", type=Path, default=REPO / "build" / "bench")
    parser.add_argument("--competitor-python", type=Path, default=REPO / "benchmarks" / ".venv" / "bin" / "python")
    parser.add_argument("--skip", action="append", default=[], choices=SKIPPABLE,
                        help="leave a part out (repeatable)")
    parser.add_argument("--output", "--out", dest="out", type=Path, default=REPO / "benchmarks" / "results.md",
                        help="where the report is written (default benchmarks/results.md)")
    args = parser.parse_args(argv)
    if args.spark_child is not None:
        return spark_child(args.spark_child)
    if args.repeat < 1 or args.memory_repeat < 1:
        parser.error("--repeat and --memory-repeat must be at least 1")

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    skip = set(args.skip)
    data_dir = args.data_dir.resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    dbt = Dbt(data_dir / "dbt", log, args.distribution_statistics)
    started = time.perf_counter()
    figures: list[Figure] = []
    scale_db = data_file(data_dir, args.rows, args.features, log)
    dbt.deps(scale_db)
    build = None  # the last full build of scale_db, whose tables the rows figure counts
    if "scale" not in skip:
        log("scale: full build vs bare scan")
        scale, build = scale_figure(dbt, scale_db, args.rows, args.features, args.repeat, log)
        figures.append(scale)
    if {"bins", "rows"} - skip and build is None:
        log("a full build (the scale figure is skipped)")
        build = dbt.run(scale_db, args.features, None, full_refresh=True)
    if "rows" not in skip:
        log("rows: every table the package built vs the predictions table")
        figures.append(table_rows_figure(scale_db, build, args.rows, log))
    if "bins" not in skip:
        log("bin counts: one GROUPING SETS query vs bare scan")
        figures.append(bin_counts_figure(scale_db, args.features, args.repeat, log))
    if "incremental" not in skip:
        log("incremental: +1 day after 89 days vs a full build" +
            ("" if "incremental-10-days" in skip else " and vs +1 day after 10 days"))
        figures += incremental_figures(dbt, scale_db, args.features, args.repeat, log,
                                       early="incremental-10-days" not in skip)
    if "competitors" not in skip:
        log("competitors: 30 daily windows vs NannyML and Evidently")
        compare_db = data_file(data_dir, args.compare_rows, args.features, log)
        figures += competitor_figures(dbt, compare_db, data_dir, args.compare_rows, args.features, args.repeat,
                                      args.competitor_python, log)
    if "memory" not in skip:
        log("memory: full build with memory_limit = '2GB'")
        memory_db = data_file(data_dir, args.memory_rows, args.features, log)
        figures.append(memory_figure(dbt, memory_db, args.memory_rows, args.features, args.memory_repeat, log))
    if "postgres" not in skip:
        log(f"postgres: full build vs bare scan on PostgreSQL (port {args.postgres_port})")
        figures.append(postgres_figure(dbt, data_dir, args.postgres_rows, args.features, args.repeat,
                                       args.postgres_port, args.postgres_external, log,
                                       args.postgres_memory_limit_gib, args.postgres_statement_timeout_minutes))
    if "spark" not in skip:
        log("spark: full build vs bare scan on a local Spark session, and the planning of the largest models")
        figures += spark_figures(dbt, data_dir, args.spark_rows, args.features, args.repeat, log)
    if "noop" not in skip:
        figures.append(noop_figure(dbt, scale_db, args.repeat))
    for f in figures:
        if any(not math.isfinite(r) or r <= 0 for r in f.ratios):
            raise RuntimeError(f"{f.name}: a ratio is not a finite positive number: {f.ratios}")
    command = "python benchmarks/bench.py " + shlex.join(argv if argv is not None else sys.argv[1:])
    mode = args.distribution_statistics or "not set (the package's default)"
    report = "\n".join([
        "# Benchmark results", "",
        f"Command: `{command.strip()}` ({time.perf_counter() - started:.0f} s, "
        f"{dt.datetime.now(dt.timezone.utc).strftime('%Y-%m-%d %H:%M UTC')})", "",
        f"Machine: {machine()}", "",
        f"Monitor: daily windows, reference the first {REFERENCE_DAYS} days, {args.features} features "
        f"({len(feature_columns(args.features)[1])} categorical; added to the demo's: "
        f"{', '.join(name for name, _ in extra_columns(extra_features(args.features))) or 'none'}) plus the score, "
        f"distribution_statistics: {mode}.", "",
        render(figures, args.repeat), "",
        *breakdown(figures),
    ])
    print(report)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(report)
    return 0  # a missed target is a result to read, not a failure of the script


if __name__ == "__main__":
    sys.exit(main())
