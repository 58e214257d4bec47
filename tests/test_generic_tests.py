"""The package's generic tests (macros/generic_tests/) as a dbt user runs them, on DuckDB and
PostgreSQL: a fixture on which each passes and one on which it fails, `no_data` handling,
`severity`/`warn_if`/`error_if`/`store_failures`, and the compile-time errors.

The fixtures are declared in integration_tests/models/gates/gate_sources.yml (tag
model_monitor_gate_fixture, outside the project's default selection); their data is written here,
and every expected outcome is computed here from the raw data with numpy/scipy
(tests/reference_stats.py), never copied from dbt's output.
"""
from __future__ import annotations

import os
import textwrap

import numpy as np
import pandas as pd
import pytest

from conftest import _postgres_up
from dbt_harness import REPO, Engine
from reference_stats import expected_drift

DAY = pd.Timedelta(days=1)
START = pd.Timestamp("2024-01-01")  # gate_monitor: days 0-4 reference, 7 drifted, 9 empty, 10 half-labeled
DRIFT_DAY, EMPTY_DAY, PARTLY_LABELED_DAY, LAST_DAY = 7, 9, 10, 10
FEATURE_START = pd.Timestamp("2024-02-01")  # feature tables: reference 10 days, current from 02-11
THRESHOLD = 0.25

MONITOR = {
    "name": "gate_monitor", "predictions": {"source": ["gates", "gate_predictions"]},
    "id_column": "prediction_id", "timestamp_column": "predicted_at", "task": "binary_classification",
    "score_column": "score", "window": "day",
    "features": {"numeric": ["x"], "categorical": ["c"]},
    "reference": {"start": "2024-01-01", "end": "2024-01-06"},
    "outcomes": {"relation": {"source": ["gates", "gate_outcomes"]}, "id_column": "prediction_id",
                 "label_column": "label", "timestamp_column": "observed_at"},
}

# a monitor whose predictions table is empty: its marts have no rows yet
EMPTY_MONITOR = {
    "name": "gate_empty", "predictions": {"source": ["gates", "features_empty"]}, "id_column": "obs_id",
    "timestamp_column": "observed_at", "task": "regression", "score_column": "amount", "window": "day",
    "features": {"numeric": ["tenure"]}, "reference": {"trailing_windows": 3},
}

# a monitor with an expected model version, a shadow version and a canary day (model_version_consistent)
VERSION_MONITOR = {
    "name": "gate_versions", "predictions": {"source": ["gates", "gate_versions"]}, "id_column": "prediction_id",
    "timestamp_column": "predicted_at", "task": "binary_classification", "score_column": "score", "window": "day",
    "features": {"numeric": ["score"]}, "reference": {"start": "2024-01-01", "end": "2024-01-03"},
    "model_version_column": "model_version", "expected_model_version": "v1", "shadow_model_versions": ["v0-shadow"],
}
CANARY_DAY, NULL_VERSION_DAY, VERSION_DAYS = 3, 4, 6


