"""Evidently's and NannyML's drift on the benchmark's log, timed; run by bench.py in benchmarks/.venv.

The log (a Parquet file written by bench.py) is read into pandas once, outside the timings, so
the competitors are timed on their drift computation alone. Reference: the first
``--reference-days`` days; then ``--windows`` daily windows.

* Evidently: ``Report([DataDriftPreset()])`` run once per window against the reference, as its
  documentation does for batch monitoring.
* NannyML: ``UnivariateDriftCalculator`` fitted on the reference and run on the windows chunked
  by day (``chunk_period='D'``), with KS and Jensen-Shannon on numeric features, chi-square and
  Jensen-Shannon on categorical ones (the statistics the package computes too).

It also computes Evidently's PSI of ``--psi-feature`` (a categorical feature with fewer categories
than the package's top-K, so that its bins and the package's are the same) on every window in
which every bin has rows (Evidently replaces an empty share by 1e-4 where the package clips to
1e-6).
Writes JSON: {"evidently": {"version", "seconds": [...], "psi": {day: value}}, "nannyml": {...}}.
"""
from __future__ import annotations

import argparse
import json
import time
import warnings

import pandas as pd


def windows(frame: pd.DataFrame, start: pd.Timestamp, reference_days: int, count: int):
    day = frame["predicted_at"].dt.floor("D")
    reference = frame[day < start + pd.Timedelta(days=reference_days)]
    current = [(start + pd.Timedelta(days=reference_days + i), frame[day == start + pd.Timedelta(days=reference_days + i)])
               for i in range(count)]
    return reference, current


def evidently_seconds(reference, current, numeric, categorical) -> float:
    from evidently import DataDefinition, Dataset, Report
    from evidently.presets import DataDriftPreset

    definition = DataDefinition(numerical_columns=numeric, categorical_columns=categorical)
    started = time.perf_counter()
    ref = Dataset.from_pandas(reference[numeric + categorical], data_definition=definition)
    for _, window in current:
        cur = Dataset.from_pandas(window[numeric + categorical], data_definition=definition)
        Report([DataDriftPreset()]).run(cur, ref)
    return time.perf_counter() - started


def evidently_psi(reference, current, feature) -> dict[str, float]:
    from evidently import DataDefinition, Dataset, Report
    from evidently.presets import DataDriftPreset

    definition = DataDefinition(categorical_columns=[feature])
    ref = Dataset.from_pandas(reference[[feature]], data_definition=definition)
    out = {}
    for day, window in current:
        snapshot = Report([DataDriftPreset(columns=[feature], method="psi")]).run(
            Dataset.from_pandas(window[[feature]], data_definition=definition), ref)
        values = [m["value"] for m in snapshot.dict()["metrics"] if m["metric_name"].startswith("ValueDrift(")]
        # the two agree exactly when no bin is empty: an empty bin's share is clipped to 1e-6 by
        # the package and replaced by 1e-4 by Evidently
        same_bins = set(window[feature].dropna()) == set(reference[feature].dropna())
        if same_bins:
            out[day.strftime("%Y-%m-%d")] = float(values[0])
    return out


def nannyml_seconds(reference, analysis, numeric, categorical) -> float:
    from nannyml.drift.univariate import UnivariateDriftCalculator

    started = time.perf_counter()
    calculator = UnivariateDriftCalculator(
        column_names=numeric + categorical, treat_as_categorical=categorical,
        timestamp_column_name="predicted_at", chunk_period="D",
        continuous_methods=["kolmogorov_smirnov", "jensen_shannon"],
        categorical_methods=["chi2", "jensen_shannon"])
    calculator.fit(reference)
    calculator.calculate(analysis)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--parquet", required=True)
    parser.add_argument("--start", required=True)
    parser.add_argument("--reference-days", type=int, required=True)
    parser.add_argument("--windows", type=int, required=True)
    parser.add_argument("--numeric", required=True)
    parser.add_argument("--categorical", required=True)
    parser.add_argument("--psi-feature", required=True)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    warnings.filterwarnings("ignore")
    import evidently
    import nannyml

    numeric, categorical = args.numeric.split(","), args.categorical.split(",")
    frame = pd.read_parquet(args.parquet)
    for c in categorical:  # categories as strings, as the package compares them (has_cosigner)
        frame[c] = frame[c].astype("string").astype(object)
    frame[numeric] = frame[numeric].astype("float64")
    reference, current = windows(frame, pd.Timestamp(args.start), args.reference_days, args.windows)
    analysis = pd.concat([w for _, w in current])
    result = {"evidently": {"version": f"evidently {evidently.__version__}", "seconds": []},
              "nannyml": {"version": f"nannyml {nannyml.__version__}", "seconds": []}}
    for i in range(args.repeat):
        result["evidently"]["seconds"].append(evidently_seconds(reference, current, numeric, categorical))
        result["nannyml"]["seconds"].append(nannyml_seconds(reference, analysis, numeric, categorical))
        print(f"  competitors {i + 1}/{args.repeat}: evidently {result['evidently']['seconds'][-1]:.1f} s, "
              f"nannyml {result['nannyml']['seconds'][-1]:.1f} s", flush=True)
    result["evidently"]["psi"] = evidently_psi(reference, current, args.psi_feature)
    with open(args.out, "w") as f:
        json.dump(result, f, indent=1)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
