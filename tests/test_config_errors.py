"""Every configuration mistake fails at compile time with a message naming the monitor and key."""
from __future__ import annotations

import copy

import numpy as np
import pandas as pd
import pytest

from dbt_harness import Engine, validate_monitors, validation_error, with_parents

GOOD = {
    "name": "loans", "predictions": {"source": ["oracle", "predictions"]},
    "id_column": "prediction_id", "timestamp_column": "predicted_at",
    "task": "binary_classification", "score_column": "score", "window": "day",
    "features": {"numeric": ["car_value"], "categorical": ["region"]},
    "reference": {"start": "2024-01-01", "end": "2024-01-03"},
}


def _load(engine: Engine) -> None:
    rng = np.random.default_rng(0)
    n = 50
    engine.load_table(engine.oracle_schema, "predictions", pd.DataFrame({
        "prediction_id": [f"p{i}" for i in range(n)],
        "predicted_at": pd.Timestamp("2024-01-01") + pd.to_timedelta(np.arange(n) * 3600, unit="s"),
        "score": rng.random(n), "car_value": rng.random(n), "region": rng.choice(["n", "s"], n),
    }))


def _compile_error(engine: Engine, monitors: list[dict]) -> str:
    run = engine.dbt("compile", "--select", "model_monitor__window_values", "model_monitor__reference_values",
                     vars={"model_monitor": {"monitors": monitors}})
    assert not run.success, "compilation should have failed"
    return run.messages


def _with(**changes) -> dict:
    monitor = copy.deepcopy(GOOD)
    for key, value in changes.items():
        if value is None:
            monitor.pop(key)
        else:
            monitor[key] = value
    return monitor


