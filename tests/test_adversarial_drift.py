"""The helper's dbt comparison (out of tree): every drift statistic and histogram row, through dbt
on DuckDB and PostgreSQL, against tests/reference_stats.py; one build per reference kind."""
from __future__ import annotations

import collections
import math

import numpy as np
import pandas as pd
import pytest

import adversarial_data as oracle_data
from reference_stats import (expected_drift, expected_histograms, expected_learned_thresholds,
                                         finite_values, moving_reference_offsets)

ABSOLUTE = ["null_rate", "null_rate_increase", "new_category_rate", "reference_null_rate", "psi",
            "js_distance", "hellinger", "kl_divergence", "ks_statistic"]
SCALED = ["chi2_statistic"]
RELATIVE = ["ks_pvalue", "chi2_pvalue"]
EXACT = ["feature_type", "window_end", "row_count", "null_count", "invalid_count", "drift_status",
         "drift_reason", "reference_start", "reference_end", "reference_row_count", "drift_significant"]
HISTOGRAM_EXACT = ["feature_type", "bin_label", "lower_edge", "upper_edge", "row_count",
                   "period_row_count", "period_null_count", "period_invalid_count"]
DRIFT_KEY = ["feature_name", "window_start"]
HISTOGRAM_KEY = ["feature_name", "is_reference", "window_start", "window_end", "bin_index"]
_NULL_TIME = pd.Timestamp("1677-09-22")
# Wasserstein is built from running integrals of the reference CDF, whose magnitude is that of
# the data: rounding is relative to the largest |value|, not to the distance (a distance of
# exactly 0 between samples reaching 1e8 comes out near 1e-9). Measured: ~2e-17 of the scale.
WASSERSTEIN_DATA_SCALE = 1e-15


@pytest.fixture(scope="module")
def data():
    return oracle_data.predictions(), oracle_data.reference_relation()


def _null(v) -> bool:
    return v is None or v is pd.NaT or v is pd.NA or (isinstance(v, float) and math.isnan(v))


def _normal(v):
    if _null(v):
        return None
    if isinstance(v, (np.bool_, bool)):
        return bool(v)
    if isinstance(v, (np.integer, int)):
        return int(v)
    if isinstance(v, (np.floating, float)):
        return float(v)
    if isinstance(v, (pd.Timestamp, np.datetime64)) or hasattr(v, "isoformat"):
        return pd.Timestamp(v)
    return v


def _equal(actual, expected, tol) -> bool:
    a, e = _normal(actual), _normal(expected)
    if e is None or a is None:
        return a is None and e is None
    if tol is None or isinstance(e, (str, pd.Timestamp)):
        return a == e
    return abs(float(a) - float(e)) <= tol


def _keyed(df, key):
    out = {}
    for row in df.to_dict("records"):
        k = tuple(_NULL_TIME if _null(row[c]) else _normal(row[c]) for c in key)
        assert k not in out, f"duplicate key {k}"
        out[k] = row
    return out


def _scales(predictions, reference, monitor):
    columns = {(f["name"] if isinstance(f, dict) else f): (f["name"] if isinstance(f, dict) else f)
               for f in monitor["features"].get("numeric", [])}
    columns["__score__"] = monitor["score_column"]
    out = {}
    for name, column in columns.items():
        values = finite_values(list(predictions[column]) + list(reference[column]))
        out[name] = float(np.abs(values).max()) if values.size else 0.0
    return collections.defaultdict(float, out)


def _compare_drift(monitor, actual, expected, scale):
    problems = []
    got, want = _keyed(actual, DRIFT_KEY), _keyed(expected, DRIFT_KEY)
    for k in sorted(set(got) ^ set(want), key=str):
        problems.append(f"drift {monitor['name']} {k}: row {'missing' if k in want else 'unexpected'}")
    for k in sorted(set(got) & set(want), key=str):
        g, w = got[k], want[k]
        where = f"drift {monitor['name']} {k[0]!r} {k[1]}"
        # profile monitors: KS and Wasserstein within the bounds stored on the row, the KS
        # p-value from the approximation (tests/test_ks_pvalue_approx.py); the rest exact
        profile = monitor.get("distribution_statistics", "profile") == "profile" and moving_reference_offsets(monitor["reference"], monitor["window"]) is None
        ks_bound = float(g["ks_error_bound"]) if profile and not _null(g["ks_error_bound"]) else 0.0
        w_bound = float(g["wasserstein_error_bound"]) if profile and not _null(g["wasserstein_error_bound"]) else 0.0
        checks = ([(c, None) for c in EXACT] + [(c, 1e-9) for c in ABSOLUTE if c != "ks_statistic"]
                  + [("ks_statistic", ks_bound + 1e-9)]
                  + [(c, 1e-9 * max(1.0, abs(w[c] or 0.0))) for c in SCALED]
                  + [("wasserstein", w_bound * (1 + 1e-9) + 1e-9 * max(1.0, abs(w["wasserstein"] or 0.0))
                      + WASSERSTEIN_DATA_SCALE * scale[k[0]])]
                  + [(c, max(1e-9 * abs(w[c] or 0.0), 1e-300)) for c in RELATIVE
                     if not (profile and c == "ks_pvalue")])
        # exact mode: no KS bound; a Wasserstein bound only for the rounding at the data's scale
        # (16 machine epsilons of the largest |value|), where it exceeds 1e-9 of the distance
        if not profile and not _null(g["ks_statistic"]) and (
                g["ks_error_bound"] != 0 or g["wasserstein_error_bound"] > 16 * 2.3e-16 * 2 * max(1.0, scale[k[0]])):
            problems.append(f"{where}: an exact monitor has error bounds {g['ks_error_bound']}, {g['wasserstein_error_bound']}")
        for column, tol in checks:
            if not _equal(g[column], w[column], tol):
                problems.append(f"{where} {column}: actual {_normal(g[column])!r} != expected {w[column]!r}")
    return problems


