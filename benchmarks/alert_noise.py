"""How many feature-days alert falsely with each way of judging drift (fixed thresholds, thresholds
learned from the reference, effect and significance, both), and whether injected incidents are
still flagged on their first day (issue 16, "Measured").

Two generated 90-day logs, built with dbt on DuckDB (the integration project, as the tests do):
- ``stationary``: every feature drawn from the same distribution every day; weekdays have
  ``--rows`` predictions, weekends ``--weekend-rows`` (a small window: its PSI is noisy);
- ``incidents``: the same log plus three incidents: ``income`` in the wrong unit (x1000) from
  day 60, ``age`` shifted by half a standard deviation from day 70, and ``channel`` with a new
  mix from day 80; and, from day 30 on, a negligible shift of ``tenure`` (0.02 standard
  deviations), significant on big windows but no drift worth an alert.
Reference: the first 14 days. A feature-day "alerts" when its drift_status is warn or alert; every
feature-day after the reference that is not an incident day counts in the false rate (the
negligible shift included). Each option is one full build of the same data.

    .venv/bin/python benchmarks/alert_noise.py            # about 8 minutes
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from dbt_harness import Engine  # noqa: E402

DAYS, REFERENCE_DAYS = 90, 14
START = pd.Timestamp("2025-01-06")  # a Monday
INCIDENTS = {"income": 60, "age": 70, "channel": 80}
NEGLIGIBLE_FROM = 30
LEARNED = {"psi": {"method": "reference_variability", "warn_sigmas": 3, "alert_sigmas": 4}}
SIGNIFICANT = {"mode": "effect_and_significance", "min_rows": 500}
OPTIONS = {  # label: (thresholds, drift_verdict)
    "fixed thresholds": (None, None),
    "learned thresholds (psi, 3 / 4 sd)": (LEARNED, None),
    "effect and significance": (None, SIGNIFICANT),
    "learned + effect and significance": (LEARNED, SIGNIFICANT),
}


def generate(rows: int, weekend_rows: int, incidents: bool, seed: int = 7) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    parts = []
    for d in range(DAYS):
        day = START + pd.Timedelta(days=d)
        n = weekend_rows if day.day_of_week >= 5 else rows
        age = rng.normal(40, 10, n)
        income = rng.lognormal(10, 0.5, n)
        tenure = rng.poisson(5, n).astype(float)
        channel = rng.choice(["web", "app", "branch", "partner"], n, p=[0.4, 0.3, 0.2, 0.1])
        if incidents:
            if d >= INCIDENTS["income"]:
                income = income * 1000
            if d >= INCIDENTS["age"]:
                age = age + 5
            if d >= INCIDENTS["channel"]:
                channel = rng.choice(["web", "app", "branch", "partner"], n, p=[0.2, 0.3, 0.2, 0.3])
            if d >= NEGLIGIBLE_FROM:
                tenure = tenure + 0.02 * np.sqrt(5)
        parts.append(pd.DataFrame({
            "prediction_id": [f"{d}-{i}" for i in range(n)],
            "predicted_at": day + pd.to_timedelta(rng.integers(0, 86400, n), unit="s"),
            "score": rng.random(n), "age": age, "income": income, "tenure": tenure,
            "channel": channel, "region": rng.choice(["north", "south", "east"], n),
        }))
    return pd.concat(parts, ignore_index=True)


def monitor(thresholds: dict | None, verdict: dict | None) -> dict:
    m = {"name": "noise", "predictions": {"source": ["oracle", "predictions"]},
         "id_column": "prediction_id", "timestamp_column": "predicted_at",
         "task": "binary_classification", "score_column": "score", "window": "day",
         "features": {"numeric": ["age", "income", "tenure"], "categorical": ["channel", "region"]},
         "reference": {"start": str(START.date()), "end": str((START + pd.Timedelta(days=REFERENCE_DAYS)).date())}}
    if thresholds:
        m["thresholds"] = thresholds
    if verdict:
        m["drift_verdict"] = verdict
    return m


def measure(engine: Engine, log: pd.DataFrame, option: tuple, incidents: bool) -> dict:
    engine.load_table(engine.oracle_schema, "predictions", log)
    run = engine.dbt("build", "--select", "package:model_monitor", "--full-refresh",
                     vars={"model_monitor": {"monitors": [monitor(*option)]}})
    if not run.success:
        raise SystemExit(run.messages[-4000:])
    drift = engine.table("model_monitor__feature_drift")
    drift = drift[drift.window_start >= START + pd.Timedelta(days=REFERENCE_DAYS)]
    day = ((drift.window_start - START).dt.days).astype(int)
    flagged = drift.drift_status.isin(["warn", "alert"])
    incident = pd.Series(False, index=drift.index)
    if incidents:
        for feature, first in INCIDENTS.items():
            incident |= (drift.feature_name == feature) & (day >= first)
    judged = ~incident & (drift.drift_status != "no_data")
    first_days = {f: bool(flagged[(drift.feature_name == f) & (day == first)].all())
                  for f, first in INCIDENTS.items()} if incidents else {}
    return {"false_rate": flagged[judged].mean(), "false": int(flagged[judged].sum()), "judged": int(judged.sum()),
            "first_day": first_days,
            "false_by_feature": flagged[judged].groupby(drift.feature_name[judged]).sum().to_dict()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=20_000, help="predictions per weekday")
    parser.add_argument("--weekend-rows", type=int, default=60, help="predictions per weekend day")
    args = parser.parse_args()
    lines = [f"| log | option | false feature-days | incidents flagged on day 1 |", "|---|---|---|---|"]
    with tempfile.TemporaryDirectory() as tmp:
        engine = Engine("duckdb", Path(tmp))
        for name, incidents in [("stationary", False), ("incidents", True)]:
            log = generate(args.rows, args.weekend_rows, incidents)
            for label, option in OPTIONS.items():
                r = measure(engine, log, option, incidents)
                flagged = ", ".join(f"{f}: {'yes' if ok else 'NO'}" for f, ok in r["first_day"].items()) or "-"
                lines.append(f"| {name} | {label} | {r['false_rate']:.2%} ({r['false']}/{r['judged']}; "
                             f"{', '.join(f'{k} {v}' for k, v in r['false_by_feature'].items() if v)}) | {flagged} |")
                print(lines[-1], flush=True)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