STATIC_CASES = [
    pytest.param([{**GOOD, "featres": GOOD["features"]}],
                 ["monitor 'loans'", "key 'featres'", "unknown key", "did you mean 'features'"], id="unknown-key"),
    pytest.param([_with(timestamp_column=None)],
                 ["monitor 'loans'", "key 'timestamp_column'", "required key is missing"], id="missing-key"),
    pytest.param([GOOD, {**GOOD}],
                 ["monitor 'loans'", "key 'name'", "two monitors are named 'loans'"], id="duplicate-name"),
    pytest.param([_with(features={"numeric": [], "categorical": []})],
                 ["monitor 'loans'", "key 'features'", "the feature list is empty"], id="empty-features"),
    pytest.param([_with(window="daily")],
                 ["monitor 'loans'", "key 'window'", "expected hour, day or week"], id="bad-window"),
    pytest.param([_with(reference={"start": "2024-01-01", "end": "2024-01-03", "trailing_windows": 3})],
                 ["monitor 'loans'", "key 'reference'", "exactly one of"], id="two-reference-kinds"),
    pytest.param([_with(reference={"same_hour_windows": 2})],
                 ["monitor 'loans'", "key 'reference.same_hour_windows'", "needs hour windows; this monitor's window is day"], id="same-hour-on-days"),
    pytest.param([_with(window="week", reference={"same_weekday_windows": 2})],
                 ["monitor 'loans'", "key 'reference.same_weekday_windows'", "needs hour or day windows"], id="same-weekday-on-weeks"),
    pytest.param([_with(reference={"previous_windows": 0})],
                 ["monitor 'loans'", "key 'reference.previous_windows'", "whole number of windows >= 1"], id="previous-windows-zero"),
    pytest.param([_with(estimation={"calibration": "isotonic"})],
                 ["monitor 'loans'", "key 'estimation.calibration'", "expected none or histogram_binning, got 'isotonic'"], id="estimation-method"),
    pytest.param([_with(estimation={"calibration": "histogram_binning", "bins": 1})],
                 ["monitor 'loans'", "key 'estimation.bins'", "expected a whole number from 2 to 1000, got 1"], id="estimation-bins"),
    pytest.param([_with(estimation={"calibration": "histogram_binning"})],
                 ["monitor 'loans'", "key 'estimation.calibration'", "this monitor has no outcomes"], id="estimation-without-outcomes"),
    pytest.param([_with(task="regression", estimation={"calibration": "histogram_binning"})],
                 ["monitor 'loans'", "key 'estimation.calibration'", "this monitor's task is regression"], id="estimation-regression"),
    pytest.param([_with(estimation={"error_model": "prediction_bins"})],
                 ["monitor 'loans'", "key 'estimation.error_model'", "error_model is for regression monitors",
                  "use estimation.calibration"], id="error-model-on-binary"),
    pytest.param([_with(task="regression", estimation={"error_model": "prediction_bins", "bins": 101})],
                 ["monitor 'loans'", "key 'estimation.bins'", "expected a whole number from 2 to 100, got 101"], id="error-model-bins"),
    pytest.param([_with(reference={"previous_windows": 2}, estimation={"calibration": "histogram_binning"},
                        outcomes={"relation": {"source": ["oracle", "predictions"]}, "id_column": "prediction_id", "label_column": "score"})],
                 ["monitor 'loans'", "key 'estimation.calibration'", "needs a fixed reference period", "reference is moving"], id="estimation-moving-reference"),
    pytest.param([_with(drift_verdict={"mode": "effect_and_significant"})],
                 ["monitor 'loans'", "key 'drift_verdict.mode'", "expected any_rule or effect_and_significance"], id="verdict-mode"),
    pytest.param([_with(drift_verdict={"mode": "effect_and_significance"}, thresholds={"chi2_pvalue": None})],
                 ["monitor 'loans'", "key 'drift_verdict'", "needs a threshold on chi2_pvalue", "feature 'region'"], id="verdict-without-pvalue-threshold"),
    pytest.param([_with(thresholds={"psi": {"method": "reference_variability", "sigmas": 3}}, reference={"start": "2024-01-01 06:00", "end": "2024-01-03"})],
                 ["monitor 'loans'", "key 'thresholds'", "at least two whole day windows", "holds 1"], id="learned-short-reference"),
    pytest.param([_with(thresholds={"psi": {"method": "reference_variability", "sigmas": 3}}, reference={"trailing_windows": 3})],
                 ["monitor 'loans'", "key 'thresholds'", "fixed reference period", "moving (trailing_windows)"], id="learned-moving-reference"),
    pytest.param([_with(thresholds={"ks_statistic": {"method": "reference_variability", "sigmas": 3}})],
                 ["monitor 'loans'", "key 'thresholds.ks_statistic'", "learns thresholds for psi, js_distance"], id="learned-ks"),
    pytest.param([_with(thresholds={"psi": {"method": "reference_variability"}})],
                 ["monitor 'loans'", "key 'thresholds.psi'", "needs warn_sigmas, alert_sigmas or sigmas"], id="learned-no-sigmas"),
    pytest.param([_with(thresholds={"psi": {"method": "reference_variability", "warn_sigmas": 3, "alert_sigmas": 2}})],
                 ["monitor 'loans'", "key 'thresholds.psi'", "warn_sigmas (3) must not exceed alert_sigmas (2)"], id="learned-order"),
    pytest.param([_with(reference={"start": "yesterday", "end": "2024-01-03"})],
                 ["monitor 'loans'", "key 'reference.start'", "YYYY-MM-DD"], id="bad-date"),
    pytest.param([_with(thresholds={"psi": {"warn": "high"}})],
                 ["monitor 'loans'", "key 'thresholds.psi.warn'", "expected a number"], id="threshold-type"),
    pytest.param([_with(thresholds={"pis": {"warn": 0.1}})],
                 ["monitor 'loans'", "key 'thresholds.pis'", "did you mean 'psi'"], id="threshold-metric"),
    pytest.param([_with(features={"numeric": [{"name": "car_value", "thresholds": {"psi": {"warn": 0.5, "alert": 0.2}}}]})],
                 ["monitor 'loans'", "key 'features.numeric[0].thresholds.psi'", "must not exceed alert"], id="warn-above-alert"),
    pytest.param([_with(bins=1)], ["monitor 'loans'", "key 'bins'", "whole number >= 2"], id="bins"),
    pytest.param([_with(features={"numeric": ["__score__"]})],
                 ["monitor 'loans'", "key 'features.numeric[0]'", "'__score__' is reserved"], id="reserved-name"),
    pytest.param([_with(decision_threshold=1.5)],
                 ["monitor 'loans'", "key 'decision_threshold'", "expected a number in [0, 1]"], id="threshold-range"),
    pytest.param([_with(task="ranking")], ["monitor 'loans'", "key 'task'", "expected binary_classification, regression or multiclass_classification, got 'ranking'"], id="task"),
    pytest.param([_with(distribution_statistics="approximate")],
                 ["monitor 'loans'", "key 'distribution_statistics'", "'approximate' was removed in 0.2", "use profile or exact"],
                 id="approximate-removed"),
    pytest.param([_with(approximate_digits=3)],
                 ["monitor 'loans'", "key 'approximate_digits'", "was removed in 0.2"], id="approximate-digits-removed"),
    pytest.param([_with(distribution_statistics="sketch")],
                 ["monitor 'loans'", "key 'distribution_statistics'", "expected profile or exact, got 'sketch'"], id="mode"),
    pytest.param([_with(distribution_statistics="profile", reference={"trailing_windows": 3})],
                 ["monitor 'loans'", "key 'distribution_statistics'", "profile needs a fixed reference"], id="profile-trailing"),
    pytest.param([_with(distribution_statistics="exact", profile_cells=64)],
                 ["monitor 'loans'", "key 'profile_cells'", "this monitor is exact"], id="cells-exact"),
    pytest.param([_with(profile_cells=8)], ["monitor 'loans'", "key 'profile_cells'", "whole number >= 16"], id="cells-minimum"),
    pytest.param([_with(top_k=30, profile_categories=10)],
                 ["monitor 'loans'", "key 'profile_categories'", "whole number >= top_k (30)", "got 10"], id="categories-below-top-k"),
    pytest.param([_with(distribution_statistics="exact", profile_categories=64)],
                 ["monitor 'loans'", "key 'profile_categories'", "this monitor is exact"], id="categories-exact"),
    # issue 13, item 7: these compiled, or failed with a message that did not name the key
    pytest.param([_with(features={"numeric": ["car_value"], "categorical": ["CAR_VALUE"]})],
                 ["monitor 'loans'", "key 'features.categorical[0]'", "feature 'CAR_VALUE' is listed twice"], id="twice-other-case"),
    pytest.param([_with(reference={"start": "2024-02-30", "end": "2024-03-03"})],
                 ["monitor 'loans'", "key 'reference.start'", "'2024-02-30' is not a date of the calendar"], id="reference-no-such-day"),
    pytest.param([_with(reference={"start": "2024-02-01 24:00", "end": "2024-03-03"})],
                 ["monitor 'loans'", "key 'reference.start'", "is not a time of day"], id="reference-no-such-hour"),
    pytest.param([_with(features={"numeric": [{"name": "car_value", "thresholds": {"psi": {"owner": ["a", "b"]}}}]})],
                 ["monitor 'loans'", "key 'features.numeric[0].thresholds.psi.owner'", "expected a non-empty text"],
                 id="rule-owner-not-text"),
    pytest.param([_with(expected_model_version="v2")],
                 ["monitor 'loans'", "key 'expected_model_version'", "needs model_version_column"], id="expected-version-no-column"),
    pytest.param([_with(model_version_column="region", expected_model_version={"v": 2})],
                 ["monitor 'loans'", "key 'expected_model_version'", "expected a version or a non-empty list of versions, got {"],
                 id="expected-version-mapping"),
    pytest.param([_with(model_version_column="region", shadow_model_versions="v0")],
                 ["monitor 'loans'", "key 'shadow_model_versions'", "expected a non-empty list of versions, got v0"],
                 id="shadow-versions-not-a-list"),
    pytest.param([_with(model_version_column="region", expected_model_version=["v1", 3])],
                 ["monitor 'loans'", "key 'expected_model_version'", "expected versions as non-empty texts (quote numbers: '3', not 3), got 3"],
                 id="expected-version-number"),
    pytest.param([_with(model_version_column="region", expected_model_version=["v2", "v3"], shadow_model_versions=["v3"])],
                 ["monitor 'loans'", "key 'shadow_model_versions'", "version 'v3' is also the expected_model_version"],
                 id="shadow-and-expected"),
    pytest.param([_with(task="multiclass_classification")],
                 ["monitor 'loans'", "key 'score_column'", "takes one score column per class, under classes"],
                 id="multiclass-with-score-column"),
    pytest.param([_with(task="multiclass_classification", score_column=None, classes=[{"label": "a", "score_column": "score"}])],
                 ["monitor 'loans'", "key 'classes'", "expected a list of at least two {label: ..., score_column: ...} entries"],
                 id="multiclass-one-class"),
    pytest.param([_with(task="multiclass_classification", score_column=None,
                        classes=[{"label": 1, "score_column": "score"}, {"label": "1", "score_column": "car_value"}])],
                 ["monitor 'loans'", "key 'classes[1].label'", "class '1' is listed twice"], id="multiclass-duplicate-label"),
    pytest.param([_with(classes=[{"label": "a", "score_column": "score"}, {"label": "b", "score_column": "car_value"}])],
                 ["monitor 'loans'", "key 'classes'", "only read by task multiclass_classification"], id="classes-on-binary"),
    pytest.param([_with(score_array_column="scores")],
                 ["monitor 'loans'", "key 'score_array_column'", "only read by task multiclass_classification"],
                 id="score-array-on-binary"),
    pytest.param([_with(task="multiclass_classification", score_column=None, score_array_column=3, classes=["a", "b"])],
                 ["monitor 'loans'", "key 'score_array_column'", "expected a column name, got 3"], id="score-array-not-a-name"),
    pytest.param([_with(task="multiclass_classification", score_column=None, score_array_column="scores", classes=["a"])],
                 ["monitor 'loans'", "key 'classes'",
                  "expected a list of at least two labels (the score_array_column's elements in this order)"],
                 id="score-array-one-class"),
    pytest.param([_with(task="multiclass_classification", score_column=None, score_array_column="scores",
                        classes=[{"label": "a", "score_column": "score"}, "b"])],
                 ["monitor 'loans'", "key 'classes[0].score_column'", "unknown key"], id="score-array-and-a-score-column"),
    pytest.param([_with(task="multiclass_classification", score_column=None, score_array_column="scores",
                        classes=["a", {"label": "a"}])],
                 ["monitor 'loans'", "key 'classes[1].label'", "class 'a' is listed twice"], id="score-array-duplicate-label"),
]


