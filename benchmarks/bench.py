"""The benchmark behind the README's claims: scale, incremental cost, memory, and Evidently/NannyML.

Run with the package's venv (``make bench`` does it)::

    .venv/bin/python benchmarks/bench.py [--rows 10_000_000] [--memory-rows 50_000_000]
                                        [--compare-rows 1_000_000] [--repeat 3]

It generates the demo log (``model_monitor.demo``, plus extra stationary numeric columns up to
``--features``) once per size into ``build/bench/`` and reuses it; runs the package's models with
dbt on DuckDB (``benchmarks/dbt_project``, one dbt subprocess per run); and prints one table.
Every figure is a ratio of two measurements taken next to each other in the same run, repeated
``--repeat`` times; the table shows the median ratio. dbt's start-up is kept out of every ratio
(model SQL times come from ``target/run_results.json``) and reported on its own row.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PROJECT = REPO / "benchmarks" / "dbt_project"
COMPETITORS = REPO / "benchmarks" / "competitors.py"
DEMO_FEATURES = 13  # model_monitor.demo: 8 numeric + 5 categorical
NUMERIC = ["car_value", "debt_to_income_ratio", "driver_tenure", "annual_income", "credit_score",
           "num_prior_claims", "loan_term_months", "employment_years"]
CATEGORICAL = ["salary_range", "size_of_downpayment", "vehicle_make", "region", "has_cosigner"]
REFERENCE_DAYS = 7  # short, so that the "after 10 days" incremental run has its whole reference
COMPARE_WINDOWS = 30
SCORE = "y_pred_proba"
# the drift models and everything they read: what Evidently's and NannyML's drift compute
DRIFT_MODELS = "+model_monitor__feature_drift"
PSI_FEATURE = "region"  # 10 categories, all in the reference: Evidently's bins are ours


# -- data ---------------------------------------------------------------------------------------
def extra_features(features: int) -> int:
    if features < DEMO_FEATURES:
        raise SystemExit(f"--features must be at least {DEMO_FEATURES} (the demo's features), got {features}")
    return features - DEMO_FEATURES


def feature_columns(features: int) -> tuple[list[str], list[str]]:
    extra = [f"extra_{i:02d}" for i in range(1, extra_features(features) + 1)]
    return NUMERIC + extra, CATEGORICAL


def data_file(data_dir: Path, rows: int, features: int, log) -> Path:
    """The generated log of `rows` predictions, written once and reused by later runs."""
    from model_monitor import demo

    extra = extra_features(features)
    path = data_dir / f"demo_{rows}rows_{extra}extra.duckdb"
    if path.exists():
        return path
    partial = path.with_name(path.stem + ".partial.duckdb")  # an interrupted run is never reused
    partial.unlink(missing_ok=True)
    started = time.perf_counter()
    demo.write_duckdb_days(partial, demo.iter_days(rows=rows, seed=7, extra_features=extra))
    partial.rename(path)
    log(f"generated {rows:,} rows x {features} features into {path} ({time.perf_counter() - started:.0f} s)")
    return path


def day(n: int) -> str:
    from model_monitor.demo import START

    return (START + dt.timedelta(days=n)).strftime("%Y-%m-%d")


def monitor_vars(features: int, as_of_day: int | None, distribution_statistics: str = "exact") -> dict:
    numeric, categorical = feature_columns(features)
    monitor = {
        "name": "bench", "predictions": {"source": ["bench", "loan_predictions"]},
        "id_column": "prediction_id", "timestamp_column": "predicted_at",
        "task": "binary_classification", "score_column": "y_pred_proba",
        "features": {"numeric": numeric, "categorical": categorical},
        "window": "day", "reference": {"start": day(0), "end": day(REFERENCE_DAYS)},
        "distribution_statistics": distribution_statistics,
    }
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


class Dbt:
    """dbt of the package's venv, run as a subprocess so that its peak memory is its own."""

    def __init__(self, work: Path, log, distribution_statistics: str = "exact"):
        self.work = work
        self.log = log
        self.distribution_statistics = distribution_statistics
        self.executable = Path(sys.executable).with_name("dbt")
        if not self.executable.exists():
            raise SystemExit(f"dbt not found next to {sys.executable}: run with the package's venv (make bench)")

    def env(self, db: Path) -> dict[str, str]:
        return {**os.environ, "MODEL_MONITOR_BENCH_DB": str(db), "DO_NOT_TRACK": "1",
                "MODEL_MONITOR_BENCH_PACKAGES": str(self.work / "dbt_packages"),
                "DBT_TARGET_PATH": str(self.work / "target"), "DBT_LOG_PATH": str(self.work / "logs")}

    def invoke(self, args: list[str], db: Path) -> tuple[float, int, str]:
        command = [str(self.executable), *args, "--project-dir", str(PROJECT), "--profiles-dir", str(PROJECT)]
        started = time.perf_counter()
        proc = subprocess.Popen(command, env=self.env(db), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                text=True)
        output = proc.stdout.read()
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - started
        if proc.returncode != 0:
            raise RuntimeError(f"dbt failed ({shlex.join(args[:2])}):\n{output[-6000:]}")
        return wall, usage.ru_maxrss * 1024, output  # ru_maxrss is in KiB on Linux

    def deps(self, db: Path) -> None:
        self.invoke(["deps", "--quiet"], db)

    def run(self, db: Path, features: int, as_of_day: int | None, full_refresh: bool,
            target: str = "duckdb", select: str | None = None) -> DbtRun:
        args = ["run", "--target", target, "--vars", json.dumps(monitor_vars(features, as_of_day, self.distribution_statistics))]
        if select:
            args += ["--select", select]
        if full_refresh:
            args.append("--full-refresh")
        results_file = self.work / "target" / "run_results.json"
        results_file.unlink(missing_ok=True)
        wall, rss, _ = self.invoke(args, db)
        results = json.loads(results_file.read_text())["results"]
        models = {r["unique_id"]: float(r["execution_time"]) for r in results
                  if r["unique_id"].startswith("model.")}
        bad = [r["unique_id"] for r in results if r["status"] != "success"]
        if bad or not models:
            raise RuntimeError(f"dbt run did not succeed on every model: {bad or 'no model ran'}")
        return DbtRun(wall, sum(models.values()), rss, models)

    def noop(self, db: Path) -> float:
        """Wall time of a dbt run that selects nothing: parsing, connecting, start-up."""
        wall, _, _ = self.invoke(["run", "--select", "tag:model_monitor_benchmark_selects_nothing"], db)
        return wall


