"""Reference implementations (numpy/scipy) of every statistic the package computes in SQL.

Written from the definitions in INTERFACE.md and the README, on raw values, never from the
package's own output. ``None`` is SQL NULL; float NaN and infinities are invalid values.
"""
from __future__ import annotations

import math
from collections import Counter

import numpy as np
import pandas as pd
from scipy import stats
from scipy.spatial.distance import jensenshannon

import metric_catalogue
from adversarial_reference_stats import moving_reference_mask

__all__ = ["interface_psi", "numeric_edges", "categorical_bins", "window_statistics", "expected_drift"]

EPS = 1e-6
# from the package's metric catalogue (macros/config/metric_catalogue.sql), never copied
DEFAULT_THRESHOLDS = metric_catalogue.DRIFT_DEFAULT_THRESHOLDS
METRIC_ORDER = metric_catalogue.DRIFT_RULE_ORDER
LOWER_IS_WORSE = metric_catalogue.LOWER_IS_WORSE
WINDOW_LENGTH = {"hour": pd.Timedelta(hours=1), "day": pd.Timedelta(days=1), "week": pd.Timedelta(weeks=1)}


def interface_psi(expected, actual, bins=10, eps=1e-6):
    """INTERFACE.md's reference function, verbatim: the definition every PSI is checked against."""
    quantiles = np.quantile(expected, np.linspace(0, 1, bins + 1))
    quantiles[0], quantiles[-1] = -np.inf, np.inf

    def hist(x):
        counts, _ = np.histogram(x, bins=quantiles)
        p = counts / max(counts.sum(), 1)
        return np.clip(p, eps, 1)

    e, a = hist(expected), hist(actual)
    return np.sum((a - e) * np.log(a / e))


def _is_null(v) -> bool:
    return v is None or v is pd.NA or v is pd.NaT


def _finite(values) -> np.ndarray:
    out = np.array([float(v) for v in values if not _is_null(v)], dtype=float)
    return out[np.isfinite(out)]


def _as_category(v):
    if _is_null(v):
        return None
    if isinstance(v, (bool, np.bool_)):
        return "true" if v else "false"
    return str(v)


def numeric_edges(reference, bins: int) -> np.ndarray:
    """Quantile edges of the reference's finite values (numpy linear), -inf/+inf outermost,
    duplicates merged; [-inf, inf] when the reference has no finite value."""
    r = _finite(reference)
    if r.size == 0:
        return np.array([-np.inf, np.inf])
    q = np.quantile(r, np.linspace(0, 1, bins + 1))
    q[0], q[-1] = -np.inf, np.inf
    return np.unique(q)


def categorical_bins(reference, top_k: int) -> tuple[list[str], dict[str, int], int]:
    """(labels, category -> bin index, unseen index): top_k by count then code point, one
    __other__ bin when the reference has more categories, a last __unseen__ bin."""
    counts = Counter(c for c in map(_as_category, reference) if c is not None)
    ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    top = [c for c, _ in ordered[:top_k]]
    index = {c: i for i, c in enumerate(top)}
    labels = list(top)
    if len(ordered) > top_k:
        for c, _ in ordered[top_k:]:
            index[c] = len(top)
        labels.append("__other__")
    labels.append("__unseen__")
    return labels, index, len(labels) - 1


def _categorical_counts(values, index: dict[str, int], unseen: int) -> np.ndarray:
    counts = np.zeros(unseen + 1, dtype=np.int64)
    for c in map(_as_category, values):
        if c is not None:
            counts[index.get(c, unseen)] += 1
    return counts


def _levels(values: dict, thresholds: dict) -> dict:
    levels = {}
    for metric, limits in thresholds.items():
        v = values.get(metric)
        if v is None or (isinstance(v, float) and math.isnan(v)):
            continue
        breached = (lambda t: v <= t) if metric in LOWER_IS_WORSE else (lambda t: v >= t)
        if limits.get("alert") is not None and breached(limits["alert"]):
            levels[metric] = 2
        elif limits.get("warn") is not None and breached(limits["warn"]):
            levels[metric] = 1
        else:
            levels[metric] = 0
    return levels


