"""Fixtures of the report tests (tests/test_report.py, tests/test_report_browser.py), built once
per pytest session and shared by its xdist workers (a lock in the session's common temporary
directory; the first worker builds, the others read what it wrote):

- ``demo_report``: ``model-monitor demo`` on a 90,000-row log (it writes its report and prints
  where); the summary the command printed is kept too (``summary()``), for tests/test_demo.py;
- ``synthetic_report``: the size case, 100 features x 365 daily windows written straight into the
  marts of a DuckDB file, read by ``model-monitor report`` through dbt.
"""
from __future__ import annotations

import contextlib
import fcntl
import io
import json
import os
import re
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

DEMO_ROWS = 90_000  # the demo's own checks (tests/test_demo.py) need this many to judge false alerts


@dataclass
class BuiltReport:
    directory: Path
    built_db: Path  # the file dbt wrote and read (the process that built it keeps it locked)
    report: Path
    output: str  # what the command printed
    info: dict

    @property
    def db(self) -> Path:
        """A copy of the built file taken after the report, for reading (read_only, by any worker)."""
        return readable_copy(self.built_db)

    def html(self) -> str:
        return self.report.read_text(encoding="utf-8")

    def data(self) -> dict:
        return page_data(self.html())

    def summary(self):
        """The :class:`model_monitor.demo_summary.DemoSummary` that ``run_demo`` returned."""
        import pickle

        return pickle.loads((self.directory / "summary.pickle").read_bytes())


def page_data(html: str) -> dict:
    """The page's data block (<script type="application/json" id="report-data">)."""
    match = re.search(r'<script type="application/json" id="report-data">(.*?)</script>', html, re.S)
    assert match, "no report-data block in the page"
    return json.loads(match.group(1))


def readable_copy(db: Path) -> Path:
    return db.with_name(db.stem + "_read.duckdb")


def _snapshot(db: Path) -> None:
    """Copy ``db`` for the readers: dbt's DuckDB connection stays open in the process that built it,
    which locks the file against every other process and against read_only connections here."""
    import shutil

    import duckdb

    with duckdb.connect(str(db)) as con:  # the configuration dbt's has not: plain
        con.execute("checkpoint")
    shutil.copy(db, readable_copy(db))


def _shared_dir(tmp_path_factory, name: str) -> Path:
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent  # common to the workers of this session
    path = base / name
    path.mkdir(parents=True, exist_ok=True)
    return path


@contextlib.contextmanager
def _once(directory: Path):
    """Yield True to the first caller (who builds), False to the others, after it finished."""
    with open(directory / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield not (directory / "done.json").exists()


def dbt_env(directory: Path, **extra: str) -> dict[str, str]:
    """Environment of a report read through the integration project: dbt's target and log
    directories of its own (tests run side by side)."""
    return {"DO_NOT_TRACK": "1", "DBT_TARGET_PATH": str(directory / "target"),
            "DBT_LOG_PATH": str(directory / "logs"), **extra}


@pytest.fixture(scope="session")
def demo_report(tmp_path_factory) -> BuiltReport:
    import pickle
    from unittest import mock

    from model_monitor import cli

    directory = _shared_dir(tmp_path_factory, "report-demo")
    db = directory / "demo.duckdb"
    with _once(directory) as build:
        if build:
            out = io.StringIO()
            started = time.perf_counter()
            summaries = []
            run_demo = cli.run_demo

            def keep_summary(*args, **kwargs):  # the command prints it; the demo test reads it
                summaries.append(run_demo(*args, **kwargs))
                return summaries[-1]

            with contextlib.redirect_stdout(out), mock.patch.object(cli, "run_demo", keep_summary):
                status = cli.main(["demo", "--rows", str(DEMO_ROWS), "--db", str(db)])
            assert status == 0, out.getvalue()[-5000:]
            report = re.search(r"^Report: (.+)$", out.getvalue(), re.M)
            assert report, out.getvalue()[-3000:]
            _snapshot(db)
            (directory / "summary.pickle").write_bytes(pickle.dumps(summaries[-1]))
            (directory / "output.txt").write_text(out.getvalue())
            (directory / "done.json").write_text(json.dumps(
                {"report": report.group(1), "seconds": time.perf_counter() - started}))
    info = json.loads((directory / "done.json").read_text())
    return BuiltReport(directory, db, Path(info["report"]), (directory / "output.txt").read_text(), info)


@pytest.fixture(scope="session")
def synthetic_report(tmp_path_factory) -> BuiltReport:
    from dbt_harness import PROJECT_DIR, _ensure_deps
    from report_synthetic import write_synthetic_marts

    from model_monitor.report import write_report

    directory = _shared_dir(tmp_path_factory, "report-synthetic")
    db = directory / "synthetic.duckdb"
    report = directory / "synthetic_report.html"
    with _once(directory) as build:
        if build:
            _ensure_deps()
            db.unlink(missing_ok=True)
            started = time.perf_counter()
            counts = write_synthetic_marts(db)
            generated = time.perf_counter() - started
            lines: list[str] = []
            env = dbt_env(directory, MODEL_MONITOR_TARGET="duckdb", MODEL_MONITOR_DUCKDB_PATH=str(db))
            written = write_report(report, project_dir=PROJECT_DIR, profiles_dir=PROJECT_DIR, env=env,
                                   progress=lines.append)
            _snapshot(db)
            (directory / "output.txt").write_text("\n".join(lines))
            (directory / "done.json").write_text(json.dumps(
                {"rows": counts, "generate_seconds": generated, "bytes": written["bytes"],
                 "query_seconds": written["query_seconds"], "render_seconds": written["render_seconds"],
                 "warnings": written["warnings"]}))
    info = json.loads((directory / "done.json").read_text())
    return BuiltReport(directory, db, report, (directory / "output.txt").read_text(), info)