# -- data --------------------------------------------------------------------------------------
def gate_predictions(seed: int = 5) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Predictions of gate_monitor with ties and NULLs; day 7 drifts (x, c, score) and its labels
    are mostly wrong; day 9 is empty; day 10 has 40% of its labels missing."""
    rng = np.random.default_rng(seed)
    rows, outcomes = [], []
    for day in range(LAST_DAY + 1):
        if day == EMPTY_DAY:
            continue
        n = 200
        drift = day == DRIFT_DAY
        x = np.round(rng.normal(1.5 if drift else 0.0, 1.0, n), 1)  # rounded: ties
        c = rng.choice(["a", "b", "c"], n, p=[0.1, 0.2, 0.7] if drift else [0.5, 0.3, 0.2])
        score = 1 / (1 + np.exp(-x))
        truth = (rng.random(n) < score).astype(int)
        label = 1 - truth if drift else truth  # the drifted day's predictions are mostly wrong
        for i in range(n):
            pid = f"g{day}-{i}"
            ts = START + day * DAY + pd.Timedelta(seconds=int(rng.integers(0, 86400)))
            rows.append({"prediction_id": pid, "predicted_at": ts,
                         "x": None if i % 50 == 3 else float(x[i]), "c": None if i % 40 == 7 else str(c[i]),
                         "score": float(score[i])})
            if day == PARTLY_LABELED_DAY and i % 5 < 2:
                continue
            outcomes.append({"prediction_id": pid, "label": int(label[i]), "observed_at": ts + DAY})
    predictions = pd.DataFrame(rows)
    for col in ("x", "c"):
        predictions[col] = pd.Series([r[col] for r in rows], dtype=object)
    return predictions, pd.DataFrame(outcomes)


def _feature_rows(rng, first_day: int, counts: list[int], scale: float = 1.0, regions=("n", "s", "e", "w"),
                  tenure_nulls: float = 0.02) -> pd.DataFrame:
    rows = []
    for offset, n in enumerate(counts):
        for i in range(n):
            amount = float(np.round(rng.lognormal(3, 0.5), 1)) * scale  # rounded: ties
            if i % 97 == 5:
                amount = float("nan")
            elif i % 89 == 7:
                amount = float("inf")
            rows.append({"obs_id": len(rows), "observed_at": FEATURE_START + (first_day + offset) * DAY
                         + pd.Timedelta(seconds=int(rng.integers(0, 86400))),
                         "amount": None if i % 83 == 11 else amount,
                         "region": None if i % 61 == 2 else str(rng.choice(regions)),
                         "tenure": None if rng.random() < tenure_nulls else int(rng.integers(0, 30)),
                         "channel": str(rng.choice(["web", "app"])),
                         "unit": 1.0 * scale})  # a constant: reference IQR 0
    frame = pd.DataFrame(rows)
    for col in ("amount", "region", "tenure"):
        frame[col] = pd.Series([r[col] for r in rows], dtype=object)
    return frame


def feature_tables(seed: int = 9) -> dict[str, pd.DataFrame]:
    """A user's feature table: the reference (10 days), a good and a bad current period
    (x1000 amounts, unseen regions, 30% NULL tenure as text, a missing column, an empty day and a
    day with triple volume) and an empty table."""
    rng = np.random.default_rng(seed)
    reference = _feature_rows(rng, 0, [int(v) for v in rng.integers(90, 111, 10)])
    good = _feature_rows(rng, 10, [100, 104, 97])
    bad = _feature_rows(rng, 10, [100, 0, 98, 300], scale=1000.0, regions=("n", "s", "z", "y"), tenure_nulls=0.3)
    bad["tenure"] = bad["tenure"].map(lambda v: None if v is None else str(v)).astype(object)
    bad = bad.drop(columns=["channel"])
    return {"features_reference": reference, "features_good": good, "features_bad": bad,
            "features_empty": good.iloc[:0].copy()}


def gate_versions(seed: int = 11) -> pd.DataFrame:
    """Predictions of gate_versions: 100 a day, every 20th by the shadow version; on the canary day
    every 4th is served by v2; one NULL version on the next day."""
    rng = np.random.default_rng(seed)
    rows = []
    for day in range(VERSION_DAYS):
        for i in range(100):
            version = "v0-shadow" if i % 20 == 0 else "v2" if day == CANARY_DAY and i % 4 == 1 else "v1"
            rows.append({"prediction_id": f"v{day}-{i}", "score": float(rng.random()),
                         "predicted_at": START + day * DAY + pd.Timedelta(seconds=int(rng.integers(0, 86400))),
                         "model_version": None if day == NULL_VERSION_DAY and i == 7 else version})
    frame = pd.DataFrame(rows)
    frame["model_version"] = frame["model_version"].astype(object)
    return frame


def version_shares(versions: pd.DataFrame, expected=("v1",)) -> pd.Series:
    """Per day: served predictions of an expected version / served predictions (pandas, by the
    documented definition: shadow versions left out, a NULL version is not expected)."""
    served = versions[versions.model_version.fillna("__null__") != "v0-shadow"]
    day = served.predicted_at.dt.floor("D")
    return served.model_version.isin(list(expected)).groupby(day).mean()


def _load(engine: Engine) -> dict:
    predictions, outcomes = gate_predictions()
    engine.load_table(engine.oracle_schema, "gate_predictions", predictions)
    engine.load_table(engine.oracle_schema, "gate_outcomes", outcomes)
    versions = gate_versions()
    engine.load_table(engine.oracle_schema, "gate_versions", versions, types={"model_version": "varchar"})
    tables = feature_tables()
    int_types = {"tenure": "bigint"}
    for name, frame in tables.items():
        types = dict(int_types) if name != "features_bad" else None
        if name == "features_empty":
            types = {"obs_id": "bigint", "observed_at": "timestamp", "amount": "double precision",
                     "region": "varchar", "tenure": "bigint", "channel": "varchar", "unit": "double precision"}
        engine.load_table(engine.oracle_schema, name, frame, types=types)
    return {"predictions": predictions, "outcomes": outcomes, "versions": versions, **tables}


# -- running the fixtures ----------------------------------------------------------------------
class GateRun:
    """The gate fixtures' data and the outcome of `dbt test` on them, per test name."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self.data = _load(engine)
        self.vars = {"model_monitor": {"monitors": [MONITOR, EMPTY_MONITOR, VERSION_MONITOR]}}
        build = engine.dbt("build", "--select", "+model_monitor__feature_drift", "+model_monitor__performance",
                           "model_monitor__model_versions",
                           "--exclude", "tag:model_monitor_gate_fixture",
                           vars=self.vars)
        assert build.success, build.messages[-6000:]
        self.run = engine.dbt("test", "--select", "tag:model_monitor_gate_fixture", vars=self.vars)
        self.results = {r.node.name: r for r in self.run.results.results if r.node.resource_type == "test"}

    def outcome(self, name: str) -> tuple[str, int]:
        result = self.results[name]
        return str(result.status), int(result.failures or 0)


