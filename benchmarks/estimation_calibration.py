"""How closely the label-free estimates follow realized performance, with and without calibrating
the scores on the reference's labels (``estimation: {calibration: histogram_binning}``; issue 16,
item 6). Each case is one dbt build on DuckDB (the integration project, as the tests do) of the
same log watched by two monitors that differ only in ``estimation``; the table is
mean |est_metric - metric| over the windows of each period (segment ``__all__``, every model
version, windows with at least 200 labeled predictions).

- ``demo``: the demo's log (``model-monitor demo``), whose model is calibrated on the truth; its
  incidents corrupt what the model sees (the scores move, the truth does not), and from day 65 a
  concept drift. Calibration cannot help with either: it is a control.
- ``miscalibrated``: a model whose true probability is score^2, reference scores from Beta(2, 3),
  later ones from Beta(4, 2) (a covariate shift towards the scores it overstates most); the data
  of ``tests/test_performance_estimation.py``.
- ``multiclass``: three classes, an overconfident model (the true class probabilities are the
  square roots of its scores, renormalised), reference scores from Dirichlet(1, 1, 1), later ones
  from Dirichlet(0.4, 0.4, 0.4) (more predictions at high confidence, where it overstates most);
  est_accuracy raw and calibrated (top-label histogram binning).
- ``regression``: the data of ``tests/test_regression_estimation.py`` (an error that grows away
  from 10, inputs shifting after the reference): est_mae with ``error_model: prediction_bins``
  against the reference period's own MAE carried forward, the estimate a user has without one.

    .venv/bin/python benchmarks/estimation_calibration.py     # about 2 minutes
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from dbt_harness import Engine  # noqa: E402

CALIBRATED = {"calibration": "histogram_binning"}
METRICS = ("accuracy", "precision", "roc_auc")


def _errors(performance: pd.DataFrame, periods: dict[str, tuple[str, str]]) -> list[dict]:
    rows = []
    performance = performance[(performance.segment_name == "__all__") & (performance.labeled_count >= 200)]
    for monitor, estimation in (("raw", "none"), ("calibrated", "histogram_binning")):
        mine = performance[performance.monitor_name == monitor]
        for period, (start, end) in periods.items():
            w = mine[(mine.window_start >= pd.Timestamp(start)) & (mine.window_start < pd.Timestamp(end))]
            rows.append({"period": period, "calibration": estimation, "windows": len(w),
                         **{m: float(np.mean(np.abs(w[f"est_{m}"] - w[m]))) for m in METRICS}})
    return rows


def _build(engine: Engine, monitor: dict, as_of: str) -> pd.DataFrame:
    monitors = [{**monitor, "name": "raw"}, {**monitor, "name": "calibrated", "estimation": CALIBRATED}]
    run = engine.dbt("build", "--full-refresh", "--select", "package:model_monitor",
                     vars={"model_monitor": {"monitors": monitors}, "model_monitor_as_of": as_of})
    if not run.success:
        raise SystemExit(run.messages[-6000:])
    return engine.table("model_monitor__performance")


def demo_case(workdir: Path) -> list[dict]:
    from model_monitor.cli import demo_monitor_config
    from model_monitor.demo_data import CONCEPT_DRIFT_FIRST_DAY, DAYS, REFERENCE_DAYS, START, iter_days

    (workdir / "demo").mkdir()
    engine = Engine("duckdb", workdir / "demo")
    days = pd.concat([p for p, _ in iter_days(rows=120_000, seed=7)], ignore_index=True)
    outcomes = pd.concat([o for _, o in iter_days(rows=120_000, seed=7)], ignore_index=True)
    engine.load_table(engine.demo_schema, "loan_predictions", days)
    engine.load_table(engine.demo_schema, "loan_outcomes", outcomes)
    monitor = {k: v for k, v in demo_monitor_config().items() if k not in ("owner", "response", "thresholds")}
    day = lambda d: (START + pd.Timedelta(days=d)).strftime("%Y-%m-%d")  # noqa: E731
    performance = _build(engine, monitor, day(DAYS))
    return _errors(performance, {"demo: reference": (day(0), day(REFERENCE_DAYS)),
                                 "demo: incidents, before the concept drift": (day(REFERENCE_DAYS), day(CONCEPT_DRIFT_FIRST_DAY)),
                                 "demo: concept drift": (day(CONCEPT_DRIFT_FIRST_DAY), day(DAYS))})


def miscalibrated_case(workdir: Path) -> list[dict]:
    from test_performance_estimation import CAL_DAYS, CAL_REFERENCE_DAYS, _calibration_data

    (workdir / "miscalibrated").mkdir()
    engine = Engine("duckdb", workdir / "miscalibrated")
    predictions, outcomes = _calibration_data()
    engine.load_table(engine.oracle_schema, "predictions", predictions, types={"score": "double precision"})
    engine.load_table(engine.oracle_schema, "outcomes", outcomes, types={"repaid": "double precision"})
    monitor = {"predictions": {"source": ["oracle", "predictions"]}, "id_column": "prediction_id",
               "timestamp_column": "predicted_at", "task": "binary_classification", "score_column": "score",
               "features": {"numeric": ["x"]}, "window": "day",
               "reference": {"start": "2024-06-01", "end": f"2024-06-0{1 + CAL_REFERENCE_DAYS}"},
               "outcomes": {"relation": {"source": ["oracle", "outcomes"]}, "id_column": "prediction_id",
                            "label_column": "repaid", "timestamp_column": "observed_at"}}
    performance = _build(engine, monitor, "2024-06-20")
    start = pd.Timestamp("2024-06-01")
    return _errors(performance, {"miscalibrated: reference": (str(start), str(start + pd.Timedelta(days=CAL_REFERENCE_DAYS))),
                                 "miscalibrated: after the shift": (str(start + pd.Timedelta(days=CAL_REFERENCE_DAYS)),
                                                                    str(start + pd.Timedelta(days=CAL_DAYS)))})


def multiclass_case(workdir: Path) -> list[dict]:
    rng = np.random.default_rng(41)
    classes, days, reference_days, per_day = ["a", "b", "c"], 9, 3, 800
    rows, outcomes = [], []
    for day in range(days):
        scores = rng.dirichlet([1, 1, 1] if day < reference_days else [0.4, 0.4, 0.4], per_day)
        truth = np.sqrt(scores) / np.sqrt(scores).sum(axis=1, keepdims=True)
        ts = pd.Timestamp("2024-07-01") + pd.Timedelta(days=day) + pd.to_timedelta(rng.integers(0, 86400, per_day), unit="s")
        ids = [f"d{day}-{i}" for i in range(per_day)]
        rows.append(pd.DataFrame({"prediction_id": ids, "predicted_at": ts, "x": rng.normal(size=per_day),
                                  **{f"p_{c}": scores[:, i] for i, c in enumerate(classes)}}))
        label = [classes[rng.choice(3, p=t)] for t in truth]
        outcomes.append(pd.DataFrame({"prediction_id": ids, "label": label, "observed_at": ts + pd.Timedelta(days=1)}))
    (workdir / "multiclass").mkdir()
    engine = Engine("duckdb", workdir / "multiclass")
    engine.load_table(engine.oracle_schema, "predictions", pd.concat(rows, ignore_index=True))
    engine.load_table(engine.oracle_schema, "outcomes", pd.concat(outcomes, ignore_index=True))
    monitor = {"predictions": {"source": ["oracle", "predictions"]}, "id_column": "prediction_id",
               "timestamp_column": "predicted_at", "task": "multiclass_classification",
               "classes": [{"label": c, "score_column": f"p_{c}"} for c in classes],
               "features": {"numeric": ["x"]}, "window": "day", "reference": {"start": "2024-07-01", "end": "2024-07-04"},
               "outcomes": {"relation": {"source": ["oracle", "outcomes"]}, "id_column": "prediction_id",
                            "label_column": "label", "timestamp_column": "observed_at"}}
    performance = _build(engine, monitor, "2024-07-20")
    performance = performance[performance.segment_name == "__all__"]
    out = []
    for name, estimation in (("raw", "none"), ("calibrated", "histogram_binning")):
        for period, after in (("multiclass: reference", False), ("multiclass: after the shift", True)):
            w = performance[(performance.monitor_name == name)
                            & ((performance.window_start >= pd.Timestamp("2024-07-04")) == after)]
            out.append({"case": period, "estimate": f"est_accuracy, calibration {estimation}", "windows": len(w),
                        "error": float(np.mean(np.abs(w.est_accuracy - w.accuracy)))})
    return out


def regression_case(workdir: Path) -> list[dict]:
    import test_regression_estimation as reg

    (workdir / "regression").mkdir()
    engine = Engine("duckdb", workdir / "regression")
    predictions, outcomes = reg._data()
    engine.load_table(engine.oracle_schema, "predictions", predictions, types={"prediction": "double precision"})
    engine.load_table(engine.oracle_schema, "outcomes", outcomes, types={"sale_price": "double precision"})
    monitor = {k: v for k, v in reg._monitors()[0].items() if k != "thresholds"}
    run = engine.dbt("build", "--full-refresh", "--select", "+model_monitor__performance",
                     vars={"model_monitor": {"monitors": [monitor]}, "model_monitor_as_of": "2024-05-01"})
    if not run.success:
        raise SystemExit(run.messages[-6000:])
    performance = engine.table("model_monitor__performance")
    p = performance[(performance.segment_name == "__all__") & performance.mae.notna()].sort_values("window_start")
    reference = p[p.window_start < reg.START + pd.Timedelta(days=reg.REFERENCE_DAYS)]
    shifted = p[p.window_start >= reg.START + pd.Timedelta(days=reg.REFERENCE_DAYS)]
    carried = float(np.average(reference.mae, weights=reference.evaluated_count))
    return [{"case": "regression: after the shift", "estimate": "the reference's MAE carried forward", "windows": len(shifted),
             "error": float(np.mean(np.abs(carried - shifted.mae)))},
            {"case": "regression: after the shift", "estimate": "est_mae, error_model prediction_bins", "windows": len(shifted),
             "error": float(np.mean(np.abs(shifted.est_mae - shifted.mae)))}]


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        rows = demo_case(Path(tmp)) + miscalibrated_case(Path(tmp))
        others = multiclass_case(Path(tmp)) + regression_case(Path(tmp))
    print("mean |estimate - realized| per window (segment __all__, windows with >= 200 labels)\n")
    print("| period | calibration | windows | accuracy | precision | roc_auc |")
    print("|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['period']} | {r['calibration']} | {r['windows']} | {r['accuracy']:.4f} | {r['precision']:.4f} | {r['roc_auc']:.4f} |")
    print("\nmean |estimate - realized| per window, multiclass (est_accuracy) and regression (MAE)\n")
    print("| case | estimate | windows | mean abs error |")
    print("|---|---|---|---|")
    for r in others:
        print(f"| {r['case']} | {r['estimate']} | {r['windows']} | {r['error']:.4f} |")


if __name__ == "__main__":
    main()