@pytest.fixture(scope="module")
def validator(parsed_duckdb):
    """The module's parsed project (conftest.parsed_duckdb) with the oracle table loaded: each case
    asks the validation that get_monitors() runs on the var through `dbt run-operation --args`
    (dbt_harness.validation_error), which keeps the partial parse. That get_monitors() runs the same
    validation on the var is checked by test_the_var_goes_through_the_same_validation and the
    compile-time tests below."""
    _load(parsed_duckdb)
    return parsed_duckdb


@pytest.mark.parametrize("monitors, fragments", STATIC_CASES)
def test_static_configuration_errors(validator, monitors, fragments):
    message = validation_error(validator, monitors, resolve_relations=True)
    for fragment in fragments:
        assert fragment in message, f"{fragment!r} not in the error:\n{message[:3000]}"


def test_the_var_goes_through_the_same_validation(validator):
    """The control of the cases above: a good configuration passes normalize_monitors, and a bad
    one given as the var stops compilation with the message the operation gives."""
    assert validate_monitors(validator, [GOOD], resolve_relations=True).success
    bad = [_with(window="daily")]
    assert "key 'window'" in validation_error(validator, bad, resolve_relations=True)
    message = _compile_error(validator, bad)
    assert "monitor 'loans'" in message and "key 'window'" in message, message[-3000:]