# -- the bare scan ------------------------------------------------------------------------------
def bare_scan_seconds(db: Path, features: int, memory_limit: str | None = None) -> float:
    """One DuckDB query reading every feature column once: count, min and max per column.

    The score column too: the package monitors it as the pseudo-feature ``__score__``.
    """
    import duckdb

    numeric, categorical = feature_columns(features)
    select = ", ".join(f'count("{c}"), min("{c}"), max("{c}")' for c in numeric + categorical + [SCORE])
    con = duckdb.connect(str(db), read_only=True)
    try:
        if memory_limit:
            con.execute(f"set memory_limit = '{memory_limit}'")
        started = time.perf_counter()
        con.execute(f"select {select} from demo.loan_predictions").fetchall()
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
    value: str = ""  # the printed result when the figure is not a ratio (or a note)
    detail: str = ""
    met: bool | None = None
    models: dict[str, list[float]] = field(default_factory=dict)  # per-model SQL seconds, by run

    @property
    def ratio(self) -> float | None:
        return statistics.median(self.ratios) if self.ratios else None


def median(xs: list[float]) -> float:
    return statistics.median(xs)


def scale_figure(dbt: Dbt, db: Path, rows: int, features: int, repeat: int, log) -> Figure:
    fig = Figure(f"full build SQL time / bare scan ({rows:,} rows x {features} features x 90 days)", "<= 3")
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
    fig.met = fig.ratio <= 3
    return fig


def bin_counts_figure(db: Path, features: int, repeat: int, log) -> Figure:
    """Reported, not a target: how far above the bare scan even the cheapest binned drift input
    is, to read the first figure against."""
    fig = Figure("bin counts only: one query of every feature's reference-bin counts per day / bare scan",
                 "reported (no target)")
    for i in range(repeat):
        bins = bin_counts_seconds(db, features)
        scan = bare_scan_seconds(db, features)
        fig.ratios.append(bins / scan)
        log(f"  bin counts {i + 1}/{repeat}: {bins:.3f} s, bare scan {scan:.3f} s")
    fig.detail = "the least PSI/JS/chi-square need, with the reference's edges known; no KS values, no performance"
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