def _compare_histograms(monitor, actual, expected):
    problems = []
    got, want = _keyed(actual, HISTOGRAM_KEY), _keyed(expected, HISTOGRAM_KEY)
    for k in sorted(set(got) ^ set(want), key=str):
        problems.append(f"histogram {monitor['name']} {k}: row {'missing' if k in want else 'unexpected'}")
    for k in sorted(set(got) & set(want), key=str):
        g, w = got[k], want[k]
        for column in HISTOGRAM_EXACT:
            if column == "bin_label" and w["feature_type"] == "numeric":
                ok = not _null(g[column])
            else:
                ok = _equal(g[column], w[column], None)
            if not ok:
                problems.append(f"histogram {monitor['name']} {k} {column}: actual {_normal(g[column])!r} "
                                f"!= expected {w[column]!r}")
    return problems


def _compare_learned(actual, expected):
    """model_monitor__learned_thresholds against the oracle's: the window count exactly, the
    mean, standard deviation and thresholds to 1e-9 (relative above 1), sigmas exactly."""
    key = ["monitor_name", "feature_name", "metric_name"]
    got, want = _keyed(actual, key), _keyed(expected, key)
    problems = [f"learned {k}: row {'missing' if k in want else 'unexpected'}" for k in sorted(set(got) ^ set(want), key=str)]
    for k in sorted(set(got) & set(want), key=str):
        g, w = got[k], want[k]
        for column in ["reference_windows", "warn_sigmas", "alert_sigmas", "mean_value", "sd_value",
                       "warn_threshold", "alert_threshold"]:
            tol = None if column == "reference_windows" else 1e-9 * max(1.0, abs(w[column] or 0.0))
            if not _equal(g[column], w[column], tol):
                problems.append(f"learned {k} {column}: actual {_normal(g[column])!r} != expected {w[column]!r}")
    return problems


def _compare_metric_statuses(metrics, drift):
    """The long metrics table judges each feature and window as drift_status does (the verdict
    monitor included: its gated effects and p-values are ok there too): the worst status of a
    window's drift and data quality rows is its drift_status."""
    rank = {"no_data": 0, "ok": 1, "warn": 2, "alert": 3}
    rows = metrics[metrics.metric_group.isin(["drift", "data_quality"])]
    worst = {}
    for r in rows.itertuples():
        key = (r.monitor_name, r.subject, pd.Timestamp(r.window_start))
        worst[key] = max(worst.get(key, "no_data"), r.status, key=rank.get)
    problems = []
    for r in drift.itertuples():
        key = (r.monitor_name, r.feature_name, pd.Timestamp(r.window_start))
        if worst.get(key, "no_data") != r.drift_status:
            problems.append(f"metrics {key}: worst status {worst.get(key)!r} != drift_status {r.drift_status!r}")
    return problems


@pytest.mark.parametrize("kind", oracle_data.KINDS)
def test_drift_and_histograms_equal_the_oracle(engine, data, kind):
    predictions, reference = data
    types = oracle_data.sql_types(engine.name)
    engine.load_table(engine.oracle_schema, "predictions", predictions, types=types)
    if kind == "relation":
        engine.load_table(engine.oracle_schema, "reference", reference, types=types)
    monitors = oracle_data.monitors(kind)
    # the marts read below, with their parents (and the package's own tests on them)
    run = engine.dbt("build", "--select", "+model_monitor__metrics", "+model_monitor__feature_histograms",
                     vars={"model_monitor": {"monitors": monitors}})
    assert run.success, run.messages[-8000:]
    drift = engine.table("model_monitor__feature_drift")
    histograms = engine.table("model_monitor__feature_histograms")
    assert drift.ks_pvalue.notna().any() and drift.chi2_pvalue.notna().any(), "p-values missing"
    problems = []
    for monitor in monitors:
        ref = reference if kind == "relation" else None
        problems += _compare_drift(monitor, drift[drift.monitor_name == monitor["name"]],
                                   expected_drift(predictions, monitor, ref, pvalues=True),
                                   _scales(predictions, reference, monitor))
        problems += _compare_histograms(monitor, histograms[histograms.monitor_name == monitor["name"]],
                                        expected_histograms(predictions, monitor, ref))
    assert set(drift.monitor_name) == {m["name"] for m in monitors}
    problems += _compare_metric_statuses(engine.table("model_monitor__metrics"), drift)
    problems += _compare_learned(engine.table("model_monitor__learned_thresholds"),
                                 pd.concat([expected_learned_thresholds(predictions, m) for m in monitors]
                                           + [pd.DataFrame(columns=["monitor_name"])], ignore_index=True))
    print(f"compared {len(drift)} drift rows, {len(histograms)} histogram rows")
    assert not problems, f"{len(problems)} mismatches:\n" + "\n".join(problems[:80])