def test_column_that_does_not_exist(engine):
    _load(engine)
    monitor = _with(features={"numeric": ["car_valu"], "categorical": ["region"]})
    message = _compile_error(engine, [monitor])
    for fragment in ["monitor 'loans'", "key 'features.numeric'", "column 'car_valu' does not exist",
                     "did you mean 'car_value'"]:
        assert fragment in message, message[:3000]


def test_score_array_that_is_not_an_array(duckdb_engine):
    _load(duckdb_engine)
    monitor = _with(task="multiclass_classification", score_column=None, score_array_column="score", classes=["a", "b"])
    message = _compile_error(duckdb_engine, [monitor])
    for fragment in ["monitor 'loans'", "key 'score_array_column'", "column 'score' has type DOUBLE",
                     "expected an array of the class scores"]:
        assert fragment in message, message[:3000]


def test_reference_period_without_rows(engine):
    """Found by the build's own scan of the reference (a post-hook reads the small table it wrote),
    not by a compile-time query: compilation succeeds, the build fails by name and stores nothing."""
    _load(engine)
    variables = {"model_monitor": {"monitors": [_with(reference={"start": "2023-01-01", "end": "2023-02-01"})]}}
    assert engine.dbt("compile", "--select", "model_monitor__reference_values", vars=variables).success
    run = engine.dbt("build", "--select", "+model_monitor__reference_values", vars=variables)
    assert not run.success
    for fragment in ["monitor 'loans'", "key 'reference'", "the reference period [2023-01-01", "contains no rows"]:
        assert fragment in run.messages, run.messages[-3000:]
    # a good reference afterwards builds normally
    assert engine.dbt("build", "--select", "+model_monitor__reference_values",
                      vars={"model_monitor": {"monitors": [GOOD]}}).success
    assert len(engine.table("model_monitor__reference_values")) > 0