@pytest.fixture(scope="module", params=["duckdb", pytest.param("postgres", marks=pytest.mark.postgres)])
def gates(request, tmp_path_factory):
    if request.param == "postgres" and not _postgres_up():
        if os.environ.get("MODEL_MONITOR_REQUIRE_POSTGRES") == "1":
            pytest.fail("PostgreSQL is not listening")
        pytest.skip("PostgreSQL not running (start it with `make postgres-start`)")
    engine = Engine(request.param, tmp_path_factory.mktemp(f"gates_{request.param}"))
    try:
        yield GateRun(engine)
    finally:
        engine.drop()


# -- expected outcomes, from the raw data -------------------------------------------------------
def _day(name_or_day) -> pd.Timestamp:
    return START + int(name_or_day) * DAY


def _expected_drift(data) -> pd.DataFrame:
    drift = expected_drift(data["predictions"], MONITOR)  # object columns: NULL is None
    drift["day"] = ((pd.to_datetime(drift.window_start) - START) / DAY).astype(int)
    return drift


def _drift_failures(drift: pd.DataFrame, days, metric="psi", threshold=THRESHOLD, features=None, lower=False) -> int:
    rows = drift[drift.day.isin(list(days))]
    if features is not None:
        rows = rows[rows.feature_name.isin(features)]
    values = rows[metric].astype(float)
    breach = values < threshold if lower else values > threshold
    return int((breach | values.isna() | (rows.drift_status == "no_data")).sum())


def _daily_performance(data) -> pd.DataFrame:
    from sklearn import metrics as skm

    joined = data["predictions"].merge(data["outcomes"], on="prediction_id", how="left")
    joined["day"] = ((joined.predicted_at.dt.floor("D") - START) / DAY).astype(int)
    rows = []
    for day, g in joined.groupby("day"):
        labeled = g[g.label.notna()]
        y, p = labeled.label.to_numpy(int), labeled.score.to_numpy(float)
        rows.append({"day": day, "coverage": len(labeled) / len(g),
                     "accuracy": skm.accuracy_score(y, (p >= 0.5).astype(int)),
                     "roc_auc": skm.roc_auc_score(y, p), "brier_score": skm.brier_score_loss(y, p)})
    return pd.DataFrame(rows).set_index("day")


def _finite(values) -> np.ndarray:
    x = np.array([np.nan if v is None else float(v) for v in values], dtype=float)
    return x[np.isfinite(x)]


def _scale(current, reference) -> dict:
    c, r = _finite(current), _finite(reference)
    cq, rq = np.quantile(c, [0.25, 0.5, 0.75]), np.quantile(r, [0.25, 0.5, 0.75])
    iqr, ref_iqr = cq[2] - cq[0], rq[2] - rq[0]
    return {"value_count": c.size, "median": cq[1], "iqr": iqr, "reference_value_count": r.size,
            "reference_median": rq[1], "reference_iqr": ref_iqr,
            # the documented rule for a constant reference (IQR 0): no change tolerated
            "location_shift": abs(cq[1] - rq[1]) / ref_iqr if ref_iqr > 0 else (0.0 if cq[1] == rq[1] else np.inf),
            "spread_ratio": iqr / ref_iqr if ref_iqr > 0 else (1.0 if iqr == 0 else np.inf)}


def _scale_fails(s: dict, max_location_shift=1.0, max_spread_ratio=3.0) -> bool:
    return bool(s["location_shift"] > max_location_shift or not 1 / max_spread_ratio <= s["spread_ratio"] <= max_spread_ratio)


def _daily_counts(frame: pd.DataFrame) -> pd.Series:
    days = frame.observed_at.dt.floor("D")
    counts = days.value_counts().sort_index()
    return counts.reindex(pd.date_range(counts.index.min(), counts.index.max(), freq="D"), fill_value=0)


