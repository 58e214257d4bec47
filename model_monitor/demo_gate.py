"""The demo's release gate: ``dbt test`` of the generic drift gates on one window at a time.

The gates are declared on the demo's predictions source in
``integration_tests/models/sources/sources.yml`` (tag ``model_monitor_demo_gate``, kept out of a plain
``dbt build`` by the project's default selector). :func:`run_gates` runs them, as CI would::

    MODEL_MONITOR_GATE_WINDOW=2026-02-19 dbt test --select tag:model_monitor_demo_gate

(the same as ``--vars '{model_monitor_gate_window: "2026-02-19"}'``, but without the full re-parse
that changing ``--vars`` costs dbt)
on a clean day and on the first day of every injected incident, and reports which gate failed and
on which features (read from the stored failures).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from model_monitor.dbt_runner import invoke
from model_monitor.demo_data import INCIDENTS, START

__all__ = ["GATE_TAG", "CLEAN_DAY", "GateCheck", "GateSummary", "gate_command", "run_gates"]

GATE_TAG = "model_monitor_demo_gate"
CLEAN_DAY = 40  # no incident is active (see demo_data.INCIDENTS)


def gate_command(day: dt.date) -> str:
    """The command a user runs to gate one window (what :func:`run_gates` does in-process)."""
    return f"MODEL_MONITOR_GATE_WINDOW={day.isoformat()} dbt test --select tag:{GATE_TAG}"


@dataclass
class GateCheck:
    """The gate's outcome on one day: ``passed``, and per failed test the features it named."""

    day: int
    date: dt.date
    incident: str | None
    passed: bool
    failures: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class GateSummary:
    checks: list[GateCheck]

    @property
    def stops_every_incident(self) -> bool:
        return all(not c.passed for c in self.checks if c.incident) and all(
            c.passed for c in self.checks if not c.incident)

    def render(self) -> str:
        lines = ["Release gate (`" + gate_command(self.checks[0].date).replace(
            self.checks[0].date.isoformat(), "<day>") + "`):"]
        for c in self.checks:
            what = c.incident or "clean day"
            if c.passed:
                outcome = "PASS"
            else:
                outcome = "FAIL  " + "; ".join(f"{test}: {', '.join(features)}" for test, features in c.failures.items())
            lines.append(f"  {c.date.isoformat()}  {what:<13} {outcome}")
        return "\n".join(lines)


def run_gates(db: Path, project_dir: Path, env: dict[str, str]) -> GateSummary:
    """Run the demo gate on :data:`CLEAN_DAY` and on each incident's first day."""
    import duckdb

    days = [(CLEAN_DAY, None)] + [(inc.first_day, inc.name) for inc in INCIDENTS]
    checks = []
    for day, incident in days:
        date = (START + dt.timedelta(days=day)).date()
        result = invoke(["test", "--select", f"tag:{GATE_TAG}"], project_dir, project_dir,
                        {**env, "MODEL_MONITOR_GATE_WINDOW": date.isoformat()})
        tests = [r for r in (getattr(result.result, "results", None) or []) if r.node.resource_type == "test"]
        if not tests or any(str(r.status) == "error" for r in tests):
            raise RuntimeError(f"the demo gate could not run on {date}: {result.exception or [r.message for r in tests]}")
        failures = {}
        with duckdb.connect(str(db)) as con:
            for r in tests:
                if str(r.status) in ("fail", "warn"):
                    rows = con.execute(f'select subject from "{r.node.schema}"."{r.node.alias}" order by subject').fetchall()
                    failures[r.node.name] = [s for (s,) in rows]
        checks.append(GateCheck(day, date, incident, passed=not failures, failures=failures))
    return GateSummary(checks)