def incremental_figure(dbt: Dbt, db: Path, features: int, repeat: int, log) -> Figure:
    """+1 day after 89 days vs after 10 days. Each history is built once (a full refresh as of that
    day) and kept as a copy of the database; every repetition starts from a fresh copy of it, so
    the incremental runs are repeated without repeating the full builds."""
    fig = Figure("incremental run adding day 90 after 89 days / adding day 11 after 10 days", "<= 1.2")
    histories = {}
    for history in (10, 89):
        histories[history] = db.with_name(f"{db.stem}.history{history}.duckdb")
        copy_database(db, histories[history])
        dbt.run(histories[history], features, history, full_refresh=True)
    work = db.with_name(f"{db.stem}.incremental.duckdb")
    late, early = [], []
    try:
        for i in range(repeat):
            times = {}
            for history in (10, 89):
                copy_database(histories[history], work)
                times[history] = dbt.run(work, features, history + 1, full_refresh=False).sql_seconds
            late.append(times[89])
            early.append(times[10])
            fig.ratios.append(times[89] / times[10])
            log(f"  incremental {i + 1}/{repeat}: +1 day after 89 days {times[89]:.2f} s, after 10 days {times[10]:.2f} s")
    finally:
        for path in (work, *histories.values()):
            remove_database(path)
    fig.detail = f"SQL {median(late):.2f} s vs {median(early):.2f} s"
    fig.met = fig.ratio <= 1.2
    return fig


def memory_figure(dbt: Dbt, db: Path, rows: int, features: int, repeat: int, log) -> Figure:
    fig = Figure(f"{rows:,} rows x {features} features, DuckDB memory_limit = '2GB'", "completes; peak RSS printed")
    rss, sql = [], []
    for i in range(repeat):
        try:
            build = dbt.run(db, features, None, full_refresh=True, target="duckdb_2gb")
        except RuntimeError as exc:
            fig.value, fig.met = "FAILED", False
            fig.detail = str(exc).splitlines()[-1][:200]
            return fig
        scan = bare_scan_seconds(db, features, "2GB")
        rss.append(build.peak_rss_bytes)
        sql.append(build.sql_seconds)
        fig.ratios.append(build.sql_seconds / scan)
        log(f"  memory {i + 1}/{repeat}: peak RSS {build.peak_rss_bytes / 2**30:.2f} GiB, build SQL "
            f"{build.sql_seconds:.1f} s, bare scan {scan:.2f} s")
    fig.value = f"completes, peak RSS {max(rss) / 2**30:.2f} GiB"
    fig.detail = f"build SQL {median(sql):.1f} s; ratio to the bare scan {fig.ratio:.1f}"
    fig.met = True
    return fig