def expected_outcomes(data) -> dict[str, tuple[str, int]]:
    """(dbt status, failing rows) of every gate fixture, computed from the raw data."""
    drift = _expected_drift(data)
    perf = _daily_performance(data)
    ref_days = range(0, 5)
    all_days = range(0, LAST_DAY + 1)

    def status(failures: int, warn: bool = False) -> tuple[str, int]:
        return ("warn" if warn else "fail") if failures else "pass", failures

    reference, good, bad = data["features_reference"], data["features_good"], data["features_bad"]
    unseen_bad = set(bad.region.dropna()) - set(reference.region.dropna())
    unseen_share = bad.region.isin(unseen_bad).sum() / bad.region.notna().sum()
    typical = float(np.median(_daily_counts(reference)))
    # per day from the first to the last: an empty day in between is no_data (a failing row)
    tenure_daily = {name: frame.groupby(frame.observed_at.dt.floor("D")).tenure.apply(lambda s: s.isna().mean())
                    .reindex(_daily_counts(frame).index).fillna(np.inf)
                    for name, frame in (("good", good), ("bad", bad))}
    out = {
        "drift_within_clean_day_passes": status(_drift_failures(drift, [5])),
        "drift_within_drift_day_fails": status(_drift_failures(drift, [DRIFT_DAY])),
        "drift_within_all_windows_fails": status(_drift_failures(drift, all_days)),
        "drift_within_ks_pvalue_fails": status(_drift_failures(drift, [DRIFT_DAY], "ks_pvalue", 0.001, ["x"], lower=True)),
        "drift_within_one_feature_passes": status(_drift_failures(drift, [DRIFT_DAY], "wasserstein", 2.0, ["x"])),
        "drift_within_latest_passes": status(_drift_failures(drift, [LAST_DAY])),
        "drift_within_windows_back_fails": status(_drift_failures(drift, [LAST_DAY - 3])),
        "drift_within_date_windows_back_fails": status(_drift_failures(drift, [8 - 1])),  # 2024-01-09 is day 8
        "drift_within_date_windows_back_passes": status(_drift_failures(drift, [8 - 2])),
        "drift_within_empty_window_fails": status(_drift_failures(drift, [EMPTY_DAY])),
        "drift_within_no_window_fails": ("fail", 1),
        "drift_within_no_window_warns": ("warn", 1),
        "drift_within_no_window_passes": ("pass", 0),
        "drift_within_warn_no_data_breach_fails": status(_drift_failures(drift, all_days)),
        "drift_within_severity_warn_warns": status(_drift_failures(drift, [DRIFT_DAY]), warn=True),
        "performance_at_least_clean_day_passes": status(int(perf.accuracy[5] < 0.6)),
        "performance_at_least_bad_day_fails": status(int(perf.accuracy[DRIFT_DAY] < 0.6)),
        "performance_at_least_relative_fails": status(int((perf.roc_auc < np.median(perf.roc_auc[list(ref_days)]) - 0.05).sum())),
        "performance_at_least_error_metric_fails": status(int((perf.brier_score > 0.2).sum())),
        "performance_at_least_no_window_fails": ("fail", 1),
        "label_coverage_at_least_full_day_passes": status(int(perf.coverage[5] < 0.8)),
        "label_coverage_at_least_latest_fails": status(int(perf.coverage[LAST_DAY] < 0.8)),
        "label_coverage_at_least_all_fails": status(int((perf.coverage < 0.8).sum())),
        "label_coverage_at_least_no_window_passes": ("pass", 0),
        "schema_matches_monitor_passes": ("pass", 0),
        "schema_matches_good_passes": ("pass", 0),
        "schema_matches_bad_fails": ("fail", 2),  # channel missing, tenure integer -> text
        "schema_matches_columns_fails": ("fail", 1),  # amount_usd missing
        "schema_matches_mapping_fails": ("fail", 1),  # tenure is text
        "null_rate_below_good_passes": status(int(good.tenure.isna().mean() > 0.05)),
        "null_rate_below_bad_fails": status(int(bad.tenure.isna().mean() > 0.05)),
        "null_rate_below_daily_good_passes": status(int((tenure_daily["good"] > 0.05).sum())),
        "null_rate_below_daily_bad_fails": status(int((tenure_daily["bad"] > 0.05).sum())),
        "null_rate_below_daily_store_failures_fails": status(int((tenure_daily["bad"] > 0.05).sum())),
        "null_rate_below_where_passes": status(int(good[good.observed_at < "2024-02-12"].tenure.isna().mean() > 0.05)),
        "no_unseen_categories_good_passes": status(len(set(good.region.dropna()) - set(reference.region.dropna()))),
        "no_unseen_categories_bad_fails": status(len(unseen_bad)),
        "no_unseen_categories_tolerated_passes": status(len(unseen_bad) if unseen_share > 0.5 else 0),
        "within_reference_scale_good_passes": status(int(_scale_fails(_scale(good.amount, reference.amount)))),
        "within_reference_scale_bad_fails": status(int(_scale_fails(_scale(bad.amount, reference.amount)))),
        "within_reference_scale_bad_statistics_fails": status(int(_scale_fails(_scale(bad.amount, reference.amount)))),
        "within_reference_scale_statistics_fails": status(int(_scale_fails(_scale(good.amount, reference.amount), 0, 1))),
        "within_reference_scale_reference_where_passes": status(int(_scale_fails(
            _scale(good.amount, reference[reference.observed_at >= "2024-02-05"].amount)))),
        "volume_within_good_passes": status(int(((_daily_counts(good) / typical < 0.5) | (_daily_counts(good) / typical > 2)).sum())),
        "volume_within_bad_fails": status(int(((_daily_counts(bad) / typical < 0.5) | (_daily_counts(bad) / typical > 2)).sum())),
    }
    shares = version_shares(data["versions"])
    day = lambda d: START + d * DAY  # noqa: E731
    out.update({
        "model_version_consistent_clean_day_passes": status(int(shares[day(1)] < 0.99)),
        "model_version_consistent_canary_day_fails": status(int(shares[day(CANARY_DAY)] < 0.99)),
        "model_version_consistent_all_fails": status(int((shares < 0.99).sum())),
        "model_version_consistent_override_passes": status(int(version_shares(data["versions"], ("v1", "v2"))[day(CANARY_DAY)] < 0.99)),
        "model_version_consistent_null_version_fails": status(int(shares[day(NULL_VERSION_DAY)] < 0.999)),
        "model_version_consistent_no_window_fails": ("fail", 1),
    })
    out["drift_within_empty_monitor_fails"] = ("fail", 1)
    out["drift_within_empty_monitor_warns"] = ("warn", 1)
    # a constant reference (IQR 0) tolerates no change: the same constant passes, x1000 fails
    out["within_reference_scale_constant_passes"] = status(int(_scale_fails(_scale(good.unit, reference.unit))))
    out["within_reference_scale_constant_fails"] = status(int(_scale_fails(_scale(bad.unit, reference.unit))))
    out["volume_within_error_if_warns"] = ("warn", out["volume_within_bad_fails"][1])  # warn_if >0, error_if >5
    for test in ("null_rate_below", "no_unseen_categories", "within_reference_scale", "volume_within"):
        out.update({f"{test}_empty_fails": ("fail", 1), f"{test}_empty_warns": ("warn", 1),
                    f"{test}_empty_passes": ("pass", 0)})
    return out


