"""The benchmark behind the README's claims: scale, stored rows, incremental cost, memory, Evidently/NannyML, PostgreSQL.

Run with the package's venv (``make bench`` does it)::

    .venv/bin/python benchmarks/bench.py [--rows 10_000_000] [--memory-rows 50_000_000]
                                        [--compare-rows 1_000_000] [--postgres-rows 1_000_000]
                                        [--repeat 3] [--distribution-statistics profile|exact]
                                        [--skip NAME ...] [--output FILE]

It generates the demo log (``model_monitor.demo``) plus the benchmark's own columns up to
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
"""
from __future__ import annotations

import argparse
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
DEMO_FEATURES = 13  # model_monitor.demo: 8 numeric + 5 categorical
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
    """The demo log one day at a time (``demo.iter_days``) with the added columns; each day's
    added columns come from their own random stream, so every demo column is the demo's."""
    from model_monitor import demo

    columns = extra_columns(extra_features(features))
    for day_index, (predictions, outcomes) in enumerate(demo.iter_days(rows=rows, seed=seed)):
        rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(EXTRA_STREAM + day_index,)))
        for name, kind in columns:
            predictions[name] = extra_values(kind, rng, len(predictions))
        yield predictions, outcomes


def data_file(data_dir: Path, rows: int, features: int, log) -> Path:
    """The generated log of `rows` predictions, written once and reused by later runs."""
    from model_monitor import demo

    extra_features(features)
    path = data_dir / f"bench_{rows}rows_{features}features.duckdb"
    if path.exists():
        return path
    partial = path.with_name(path.stem + ".partial.duckdb")  # an interrupted run is never reused
    partial.unlink(missing_ok=True)
    started = time.perf_counter()
    demo.write_duckdb_days(partial, iter_bench_days(rows, features))
    partial.rename(path)
    log(f"generated {rows:,} rows x {features} features into {path} ({time.perf_counter() - started:.0f} s)")
    return path


def day(n: int) -> str:
    from model_monitor.demo import START

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
        results = json.loads(results_file.read_text())["results"]
        models = {r["unique_id"]: float(r["execution_time"]) for r in results
                  if r["unique_id"].startswith("model.")}
        relations = {r["unique_id"].split(".")[-1]: r["relation_name"] for r in results
                     if r["unique_id"].startswith("model.") and r.get("relation_name")}
        bad = [r["unique_id"] for r in results if r["status"] != "success"]
        if bad or not models:
            raise RuntimeError(f"dbt run did not succeed on every model: {bad or 'no model ran'}")
        return DbtRun(wall, sum(models.values()), rss, models, relations)

    def noop(self, db: Path) -> float:
        """Wall time of a dbt run that selects nothing: parsing, connecting, start-up."""
        wall, _, _ = self.invoke(["run", "--select", "tag:model_monitor_benchmark_selects_nothing"], db)
        return wall


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
def scan_sql(features: int, table: str, booleans: frozenset[str] = frozenset()) -> str:
    """One query reading every feature column once: count, min and max per column (bool_and and
    bool_or for the `booleans`, PostgreSQL having no min/max of a boolean).

    The score column too: the package monitors it as the pseudo-feature ``__score__``.
    """
    numeric, categorical = feature_columns(features)
    parts = []
    for c in numeric + categorical + [SCORE]:
        low, high = ("bool_and", "bool_or") if c in booleans else ("min", "max")
        parts.append(f'count("{c}"), {low}("{c}"), {high}("{c}")')
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
    with COPY; column types from ``model_monitor.loading.sql_type`` (the tests' loader)."""
    from model_monitor.loading import sql_type

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


def spark_figure() -> Figure:
    """A placeholder: the Spark figure is not measured (yet)."""
    return Figure("Spark: full build SQL time / bare scan", "reported (no target)", value="not measured",
                  detail="placeholder: no Spark run in the benchmark yet (`--skip spark` leaves this row out)")


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
        figures.append(spark_figure())
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