def competitor_figures(dbt: Dbt, db: Path, data_dir: Path, rows: int, features: int, repeat: int,
                       python: Path, log) -> list[Figure]:
    """Our drift for 30 daily windows vs Evidently's and NannyML's on the same rows."""
    evidently = Figure(f"Evidently DataDriftPreset per window / our drift (30 daily windows, {rows:,} rows)",
                       ">= 20")
    nannyml = Figure(f"NannyML univariate drift by day / our drift (same data)", ">= 10")
    if not python.exists():
        for fig in (evidently, nannyml):
            fig.value = "not run"
            fig.detail = f"{python} missing (make bench creates it)"
        return [evidently, nannyml]
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
        # what the competitors compute: the drift models (the scan, the reference, bins,
        # histograms, drift), not performance or freshness
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
    for fig, key in ((evidently, "evidently"), (nannyml, "nannyml")):
        seconds = theirs[key]["seconds"]
        # paired by repetition: each of our runs against the competitor's run of the same index
        fig.ratios = [s / o for s, o in zip(seconds, ours)]
        fig.detail = (f"{key} {median(seconds):.1f} s ({theirs[key]['version']}), our drift models' SQL "
                      f"{median(ours):.2f} s (every model of the package: {median(full):.2f} s)")
    diffs = [abs(theirs["evidently"]["psi"][d] - our_psi[d]) for d in theirs["evidently"]["psi"] if d in our_psi]
    if diffs:
        evidently.detail += (f"; PSI of {PSI_FEATURE} on the {len(diffs)} windows where no bin is empty: "
                             f"max abs(ours - Evidently) = {max(diffs):.1e}")
    evidently.met = evidently.ratio >= 20
    nannyml.met = nannyml.ratio >= 10
    return [evidently, nannyml]


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
    parser.add_argument("--rows", type=parse_rows, default=10_000_000, help="scale and incremental figures")
    parser.add_argument("--memory-rows", type=parse_rows, default=50_000_000, help="the memory_limit figure")
    parser.add_argument("--compare-rows", type=parse_rows, default=1_000_000, help="Evidently and NannyML")
    parser.add_argument("--features", type=int, default=20)
    parser.add_argument("--distribution-statistics", choices=["exact", "approximate"], default="approximate",
                        help="the monitor's KS/Wasserstein mode (default approximate: the package's mode for "
                             "large windows; exact is the package's default)")
    parser.add_argument("--repeat", type=int, default=3, help="repetitions of every figure (median)")
    parser.add_argument("--memory-repeat", type=int, default=1,
                        help="repetitions of the memory figure (default 1: it is the slowest)")
    parser.add_argument("--data-dir", type=Path, default=REPO / "build" / "bench")
    parser.add_argument("--competitor-python", type=Path, default=REPO / "benchmarks" / ".venv" / "bin" / "python")
    parser.add_argument("--skip", action="append", default=[],
                        choices=["scale", "incremental", "memory", "competitors", "noop"])
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "results.md")
    args = parser.parse_args(argv)
    if args.repeat < 1 or args.memory_repeat < 1:
        parser.error("--repeat and --memory-repeat must be at least 1")

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    data_dir = args.data_dir.resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    dbt = Dbt(data_dir / "dbt", log, args.distribution_statistics)
    started = time.perf_counter()
    figures: list[Figure] = []
    scale_db = data_file(data_dir, args.rows, args.features, log)
    dbt.deps(scale_db)
    if "scale" not in args.skip:
        log("scale: full build vs bare scan")
        figures.append(scale_figure(dbt, scale_db, args.rows, args.features, args.repeat, log))
        figures.append(bin_counts_figure(scale_db, args.features, args.repeat, log))
    if "incremental" not in args.skip:
        log("incremental: +1 day after 89 days vs after 10 days")
        figures.append(incremental_figure(dbt, scale_db, args.features, args.repeat, log))
    if "memory" not in args.skip:
        log("memory: full build with memory_limit = '2GB'")
        memory_db = data_file(data_dir, args.memory_rows, args.features, log)
        figures.append(memory_figure(dbt, memory_db, args.memory_rows, args.features, args.memory_repeat, log))
    if "competitors" not in args.skip:
        log("competitors: 30 daily windows vs Evidently and NannyML")
        compare_db = data_file(data_dir, args.compare_rows, args.features, log)
        figures += competitor_figures(dbt, compare_db, data_dir, args.compare_rows, args.features, args.repeat,
                                      args.competitor_python, log)
    if "noop" not in args.skip:
        figures.append(noop_figure(dbt, scale_db, args.repeat))
    for f in figures:
        if any(not math.isfinite(r) or r <= 0 for r in f.ratios):
            raise RuntimeError(f"{f.name}: a ratio is not a finite positive number: {f.ratios}")
    command = "python benchmarks/bench.py " + shlex.join(argv if argv is not None else sys.argv[1:])
    report = "\n".join([
        "# Benchmark results", "",
        f"Command: `{command.strip()}` ({time.perf_counter() - started:.0f} s, "
        f"{dt.datetime.now(dt.timezone.utc).strftime('%Y-%m-%d %H:%M UTC')})", "",
        f"Machine: {machine()}", "",
        f"Monitor: daily windows, reference the first {REFERENCE_DAYS} days, {args.features} features "
        f"({len(feature_columns(args.features)[1])} categorical) plus the score, "
        f"distribution_statistics: {args.distribution_statistics}.", "",
        render(figures, args.repeat), "",
        *breakdown(figures),
    ])
    print(report)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(report)
    return 0  # a missed target is a result to read, not a failure of the script


if __name__ == "__main__":
    sys.exit(main())