# -- the tests ----------------------------------------------------------------------------------
def test_fixtures_are_meaningful():
    """Each fixture named *_fails fails and each *_passes passes by the reference computation, so
    the dbt outcomes below are checked against a real difference (not two empty results)."""
    data = {"predictions": gate_predictions()[0], "outcomes": gate_predictions()[1], "versions": gate_versions(),
            **feature_tables()}
    for name, (status, failures) in expected_outcomes(data).items():
        kind = name.rsplit("_", 1)[1]
        assert status == {"fails": "fail", "passes": "pass", "warns": "warn"}[kind], (name, status, failures)


def test_every_gate_fixture_has_the_expected_outcome(gates):
    expected = expected_outcomes(gates.data)
    assert set(gates.results) == set(expected), set(gates.results) ^ set(expected)
    wrong = {name: (gates.outcome(name), want) for name, want in expected.items() if gates.outcome(name) != want}
    assert not wrong, wrong


def test_each_generic_test_has_a_passing_and_a_failing_fixture(gates):
    tests = ["drift_within", "performance_at_least", "label_coverage_at_least", "schema_matches", "null_rate_below",
             "no_unseen_categories", "within_reference_scale", "volume_within", "model_version_consistent"]
    for test in tests:
        statuses = {gates.outcome(n)[0] for n in gates.results if n.startswith(test + "_")}
        assert {"pass", "fail"} <= statuses, (test, statuses)


def test_failing_mart_gates_say_what_failed(gates):
    """A failing mart gate logs its failing rows readably (monitor, window, subject, statistic, value,
    threshold), not only dbt's `Got 3 results, configured to fail if != 0` (issue 13, item 6)."""
    import re

    log = gates.run.messages
    for test, metric in [("drift_within", r"[a-z_0-9]+"), ("performance_at_least", r"[a-z_]+"),
                         ("label_coverage_at_least", "label_coverage")]:
        assert any(gates.outcome(n)[0] == "fail" for n in gates.results if n.startswith(test + "_"))
        pattern = (rf"model_monitor\.{test} (fail|no_data): monitor [a-z_]+, window (\d{{4}}-\d\d-\d\d[ 0-9:]*|none)"
                   rf"(, [^:]+)?: {metric} ([-0-9.e+]+|no value) \(threshold ([-0-9.e+]+|none)\)")
        assert re.search(pattern, log), (test, [line for line in log.splitlines() if test in line][:5])