def test_missing_var_builds_empty_tables(duckdb_engine):
    """Installed but not configured: the package's models build, empty, with their columns."""
    run = duckdb_engine.dbt("run", "--select", "package:model_monitor", vars={"model_monitor": None})
    assert run.success, run.messages[-5000:]
    drift = duckdb_engine.table("model_monitor__feature_drift")
    assert len(drift) == 0 and "psi" in drift.columns and "drift_status" in drift.columns
    # each table has the columns its YAML declares, in their order (the one declaration of them;
    # prediction_outcomes' segment_1 stands for as many segment columns as a monitor has, here 0)
    models = [r.node for r in run.results.results if r.node.resource_type == "model"]
    assert len(models) >= 20
    for node in models:
        declared = [c for c in node.columns if not (node.name == "model_monitor__prediction_outcomes" and c == "segment_1")]
        assert list(duckdb_engine.table(node.name).columns) == declared, node.name


def test_compile_before_the_first_build(duckdb_engine):
    """`dbt compile` (and so `dbt docs generate`) works on a database the package never built:
    the profile scans read their edges only once model_monitor__reference_edges exists."""
    _load(duckdb_engine)
    run = duckdb_engine.dbt("compile", "--select", "package:model_monitor", vars={"model_monitor": {"monitors": [GOOD]}})
    assert run.success, run.messages[-3000:]


def test_changed_distribution_statistics_needs_a_full_refresh(duckdb_engine):
    """Exact values and profile cells are never mixed in one history: a plain run after the mode
    changed stops with the command to run, and that command rebuilds in the new mode."""
    _load(duckdb_engine)
    select = ["--select", "+model_monitor__window_values"]
    exact = {"model_monitor": {"monitors": [_with(distribution_statistics="exact")]}}
    profile = {"model_monitor": {"monitors": [GOOD]}}
    assert duckdb_engine.dbt("run", *select, vars=exact).success
    run = duckdb_engine.dbt("run", *select, vars=profile)
    assert not run.success
    for fragment in ["monitor 'loans'", "key 'distribution_statistics'", "is profile", "as exact values",
                     "dbt build --full-refresh --select package:model_monitor"]:
        assert fragment in run.messages, run.messages[-3000:]
    assert duckdb_engine.dbt("run", *select, "--full-refresh", vars=profile).success
    values = duckdb_engine.table("model_monitor__window_values")
    assert values[values.feature_name == "car_value"].cell_index.notna().all()
    run = duckdb_engine.dbt("run", *select, vars=exact)
    assert not run.success and "as profile cells" in run.messages, run.messages[-3000:]


