"""``model-monitor``: the demo, the demo data generator and small maintenance commands."""
from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from pathlib import Path

__all__ = ["main", "run_demo"]

REPO = Path(__file__).resolve().parents[1]
PROJECT_DIR = REPO / "integration_tests"
DEFAULT_DB = PROJECT_DIR / "target" / "model_monitor_demo.duckdb"
DEMO_MONITOR = "car_loan"


def _rows(text: str) -> int:
    from model_monitor.demo_data import DAYS, MAX_ROWS

    value = int(text.replace("_", ""))
    if not DAYS <= value <= MAX_ROWS:
        raise argparse.ArgumentTypeError(f"--rows must be between {DAYS} and {MAX_ROWS}")
    return value


def _since(text: str) -> dt.datetime:
    for form in ("%Y-%m-%d", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"):
        try:
            return dt.datetime.strptime(text, form)
        except ValueError:
            pass
    raise argparse.ArgumentTypeError(f"--since: not a date or time YYYY-MM-DD[ HH:MM[:SS]]: {text!r}")


def _dbt(args: list[str], env: dict[str, str], quiet: bool) -> bool:
    """Run dbt in the integration project; True on success (dbt's output shown on failure)."""
    from model_monitor.dbt_runner import invoke

    run = invoke(args, PROJECT_DIR, PROJECT_DIR, env, capture=quiet)
    if not run.success:
        sys.stderr.write(run.output[-8000:])
        if run.exception:
            sys.stderr.write(f"\n{run.exception}\n")
    return run.success


def _check_overwrite(db: Path, force: bool) -> None:
    """Raise RuntimeError, touching nothing, unless ``db`` may be replaced: it does not exist, is
    empty, is a DuckDB file the demo commands wrote (:func:`model_monitor.demo_store.is_demo_duckdb`;
    at the default path also one of an older version, holding the demo log without the marker),
    or ``force``."""
    from model_monitor.demo_store import MARKER_TABLE, is_demo_duckdb, is_duckdb_file

    if not db.exists():
        return
    if not db.is_file():
        raise RuntimeError(f"{db} exists and is not a file; choose another path with --db")
    if force or db.stat().st_size == 0:
        return
    try:
        if is_demo_duckdb(db, accept_unmarked_log=db == DEFAULT_DB.resolve()):
            return
        reason = (f"model-monitor did not create it (it has no main.{MARKER_TABLE} table)"
                  if is_duckdb_file(db) else "it is not a DuckDB database")
    except Exception as exc:  # duckdb.Error: locked by another process, corrupt, unreadable
        reason = f"it cannot be checked ({str(exc).splitlines()[0]})"
    raise RuntimeError(f"refusing to overwrite {db}: {reason}. Pass --force to replace it "
                       "(its contents are lost), or choose another path with --db")


def run_demo(rows: int = 300_000, seed: int = 7, db: Path = DEFAULT_DB, run_dbt: bool = True,
             quiet: bool = False, extra_features: int = 0, force: bool = False):
    """Generate the demo log into ``db``, build the integration project on it, and summarize.

    ``db`` is replaced (with its ``.wal``) only if it is missing, empty or a file these commands
    wrote (it holds ``main.model_monitor_demo_meta``), or with ``force``.

    Returns the :class:`model_monitor.demo_summary.DemoSummary`, or None when dbt was skipped.
    Raises RuntimeError when ``db`` may not be replaced (nothing is touched) and when dbt fails.
    """
    from model_monitor.demo_data import DAYS, START, iter_days
    from model_monitor.demo_store import mark_duckdb, write_duckdb_days

    if run_dbt and not PROJECT_DIR.is_dir():
        raise RuntimeError(f"the demo needs the repository's integration_tests/ project ({PROJECT_DIR}): "
                           "run it from a source checkout installed with `pip install -e .`")
    started = time.perf_counter()
    db = Path(db).resolve()  # dbt resolves a relative path from its project dir
    _check_overwrite(db, force)
    for stale in (db, db.with_name(db.name + ".wal")):  # a fresh file: no tables of older runs
        stale.unlink(missing_ok=True)
    mark_duckdb(db, rows, seed, extra_features)  # first: an interrupted run is still ours
    # day by day, so that memory stays at one day's rows even for 50M predictions
    predictions, outcomes = write_duckdb_days(
        db, iter_days(rows=rows, seed=seed, extra_features=extra_features))
    print(f"generated {predictions:,} predictions and {outcomes:,} outcomes "
          f"into {db} ({time.perf_counter() - started:.1f} s)")
    if not run_dbt:
        return None
    env = {"MODEL_MONITOR_TARGET": "duckdb", "MODEL_MONITOR_DUCKDB_PATH": str(db), "DO_NOT_TRACK": "1"}
    started = time.perf_counter()
    # judged as of the end of the log's last day, not today's calendar: freshness of a log that
    # ended months ago would alert on every run (and outcomes "observed" later are not known yet)
    as_of = (START + dt.timedelta(days=DAYS)).strftime("%Y-%m-%d")
    # only the demo monitor and the package's models: the project's test fixtures stay out of the
    # demo database (its other monitors are for the test suite)
    # (cautious: the integration project's gate fixtures, whose other parents are not selected, stay out)
    build = ["build", "--full-refresh", "--select", "package:model_monitor", "--indirect-selection", "cautious",
             "--vars", json.dumps({"model_monitor_as_of": as_of, "model_monitor": {"monitors": [demo_monitor_config()]}})]
    if not (_dbt(["deps", "--quiet"], env, quiet=True) and _dbt(build, env, quiet)):
        raise RuntimeError("dbt build failed (output above)")
    print(f"dbt build passed ({time.perf_counter() - started:.1f} s)\n")
    import duckdb

    con = duckdb.connect(str(db))
    try:
        drift = con.execute("select * from main.model_monitor__feature_drift "
                            "where monitor_name = 'car_loan'").df()
        performance = con.execute("select * from main.model_monitor__performance "
                                  "where monitor_name = 'car_loan'").df()
    finally:
        con.close()
    from model_monitor.demo_gate import run_gates
    from model_monitor.demo_summary import summarize, summarize_performance

    summary = summarize(drift)
    summary.performance = summarize_performance(performance)

    started = time.perf_counter()
    summary.gate = run_gates(db, PROJECT_DIR, env)
    print(f"release gate checked on {len(summary.gate.checks)} days ({time.perf_counter() - started:.1f} s)\n")
    summary.report = demo_report(db, env, {"model_monitor_as_of": as_of})
    return summary


def demo_monitor_config() -> dict:
    """The demo monitor as the integration project declares it (integration_tests/dbt_project.yml)."""
    import yaml

    project = yaml.safe_load((PROJECT_DIR / "dbt_project.yml").read_text())
    monitors = project["vars"]["model_monitor"]["monitors"]
    return next(m for m in monitors if m["name"] == DEMO_MONITOR)


def demo_report(db: Path, env: dict[str, str], dbt_vars: dict | None = None) -> Path:
    """Write the demo's HTML report (the demo monitor only) next to ``db``; returns its path."""
    from model_monitor.report import write_report

    started = time.perf_counter()
    path = db.with_name(db.stem + "_report.html")
    written = write_report(path, monitors=[DEMO_MONITOR], project_dir=PROJECT_DIR, profiles_dir=PROJECT_DIR,
                           env=env, progress=lambda line: None, dbt_vars=dbt_vars)
    print(f"report written ({written['bytes'] / 1e6:.1f} MB, {time.perf_counter() - started:.1f} s)\n")
    return path


def _report_epilogue(report: Path, db: Path) -> str:
    """Where the demo's report is, the marts to query and one query to paste."""
    from model_monitor.report import MARTS

    sql = ("select window_start, subject, metric_name, metric_value, threshold from main.model_monitor__alerts "
           f"where monitor_name = '{DEMO_MONITOR}' and severity = 'alert' order by window_start, subject limit 20")
    return "\n".join([
        f"Report: {report}",
        "  open it in a browser (one file, works offline): executive, on-call and debug views",
        f"The marts, in schema main of {db}:",
        "  model_monitor__status (start here: each subject's status now, the metric that set it, since when),",
        "  model_monitor__alert_digest (breaches per window), " + ", ".join(MARTS),
        "One query to paste (or open the file with the duckdb CLI: duckdb -readonly <file>):",
        f"  {sys.executable} -c \"import duckdb; duckdb.connect('{db}', read_only=True).sql("
        f"\\\"{sql}\\\").show()\"",
    ])


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("dbt-model-monitor")
    except PackageNotFoundError:  # run from a checkout that is not installed
        from model_monitor import __version__

        return __version__


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="model-monitor", description=__doc__)
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, summary: str, description: str) -> argparse.ArgumentParser:
        return sub.add_parser(name, help=summary, description=description)

    p_demo = command("demo", "generate the demo log, run dbt build on DuckDB, print the findings",
                     "Generate a loan model's prediction log with injected incidents (drift, a null spike, "
                     "a new category, delayed labels) into a DuckDB file, run `dbt build` of the repository's "
                     "integration_tests/ project on it, run the demo release gate on a clean day and on each "
                     "incident's first day, and print what was caught. Needs a source checkout and the demo "
                     "extra (pip install -e '.[demo]').")
    p_gen = command("generate", "only write the demo log into a DuckDB file",
                    "Write the demo prediction and outcome log (tables demo.loan_predictions and "
                    "demo.loan_outcomes) into a DuckDB file, without running dbt.")
    for p in (p_demo, p_gen):
        p.add_argument("--rows", type=_rows, default=300_000, help="predictions (default 300000, up to 50M)")
        p.add_argument("--seed", type=int, default=7)
        p.add_argument("--db", type=Path, default=DEFAULT_DB,
                       help=f"DuckDB file (default {DEFAULT_DB}). An existing file is replaced only if it is "
                            "empty or model-monitor created it (it holds the table main.model_monitor_demo_meta); "
                            "otherwise the command exits with status 1 and leaves it untouched")
        p.add_argument("--force", action="store_true",
                       help="replace the --db file even if model-monitor did not create it (its contents are lost)")
    p_demo.add_argument("--skip-dbt", action="store_true", help="generate only")
    p_gen.add_argument("--extra-features", type=int, default=0, metavar="K",
                       help="add K stationary numeric columns extra_01..extra_K (benchmarks; default 0)")
    p_dbt = command("dbt-spark", "run dbt on a local SparkSession with the p-value UDFs registered",
                    "Start a local SparkSession (Hive metastore and warehouse under --spark-dir), register "
                    "the package's Python UDFs on it, and run dbt in the same process, so that dbt-spark's "
                    "`method: session` profile uses that session. Example: "
                    "model-monitor dbt-spark -- build --target spark. Needs Java 17 and the spark extra.")
    p_dbt.add_argument("--spark-dir", type=Path, default=Path("build") / "spark",
                       help="metastore and warehouse directory (default build/spark)")
    p_dbt.add_argument("--no-udfs", action="store_true", help="do not register the Python UDFs")
    p_dbt.add_argument("dbt_args", nargs=argparse.REMAINDER, help="arguments for dbt, after --")
    p_udf = command("udf-macros", "regenerate macros/udfs/python_udf_sources.sql from python_udfs/",
                    "Write the Python source of the p-value UDFs into the macro file that creates them on "
                    "PostgreSQL (PL/Python) and in the clouds; --check only compares (a test runs it).")
    p_udf.add_argument("--check", action="store_true", help="exit 1 if the generated file is out of date")
    from model_monitor.report import DEFAULT_OUTPUT

    p_rep = command("report", "write one self-contained HTML page over the package's marts",
                    "Read the marts of a dbt project that uses the package through dbt's own connection (your "
                    "profiles.yml and target: any engine the package supports), aggregates only, and write one "
                    "HTML file that opens offline (Chart.js, styles and data inline): an executive view (health "
                    "per monitor and model version, performance over time, cost), an on-call view (alerts, SLOs, "
                    "freshness, latency, model versions) and a debug view (drift per feature against its "
                    "thresholds, reference-vs-window histograms). One progress line per query on stderr. "
                    "See docs/report.md.")
    p_rep.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help=f"HTML file to write (default {DEFAULT_OUTPUT})")
    p_rep.add_argument("--monitor", action="append", metavar="NAME",
                       help="only this monitor (repeat for several; default every monitor)")
    p_rep.add_argument("--since", type=_since, metavar="YYYY-MM-DD[ HH:MM[:SS]]",
                       help="only windows starting at or after this time (UTC); references are kept")
    p_rep.add_argument("--target", help="dbt target (default: the profile's)")
    p_rep.add_argument("--profiles-dir", type=Path, help="directory of profiles.yml (default: dbt's)")
    p_rep.add_argument("--project-dir", type=Path, help="the dbt project (default: the current directory)")
    p_not = command("notify", "post the alerts not yet sent to a webhook, one message per monitor",
                    "Read model_monitor__alerts through dbt's own connection (any engine), and post the alerts "
                    "not sent before as one JSON message per monitor (Slack-compatible, or a generic payload "
                    "with the rows). A local state file remembers what was delivered: nothing is sent twice, "
                    "a failed post is retried with backoff and, if it still fails, on the next run. Exit "
                    "status 0: delivered (or nothing new); 1: some message not delivered; 2: the alerts or "
                    "the state file could not be read, or no URL. See docs/notify.md.")
    p_not.add_argument("--webhook", metavar="URL",
                       help="webhook URL (default: the MODEL_MONITOR_WEBHOOK_URL environment variable; prefer "
                            "it, the URL of a Slack webhook is a secret); never printed")
    p_not.add_argument("--format", choices=["slack", "generic"], default="slack",
                       help="slack: {text, blocks} (Slack incoming webhooks, and Mattermost/Rocket.Chat); "
                            "generic: the structured rows (default slack)")
    p_not.add_argument("--state", type=Path, metavar="FILE",
                       help="state file of delivered alerts (default <project-dir>/target/model_monitor_notify_state.json)")
    p_not.add_argument("--monitor", action="append", metavar="NAME",
                       help="only this monitor (repeat for several; default every monitor)")
    p_not.add_argument("--attempts", type=int, default=4, help="attempts per message (default 4)")
    p_not.add_argument("--retry-delay", type=float, default=1.0, metavar="SECONDS",
                       help="first backoff delay, doubled after each failure (default 1)")
    p_not.add_argument("--timeout", type=float, default=10.0, metavar="SECONDS",
                       help="timeout of one HTTP attempt (default 10)")
    p_not.add_argument("--dry-run", action="store_true",
                       help="print the messages instead of posting them; record nothing")
    p_not.add_argument("--mark-sent", action="store_true",
                       help="record every alert not yet sent as sent, without posting (start from now on a long "
                            "history)")
    p_not.add_argument("--target", help="dbt target (default: the profile's)")
    p_not.add_argument("--profiles-dir", type=Path, help="directory of profiles.yml (default: dbt's)")
    p_not.add_argument("--project-dir", type=Path, help="the dbt project (default: the current directory)")
    args = parser.parse_args(argv)
    if args.command == "notify":
        import os

        from model_monitor.notify import DEFAULT_STATE, ENV_URL, RetryPolicy, run

        if args.attempts < 1:
            parser.error("notify: --attempts must be at least 1")
        state = args.state or (args.project_dir or Path.cwd()) / DEFAULT_STATE
        policy = RetryPolicy(attempts=args.attempts, base_delay=args.retry_delay, timeout=args.timeout)
        return run(args.webhook or os.environ.get(ENV_URL), state, args.format, args.monitor, args.project_dir,
                   args.profiles_dir, args.target, policy=policy, dry_run=args.dry_run,
                   mark_only=args.mark_sent)
    if args.command == "report":
        from model_monitor.report import ReportError, write_report

        try:
            written = write_report(args.output, monitors=args.monitor, since=args.since, target=args.target,
                                   profiles_dir=args.profiles_dir, project_dir=args.project_dir)
        except ReportError as exc:
            print(f"model-monitor report: {exc}", file=sys.stderr)
            return 1
        print(written["path"])
        return 0
    if args.command == "dbt-spark":
        from model_monitor.spark import run_dbt

        dbt_args = args.dbt_args[1:] if args.dbt_args[:1] == ["--"] else args.dbt_args
        if not dbt_args:
            parser.error("dbt-spark: give dbt's arguments after --, e.g. model-monitor dbt-spark -- build --target spark")
        try:
            return 0 if run_dbt(dbt_args, args.spark_dir, udfs=not args.no_udfs) else 1
        except ImportError as exc:
            print(f"model-monitor dbt-spark: {exc}; install the spark extra: pip install 'dbt-model-monitor[spark]'",
                  file=sys.stderr)
            return 1
    if args.command == "udf-macros":
        from model_monitor.udf_sql import MACRO_FILE, render_udf_macros

        content = render_udf_macros()
        if args.check:
            current = MACRO_FILE.read_text() if MACRO_FILE.exists() else ""
            print(f"{MACRO_FILE}: {'up to date' if current == content else 'OUT OF DATE'}")
            return 0 if current == content else 1
        MACRO_FILE.write_text(content)
        print(f"wrote {MACRO_FILE}")
        return 0
    try:
        summary = run_demo(args.rows, args.seed, args.db, run_dbt=args.command == "demo" and not args.skip_dbt,
                           quiet=True, extra_features=getattr(args, "extra_features", 0), force=args.force)
    except RuntimeError as exc:
        print(f"model-monitor: {exc}", file=sys.stderr)
        return 1
    if summary is not None:
        print(summary.render())
        if summary.report is not None:
            print("\n" + _report_epilogue(summary.report, Path(args.db).resolve()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