def _stored_failures(gates: GateRun, name: str) -> pd.DataFrame:
    schema = ("main" if gates.engine.name == "duckdb" else gates.engine.schema) + "_dbt_test__audit"
    return gates.engine.table(name, schema=schema)


@pytest.mark.parametrize("name, table, kwargs", [
    ("within_reference_scale_statistics_fails", "features_good", {}),
    ("within_reference_scale_bad_statistics_fails", "features_bad", {}),
])
def test_within_reference_scale_statistics_equal_numpy(gates, name, table, kwargs):
    stored = _stored_failures(gates, name)
    assert len(stored) == 1
    want = _scale(gates.data[table].amount, gates.data["features_reference"].amount)
    row = stored.iloc[0]
    for key, value in want.items():
        assert float(row[key]) == pytest.approx(float(value), rel=1e-9, abs=1e-12), key


def test_store_failures_keeps_the_failing_windows(gates):
    stored = _stored_failures(gates, "null_rate_below_daily_store_failures_fails")
    bad = gates.data["features_bad"]
    rates = bad.groupby(bad.observed_at.dt.floor("D")).tenure.apply(lambda s: s.isna().mean())
    want = rates[rates > 0.05]
    got = stored.set_index(pd.to_datetime(stored.window_start)).sort_index()
    empty = got[got.gate_status == "no_data"]
    got = got[got.gate_status == "fail"]
    assert list(got.index) == list(want.index)
    np.testing.assert_allclose(got.null_rate.astype(float), want.to_numpy(), rtol=1e-12)
    # the day without rows between the first and the last is there, as no_data
    days = _daily_counts(bad)
    assert list(empty.index) == list(days.index[days == 0]) and len(empty) == 1
    assert (empty.row_count.astype(int) == 0).all() and empty.null_rate.isna().all()


# -- compile-time errors --------------------------------------------------------------------------
# A throwaway dbt project that installs the package (as `packages: - local:` would) and declares one
# monitor over a one-row model; each case is a generic test with one wrong argument.
_PROJECT = """
name: gate_errors
version: "0.1.0"
config-version: 2
profile: gate_errors
flags: {send_anonymous_usage_stats: false}
vars:
  model_monitor:
    monitors:
      - {name: car_loan, predictions: features, id_column: id, timestamp_column: observed_at,
         task: binary_classification, score_column: score, window: day,
         features: {numeric: [amount], categorical: [region]},
         reference: {start: '2024-01-01', end: '2024-01-02'}}
      - {name: house_price, predictions: features, id_column: id, timestamp_column: observed_at,
         task: regression, score_column: score, window: day, features: {numeric: [amount]},
         reference: {start: '2024-01-01', end: '2024-01-02'}}
"""
_MODEL = """select 1 as id, cast('2024-01-01 10:00:00' as timestamp) as observed_at, 0.5 as score,
       10.0 as amount, 'n' as region"""


def _project(tmp_path, tests: str):
    (tmp_path / "models").mkdir()
    (tmp_path / "dbt_packages").mkdir()
    (tmp_path / "dbt_packages" / "model_monitor").symlink_to(REPO)
    (tmp_path / "dbt_project.yml").write_text(_PROJECT)
    (tmp_path / "profiles.yml").write_text(
        f"gate_errors:\n  target: d\n  outputs:\n    d: {{type: duckdb, path: '{tmp_path / 'w.duckdb'}', threads: 1}}\n")
    (tmp_path / "models" / "features.sql").write_text(_MODEL)
    (tmp_path / "models" / "tests.yml").write_text(
        "version: 2\nmodels:\n  - name: features\n    data_tests:\n" + textwrap.indent(textwrap.dedent(tests), "      "))


def _dbt(tmp_path, *args, partial_parse: bool = False):
    from dbt.cli.main import dbtRunner

    res = dbtRunner().invoke([*args, "--project-dir", str(tmp_path), "--profiles-dir", str(tmp_path),
                              "--log-path", str(tmp_path / "logs"), "--target-path", str(tmp_path / "target"),
                              "--partial-parse" if partial_parse else "--no-partial-parse", "--quiet"])
    return res


@pytest.fixture(scope="module")
def parse_project(tmp_path_factory):
    """A project parsed once without gates (one per pytest worker). Each case below rewrites only
    models/tests.yml, and dbt's partial parsing re-reads that file alone from the saved manifest
    (about a second, where a full parse of the package takes about twenty). A failed parse saves
    nothing, so every case starts from the same manifest."""
    path = tmp_path_factory.mktemp("parse_errors")
    _project(path, "")
    (path / "models" / "tests.yml").write_text("version: 2\nmodels:\n  - name: features\n")
    res = _dbt(path, "parse", partial_parse=True)
    assert res.success, res.exception
    return path