def test_configuration_changes_stop_an_incremental_run(engine):
    """A configuration change between runs never mixes two configurations in one history (issue
    13, item 2): a plain build stops naming the monitor, the changed keys (old -> new) and the
    command; a full refresh rebuilds in the new configuration; an unchanged configuration builds;
    a removed monitor is named too."""
    _load(engine)
    # the four marts that check the state themselves and are read below, with their parents, and
    # the monitor state (the package's leaf, which records the configuration)
    marts = with_parents("model_versions", "feature_drift", "performance", "champion_challenger")

    def build(*flags, monitors):
        return engine.dbt("build", "--select", *marts, "model_monitor__monitor_state", *flags,
                          vars={"model_monitor": {"monitors": monitors}})

    assert build(monitors=[GOOD]).success
    assert build(monitors=[GOOD]).success  # unchanged: incremental as before
    # the incremental marts that read the predictions themselves, as the refused runs must leave them
    def table(mart):
        df = engine.table(mart)
        keys = [c for c in ("monitor_name", "model_version", "model_version_a", "model_version_b", "feature_name",
                            "segment_name", "segment_value", "window_start") if c in df.columns]
        return df.sort_values(keys).reset_index(drop=True)
    kept = {mart: table(mart) for mart in ("model_monitor__model_versions", "model_monitor__feature_drift",
                                           "model_monitor__performance", "model_monitor__champion_challenger")}
    changes = [
        (_with(window="week"), ["window (day -> week)"]),
        (_with(bins=5), ["bins (10 -> 5)"]),
        (_with(top_k=3), ["top_k (20 -> 3)"]),
        (_with(features={"numeric": ["car_value", "score"], "categorical": ["region"]}), ["features (car_value, region, __score__ -> car_value, score, region, __score__)"]),
        (_with(reference={"start": "2024-01-01", "end": "2024-01-02"}), ["reference (period 2024-01-01 00:00:00 2024-01-03 00:00:00"]),
        (_with(thresholds={"psi": {"warn": 0.01, "alert": 0.02}}), ["thresholds ("]),
        (_with(drift_verdict={"mode": "effect_and_significance", "min_rows": 5}),
         ["drift_verdict (not recorded -> effect_and_significance min_rows 5)"]),
        (_with(reference={"same_weekday_windows": 1}), ["reference (period", "-> same_weekday_windows: windows 7 before)"]),
    ]
    for monitor, fragments in changes:
        run = build(monitors=[monitor])
        assert not run.success
        for fragment in ["monitor 'loans'", "changed since the last build", *fragments,
                         "dbt build --full-refresh --select package:model_monitor"]:
            assert fragment in run.messages, (fragment, run.messages[-3000:])
        # the refused run changed nothing (a mart without the check rewrites its windows the
        # weekly way, and the next daily run would hide it)
        for mart, before in kept.items():
            pd.testing.assert_frame_equal(table(mart), before, obj=f"{mart} after {fragments[0]}")
    # the old configuration still builds incrementally
    assert build(monitors=[GOOD]).success
    # a full refresh adopts the new configuration, after which it builds incrementally
    weekly = _with(window="week")
    assert build("--full-refresh", monitors=[weekly]).success
    assert build(monitors=[weekly]).success
    drift = engine.table("model_monitor__feature_drift")
    assert set(drift.window_start.dt.day_of_week) == {0}  # only weekly windows: none kept from the daily build
    # a monitor removed from the var is named
    run = build(monitors=[{**weekly, "name": "other"}])
    assert not run.success and "monitor 'loans'" in run.messages and "was removed from the model_monitor var" in run.messages
    # a key recorded only when set (drift_verdict) is a change when it is removed, too
    judged = _with(window="week", drift_verdict={"mode": "effect_and_significance"})
    assert build("--full-refresh", monitors=[judged]).success
    run = build(monitors=[weekly])
    assert not run.success and "drift_verdict (effect_and_significance min_rows 0 -> not set)" in run.messages, run.messages[-3000:]


# The drift mart with its parents, and the monitor state (the package's leaf, which records the
# configuration the next run compares with): what the p-value and state checks read, without the
# other marts (a Spark build's time grows with its models; the other marts' checks are the same
# macro, exercised by test_configuration_changes_stop_an_incremental_run on every mart).
DRIFT_AND_STATE = ("+model_monitor__feature_drift", "model_monitor__monitor_state")


