"""How a Spark build's time grows with the number of monitors it computes: for where the test
suite's Spark time goes (docs/development.md). One local SparkSession; for each count N, one
`dbt build --select +model_monitor__feature_drift` of the extreme-values test case
(tests/test_extreme_values.py: 1,600 rows, two numeric features, four daily windows) watched by N
monitors that differ only in their name and distribution mode, then the same build again
(incremental), after one unmeasured warm-up build. Prints seconds per build, the slowest models of the first build, and the ratio of
each count's first build to the one-monitor build (the same run, so the machine's load cancels
out as far as it can).

    .venv/bin/python benchmarks/spark_monitors.py            # 1 and 4 monitors, about 6 minutes
    .venv/bin/python benchmarks/spark_monitors.py 1 2 4 8

Needs Java and the `spark` extra (`make .venv/.spark-stamp`).
"""
from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
import dbt_harness  # noqa: E402
import test_extreme_values as case  # noqa: E402


def build_seconds(count: int) -> tuple[float, float, list[tuple[float, str]]]:
    """(first build, second build, the first build's five slowest models) with ``count`` monitors."""
    engine = dbt_harness.Engine("spark", Path(tempfile.mkdtemp(prefix="spark-monitors-")))
    try:
        engine.load_table(engine.oracle_schema, "predictions", case._predictions())
        monitors = [case._monitor(f"m{i}", "exact" if i % 2 == 0 else "profile") for i in range(count)]
        variables = {"model_monitor": {"monitors": monitors}}
        times = []
        for _ in range(2):
            started = time.perf_counter()
            run = engine.dbt("build", "--select", "+model_monitor__feature_drift", vars=variables)
            times.append(time.perf_counter() - started)
            if not run.success:
                raise SystemExit(run.messages[-4000:])
            if len(times) == 1:
                slowest = sorted(((r.execution_time, r.node.name) for r in run.results.results), reverse=True)[:5]
        return times[0], times[1], slowest
    finally:
        engine.drop()


def main(counts: list[int]) -> None:
    dbt_harness.spark_session()  # started once, outside the timings
    try:
        build_seconds(counts[0])  # warm-up: a session's first build also pays the JVM's start
        rows = [(n, *build_seconds(n)) for n in counts]
    finally:
        dbt_harness.stop_spark_session()
    base = rows[0][1]
    print(f"| monitors | first build (s) | second build (s) | first / first with {counts[0]} |")
    print("|---|---|---|---|")
    for n, first, second, _ in rows:
        print(f"| {n} | {first:.1f} | {second:.1f} | {first / base:.2f} |")
    for n, _, _, slowest in rows:
        print(f"slowest models with {n} monitor(s): " + ", ".join(f"{name} {s:.1f} s" for s, name in slowest))


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1, 4])