PARSE_ERRORS = [
    pytest.param("- model_monitor.drift_within: {arguments: {monitor: car_loan, threshold: high}}",
                 "model_monitor.drift_within: argument 'threshold': expected a number, got \"high\"", id="threshold-type"),
    pytest.param("- model_monitor.drift_within: {arguments: {monitor: car_loan, threshold: 0.2, metric: pis}}",
                 "model_monitor.drift_within: argument 'metric': metric 'pis' is not one of", id="metric-name"),
    pytest.param("- model_monitor.performance_at_least: {arguments: {monitor: car_loan, metric: acuracy, threshold: 0.7}}",
                 "did you mean 'accuracy'?", id="performance-metric"),
    pytest.param("- model_monitor.drift_within: {arguments: {monitor: car_loan, threshold: 0.2, no_data: maybe}}",
                 "model_monitor.drift_within: argument 'no_data': expected fail, warn or pass, got maybe", id="no-data"),
    pytest.param("- model_monitor.drift_within: {arguments: {monitor: car_loan, threshold: 0.2, window: yesterday}}",
                 "argument 'window': expected latest, all or a UTC date/timestamp", id="window"),
    pytest.param("- model_monitor.null_rate_below: {arguments: {column_name: amount, max_rate: true}}",
                 "model_monitor.null_rate_below: argument 'max_rate': expected a number, got True", id="boolean-threshold"),
    pytest.param("- model_monitor.performance_at_least: {arguments: {monitor: car_loan, metric: accuracy}}",
                 "argument 'threshold': give threshold (an absolute floor), max_drop", id="no-threshold"),
    # issue 13, item 7: accepted (a gate that can never fail) or a database error before
    pytest.param("- model_monitor.null_rate_below: {arguments: {column_name: amount, max_rate: 1.5}}",
                 "model_monitor.null_rate_below: argument 'max_rate': expected a number in [0, 1], got 1.5", id="rate-above-one"),
    pytest.param("- model_monitor.drift_within: {arguments: {monitor: car_loan, threshold: .nan}}",
                 "model_monitor.drift_within: argument 'threshold': expected a finite number, got nan", id="threshold-nan"),
    pytest.param("- model_monitor.drift_within: {arguments: {monitor: car_loan, threshold: 0.2, window: '2024-02-30'}}",
                 "argument 'window': '2024-02-30' is not a date of the calendar", id="window-no-such-day"),
    pytest.param("- model_monitor.model_version_consistent: {arguments: {monitor: car_loan, expected_model_version: [v1, 3]}}",
                 "model_monitor.model_version_consistent: argument 'expected_model_version': expected a version or a "
                 "non-empty list of versions (texts), got ['v1', 3]", id="expected-version-number"),
    pytest.param("- model_monitor.model_version_consistent: {arguments: {monitor: car_loan, expected_model_version: []}}",
                 "argument 'expected_model_version': expected a version or a non-empty list of versions (texts), got []",
                 id="expected-versions-empty"),
]


@pytest.mark.parametrize("tests, message", PARSE_ERRORS)
def test_wrong_arguments_fail_at_parse_time(parse_project, tests, message):
    (parse_project / "models" / "tests.yml").write_text(
        "version: 2\nmodels:\n  - name: features\n    data_tests:\n" + textwrap.indent(textwrap.dedent(tests), "      "))
    res = _dbt(parse_project, "parse", partial_parse=True)
    assert not res.success
    assert message in str(res.exception), str(res.exception)