def test_udfs_registered_after_the_first_build_stop_an_incremental_run(engine):
    """Registering the p-value UDFs after a first build without them (issue 13, item 2: the
    p-values came only for the windows recomputed next) stops the next plain build naming the
    change; a full refresh fills every window's p-values."""
    import dataclasses

    _load(engine)
    variables = {"model_monitor": {"monitors": [GOOD]}}
    without = (dataclasses.replace(engine, target="duckdb_no_udfs") if engine.name == "duckdb"
               else dataclasses.replace(engine, udf_python_path=""))
    assert without.dbt("build", "--select", *DRIFT_AND_STATE, vars=variables).success
    assert engine.table("model_monitor__feature_drift").ks_pvalue.isna().all()
    run = engine.dbt("build", "--select", *DRIFT_AND_STATE, vars=variables)
    assert not run.success
    for fragment in ["monitor 'loans'", "p_values (not registered -> registered)", "--full-refresh"]:
        assert fragment in run.messages, (fragment, run.messages[-3000:])
    assert engine.dbt("build", "--select", *DRIFT_AND_STATE, "--full-refresh", vars=variables).success
    drift = engine.table("model_monitor__feature_drift")
    assert drift[(drift.feature_type == "numeric") & (drift.row_count > 0)].ks_pvalue.notna().all()


@pytest.mark.spark
@pytest.mark.parametrize("engine", ["spark"], indirect=True)
def test_state_and_gate_messages_on_spark(engine):
    """Issue 13, items 2 and 6 on Spark, in as few builds as say it (a Spark build takes a
    while): a first build without the p-value UDFs; with them registered, a plain build stops
    naming that change; changed keys and a removed monitor stop it too; a failing mart gate logs
    its failing rows readably; a full refresh fills every window's p-values."""
    import re

    from dbt_harness import spark_session
    from model_monitor.spark import register_udfs
    from model_monitor.udf_registry import UDFS

    _load(engine)
    spark = spark_session()
    variables = {"model_monitor": {"monitors": [GOOD]}}
    build = ("build", "--select", *DRIFT_AND_STATE)
    try:
        for udf in UDFS:
            spark.sql(f"drop temporary function if exists {udf.sql_name}")
        assert engine.dbt(*build, vars=variables).success
    finally:
        register_udfs(spark)
    assert engine.table("model_monitor__feature_drift").ks_pvalue.isna().all()

    run = engine.dbt(*build, vars={"model_monitor": {"monitors": [_with(window="week", bins=5)]}})
    assert not run.success
    for fragment in ["monitor 'loans'", "changed since the last build", "window (day -> week)", "bins (10 -> 5)",
                     "p_values (not registered -> registered)", "dbt build --full-refresh --select package:model_monitor"]:
        assert fragment in run.messages, (fragment, run.messages[-3000:])
    run = engine.dbt(*build, vars={"model_monitor": {"monitors": [{**GOOD, "name": "other"}]}})
    assert not run.success and "monitor 'loans'" in run.messages and "was removed from the model_monitor var" in run.messages

    # the refused runs left the first build's marts: a gate on them fails and logs its rows
    run = engine.dbt("test", "--select", "tag:model_monitor_state_fixture", vars=variables)
    assert not run.success
    pattern = (r"model_monitor\.drift_within fail: monitor loans, window \d{4}-\d\d-\d\d[ 0-9:]*, "
               r"(car_value|region|__score__): psi [-0-9.e+]+ \(threshold 0\)")
    lines = {m.group(0) for m in re.finditer(pattern, run.messages)}  # printed and in dbt.log: once each
    drift = engine.table("model_monitor__feature_drift")
    assert len(lines) == min(20, int((drift.psi > 0).sum())) > 0, run.messages[-3000:]

    assert engine.dbt(*build, "--full-refresh", vars=variables).success
    drift = engine.table("model_monitor__feature_drift")
    assert drift[(drift.feature_type == "numeric") & (drift.row_count > 0)].ks_pvalue.notna().all()