def window_statistics(feature_type: str, window_values, reference_values, bins: int, top_k: int,
                      thresholds: dict, pvalues: bool = True) -> dict:
    """Every column of model_monitor__feature_drift for one feature and window."""
    window_values, reference_values = list(window_values), list(reference_values)
    row_count = len(window_values)
    null_count = sum(_is_null(v) for v in window_values)
    out: dict = {"row_count": row_count, "null_count": null_count,
                 "null_rate": null_count / row_count if row_count else None}
    ref_nulls = sum(_is_null(v) for v in reference_values)
    ref_null_rate = ref_nulls / len(reference_values) if reference_values else None
    out["null_rate_increase"] = (out["null_rate"] - ref_null_rate
                                 if out["null_rate"] is not None and ref_null_rate is not None else None)
    if feature_type == "numeric":
        edges = numeric_edges(reference_values, bins)
        a_counts = np.histogram(_finite(window_values), bins=edges)[0]
        e_counts = np.histogram(_finite(reference_values), bins=edges)[0]
        out["invalid_count"] = sum(not _is_null(v) and not math.isfinite(float(v)) for v in window_values)
        out["new_category_rate"] = None
        w, r = _finite(window_values), _finite(reference_values)
        if w.size and r.size:
            ks = stats.ks_2samp(r, w, method="auto")
            out.update(ks_statistic=float(ks.statistic), ks_pvalue=float(ks.pvalue) if pvalues else None,
                       wasserstein=float(stats.wasserstein_distance(r, w)))
        else:
            out.update(ks_statistic=None, ks_pvalue=None, wasserstein=None)
        out.update(chi2_statistic=None, chi2_pvalue=None)
    else:
        labels, index, unseen = categorical_bins(reference_values, top_k)
        a_counts = _categorical_counts(window_values, index, unseen)
        e_counts = _categorical_counts(reference_values, index, unseen)
        out["invalid_count"] = 0
        out["new_category_rate"] = a_counts[unseen] / a_counts.sum() if a_counts.sum() else None
        out.update(ks_statistic=None, ks_pvalue=None, wasserstein=None)
        if a_counts.sum() and e_counts.sum():
            table = np.array([e_counts, a_counts])
            table = table[:, table.sum(axis=0) > 0]
            res = stats.chi2_contingency(table, correction=False)
            out.update(chi2_statistic=float(res.statistic), chi2_pvalue=float(res.pvalue) if pvalues else None)
        else:
            out.update(chi2_statistic=None, chi2_pvalue=None)
    out["window_counts"], out["reference_counts"] = a_counts, e_counts
    if a_counts.sum() and e_counts.sum():
        a, e = a_counts / a_counts.sum(), e_counts / e_counts.sum()
        ac, ec = np.clip(a, EPS, 1), np.clip(e, EPS, 1)
        out.update(psi=float(np.sum((ac - ec) * np.log(ac / ec))),
                   js_distance=float(jensenshannon(e, a, base=2)),
                   hellinger=float(np.sqrt(np.sum((np.sqrt(e) - np.sqrt(a)) ** 2)) / np.sqrt(2)),
                   kl_divergence=float(stats.entropy(ac, ec)))
    else:
        out.update(psi=None, js_distance=None, hellinger=None, kl_divergence=None)
    if row_count == 0 or e_counts.sum() == 0:
        out["drift_status"], out["drift_reason"] = "no_data", None
    else:
        levels = _levels(out, thresholds)
        worst = max(levels.values(), default=0)
        out["drift_status"] = ["ok", "warn", "alert"][worst]
        # every breached rule: alert-level ones first, each level in METRIC_ORDER
        out["drift_reason"] = ", ".join(m for level in (2, 1) for m in METRIC_ORDER if levels.get(m) == level) or None
    return out


def _window_start(ts: pd.Series, window: str) -> pd.Series:
    if window == "week":
        return ts.dt.to_period("W-SUN").dt.start_time
    return ts.dt.floor({"hour": "h", "day": "D"}[window])


def _thresholds(monitor: dict, feature) -> dict:
    merged = {k: dict(v) for k, v in DEFAULT_THRESHOLDS.items()}
    for source in (monitor.get("thresholds") or {}, feature.get("thresholds") or {} if isinstance(feature, dict) else {}):
        for metric, limits in source.items():
            if limits is None:
                merged.pop(metric, None)
            else:
                merged.setdefault(metric, {}).update(limits)
    return merged


def expected_drift(predictions: pd.DataFrame, monitor: dict, reference: pd.DataFrame | None = None,
                   pvalues: bool = True) -> pd.DataFrame:
    """The model_monitor__feature_drift rows of one monitor, computed from the raw frames."""
    ts = pd.to_datetime(predictions[monitor["timestamp_column"]])
    if getattr(ts.dt, "tz", None) is not None:
        ts = ts.dt.tz_convert("UTC").dt.tz_localize(None)
    window = monitor["window"]
    starts = _window_start(ts, window)
    length = WINDOW_LENGTH[window]
    spine = pd.date_range(starts.min(), starts.max(), freq=length)
    bins, top_k = monitor.get("bins", 10), monitor.get("top_k", 20)
    ref_spec = monitor["reference"]
    rows = []
    features = {t: list(monitor["features"].get(t, [])) for t in ("numeric", "categorical")}
    if "relation" not in ref_spec:  # the score's own drift, as the pseudo-feature __score__
        features["numeric"].append("__score__")
    for feature_type in ("numeric", "categorical"):
        for feature in features[feature_type]:
            name = feature["name"] if isinstance(feature, dict) else feature
            thresholds = _thresholds(monitor, feature)
            column = predictions[monitor["score_column"] if name == "__score__" else name]
            for w in spine:
                if "start" in ref_spec:
                    mask = (ts >= pd.Timestamp(ref_spec["start"])) & (ts < pd.Timestamp(ref_spec["end"]))
                    ref_values = column[mask]
                elif "relation" in ref_spec:
                    ref_values = reference[name]
                else:
                    ref_values = column[moving_reference_mask(starts, w, ref_spec, window)]
                result = window_statistics(feature_type, column[starts == w].tolist(), ref_values.tolist(),
                                           bins, top_k, thresholds, pvalues)
                rows.append({"monitor_name": monitor["name"], "feature_name": name,
                             "feature_type": feature_type, "window_start": w, **result})
    return pd.DataFrame(rows)