RUN_ERRORS = {
    "missing_column": ("model_monitor.null_rate_below: {name: missing_column, arguments: {column_name: amout, max_rate: 0.1}}",
                       "model_monitor.null_rate_below: argument 'column_name': column 'amout' does not exist in the tested model"),
    "unknown_monitor": ("model_monitor.drift_within: {name: unknown_monitor, arguments: {monitor: car_laon, threshold: 0.2}}",
                        "model_monitor.drift_within: argument 'monitor': no monitor named 'car_laon' in the model_monitor var (did you mean 'car_loan'?)"),
    "unknown_feature": ("model_monitor.drift_within: {name: unknown_feature, arguments: {monitor: car_loan, threshold: 0.2, features: [amout]}}",
                        "argument 'features': monitor 'car_loan' has no feature 'amout' (did you mean 'amount'?)"),
    "metric_not_computed": ("model_monitor.drift_within: {name: metric_not_computed, arguments: {monitor: car_loan, metric: ks_statistic, threshold: 0.2, features: [region]}}",
                            "argument 'metric': metric 'ks_statistic' is not computed for categorical feature 'region'"),
    "metric_for_task": ("model_monitor.performance_at_least: {name: metric_for_task, arguments: {monitor: car_loan, metric: rmse, threshold: 0.2}}",
                        "argument 'metric': metric 'rmse' is not computed for monitor 'car_loan' (task binary_classification)"),
    "no_error_model": ("model_monitor.performance_at_least: {name: no_error_model, arguments: {monitor: house_price, metric: est_mae, threshold: 2.0}}",
                       "argument 'metric': metric 'est_mae' needs estimation: {error_model: prediction_bins} on monitor 'house_price'"),
    "no_outcomes": ("model_monitor.label_coverage_at_least: {name: no_outcomes, arguments: {monitor: car_loan, min_coverage: 0.5}}",
                    "argument 'monitor': monitor 'car_loan' declares no outcomes"),
    "reference_not_relation": ("model_monitor.within_reference_scale: {name: reference_not_relation, arguments: {column_name: amount, reference: \"'features'\"}}",
                               "argument 'reference': expected a relation written ref('...') or source('...', '...'), got 'features'"),
    "missing_reference_column": ("model_monitor.no_unseen_categories: {name: missing_reference_column, arguments: {column_name: region, reference: \"ref('features')\", reference_column: regoin}}",
                                 "argument 'reference_column': column 'regoin' does not exist in reference"),
    # issue 13, item 7: reported as the monitor's key 'reference' before
    "bad_gate_reference": ("model_monitor.performance_at_least: {name: bad_gate_reference, arguments: {monitor: car_loan, metric: est_accuracy, max_drop: 0.1, reference: {start: '2024-02-30', end: '2024-03-05'}}}",
                           "model_monitor.performance_at_least: argument 'reference.start': '2024-02-30' is not a date of the calendar"),
    "missing_timestamp": ("model_monitor.volume_within: {name: missing_timestamp, arguments: {timestamp_column: observed, reference: \"ref('features')\"}}",
                          "argument 'timestamp_column': column 'observed' does not exist"),
}


def test_wrong_columns_and_metrics_fail_when_the_test_compiles(tmp_path):
    """Errors that need the warehouse or the monitors (run-time compilation of each test node)."""
    _project(tmp_path, "".join(f"- {spec}\n" for spec, _ in RUN_ERRORS.values()))
    assert _dbt(tmp_path, "run", "--select", "+model_monitor__feature_drift", "+model_monitor__performance").success
    res = _dbt(tmp_path, "test")
    assert not res.success
    results = {r.node.name: r for r in res.result.results if r.node.resource_type == "test"}
    assert set(RUN_ERRORS) <= set(results)
    for name, (_, message) in RUN_ERRORS.items():
        assert str(results[name].status) == "error", name
        assert message in (results[name].message or ""), (name, results[name].message)


def test_stored_failures_carry_the_reference_values(gates):
    """The values in the failing rows equal the reference implementations: PSI (numpy), AUC and its
    reference-period median (scikit-learn, numpy.median), the typical daily volume (numpy.median)."""
    drift = _expected_drift(gates.data)
    stored = _stored_failures(gates, "drift_within_drift_day_fails").set_index("subject")
    want = drift[drift.day == DRIFT_DAY].set_index("feature_name").psi.astype(float)
    assert sorted(stored.index) == sorted(want[want > THRESHOLD].index)
    for feature, row in stored.iterrows():
        assert float(row.metric_value) == pytest.approx(want[feature], rel=1e-9)

    perf = _daily_performance(gates.data)
    stored = _stored_failures(gates, "performance_at_least_relative_fails")
    median = float(np.median(perf.roc_auc[list(range(5))]))
    days = sorted(((pd.to_datetime(stored.window_start) - START) / DAY).astype(int))
    assert days == sorted(perf.index[perf.roc_auc < median - 0.05])
    for row in stored.itertuples():
        assert float(row.reference_value) == pytest.approx(median, rel=1e-9)
        assert float(row.metric_value) == pytest.approx(perf.roc_auc[int((pd.Timestamp(row.window_start) - START) / DAY)], rel=1e-9)

    stored = _stored_failures(gates, "volume_within_bad_fails")
    typical = float(np.median(_daily_counts(gates.data["features_reference"])))
    assert set(stored.typical_row_count.astype(float)) == {typical}
    counts = _daily_counts(gates.data["features_bad"])
    got = stored.set_index(pd.to_datetime(stored.window_start)).row_count.astype(int).sort_index()
    assert got.to_dict() == counts[(counts / typical < 0.5) | (counts / typical > 2)].to_dict()


def test_schema_matches_names_the_column_that_changed(gates):
    logs = gates.run.logs
    assert "model_monitor.schema_matches on" in logs
    assert "column 'channel' is missing" in logs
    assert "column 'tenure' changed type from" in logs
    assert "column 'amount_usd' is missing" in logs
