"""Reference implementations (numpy/scipy) of the drift statistics the package computes in SQL.

This is the tests' one oracle of drift (test_oracle_drift.py, test_adversarial_drift.py, the gates,
look-alike values, profile accuracy, operational SLIs). It is written from the definitions
(docs/statistics.md, the thresholds in the metric catalogue), on raw Python values, never from the
package's own output, and is itself tested in ``tests/test_reference_stats.py``.

Conventions for raw values
--------------------------
- ``None`` (also ``pandas.NA`` and ``pandas.NaT``) is SQL NULL.
- For numeric features a float NaN, ``+inf`` or ``-inf`` is an *invalid* value: counted in
  ``invalid_count``, never binned. Only finite values are binned.
- For categorical features values are compared as the strings SQL's ``cast(... as varchar)``
  gives: booleans ``'true'``/``'false'``, integers as plain decimal text, strings unchanged. A
  float NaN in a categorical column is NULL (the loader in ``tests/loading.py`` only keeps
  NaN in float columns, and categorical test columns are never float).

Timestamps are UTC: a time-zone-aware timestamp is converted to UTC, a naive one is taken as UTC.
A window is the timestamp truncated to the hour, day or ISO week (Monday 00:00).
"""
from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from typing import Any, Iterable, Mapping

import numpy as np
import pandas as pd
from scipy import stats
from scipy.spatial.distance import jensenshannon

import metric_catalogue

__all__ = [
    "interface_psi", "EPS", "DEFAULT_THRESHOLDS", "METRIC_ORDER", "LOWER_IS_WORSE", "SCORE_FEATURE", "WINDOW_LENGTH",
    "is_null", "finite_values", "as_category",
    "numeric_edges", "numeric_counts", "CategoricalBins", "categorical_bins", "categorical_counts",
    "shares", "psi", "js_distance", "hellinger", "kl_divergence", "ks_2samp", "wasserstein",
    "chi2", "feature_thresholds", "drift_status", "window_stats", "window_start", "utc_timestamps",
    "reference_periods", "expected_drift", "expected_histograms",
]

EPS = 1e-6
"""Shares are clipped to ``[EPS, 1]`` for PSI and KL divergence."""

DEFAULT_THRESHOLDS: dict[str, dict[str, float]] = metric_catalogue.DRIFT_DEFAULT_THRESHOLDS
"""The package defaults, read from its metric catalogue (``macros/config/metric_catalogue.sql``)."""

METRIC_ORDER = metric_catalogue.DRIFT_RULE_ORDER
"""Metrics a threshold may name, in the order ``drift_reason`` reports them (catalogue order)."""

LOWER_IS_WORSE = frozenset(metric_catalogue.LOWER_IS_WORSE)
"""Metrics breached at or *below* their thresholds."""

SCORE_FEATURE = "__score__"
"""Pseudo-feature: the score column, monitored as a numeric feature unless the reference is a
relation."""

WINDOW_LENGTH = {"hour": pd.Timedelta(hours=1), "day": pd.Timedelta(days=1),
                 "week": pd.Timedelta(weeks=1)}

_LEVELS = ("ok", "warn", "alert")


def interface_psi(expected, actual, bins=10, eps=1e-6):
    """The founding interface's reference function for PSI, verbatim: the definition every PSI
    is checked against (tests/test_reference_stats.py)."""
    quantiles = np.quantile(expected, np.linspace(0, 1, bins + 1))
    quantiles[0], quantiles[-1] = -np.inf, np.inf

    def hist(x):
        counts, _ = np.histogram(x, bins=quantiles)
        p = counts / max(counts.sum(), 1)
        return np.clip(p, eps, 1)

    e, a = hist(expected), hist(actual)
    return np.sum((a - e) * np.log(a / e))


# -- raw values -----------------------------------------------------------------------------

def is_null(value: Any) -> bool:
    """Whether a raw value is SQL NULL (``None``, ``pd.NA`` or ``pd.NaT``)."""
    return value is None or value is pd.NA or value is pd.NaT


def _as_float(value: Any) -> float | None:
    return None if is_null(value) else float(value)


def finite_values(values: Iterable[Any]) -> np.ndarray:
    """The finite values among raw numeric values, as float64 (NULL, NaN and infinities dropped).

    Parameters
    ----------
    values : iterable
        Raw values: numbers, ``None`` for NULL, NaN or infinities for invalid values.

    Returns
    -------
    numpy.ndarray
        The finite values cast to double, in input order.
    """
    out = np.array([float(v) for v in values if not is_null(v)], dtype=float)
    return out[np.isfinite(out)]


def _is_invalid(value: Any) -> bool:
    return not is_null(value) and not math.isfinite(float(value))


def as_category(value: Any) -> str | None:
    """A raw categorical value as SQL's cast to string renders it, or ``None`` for NULL.

    Booleans become ``'true'``/``'false'``, integers plain decimal text, strings are unchanged;
    a float NaN is NULL (see the module docstring).
    """
    if is_null(value) or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, (bool, np.bool_)):
        return "true" if value else "false"
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    return str(value)


# -- bins -----------------------------------------------------------------------------------

def numeric_edges(reference: Iterable[Any], bins: int = 10) -> np.ndarray:
    """Bin edges of a numeric feature from its reference values.

    ``q = np.quantile(r, np.linspace(0, 1, bins + 1))`` on the reference's finite values ``r``
    (linear interpolation), then ``q[0], q[-1] = -inf, inf`` and duplicate edges merged
    (``np.unique``). Bin ``i`` is ``[edges[i], edges[i + 1])``.

    Parameters
    ----------
    reference : iterable
        Raw reference values (NULL, NaN and infinities are ignored).
    bins : int
        Number of quantile bins before duplicates are merged.

    Returns
    -------
    numpy.ndarray
        Increasing edges starting at ``-inf`` and ending at ``inf``; ``[-inf, inf]`` (one bin)
        when the reference has no finite value.
    """
    r = finite_values(reference)
    if r.size == 0:
        return np.array([-np.inf, np.inf])
    q = np.quantile(r, np.linspace(0, 1, bins + 1))
    q[0], q[-1] = -np.inf, np.inf
    return np.unique(q)


def numeric_counts(values: Iterable[Any], edges: np.ndarray) -> np.ndarray:
    """Counts of the finite values per bin ``[edges[i], edges[i + 1])``.

    Parameters
    ----------
    values : iterable
        Raw values; NULL, NaN and infinities are not binned.
    edges : numpy.ndarray
        Edges from :func:`numeric_edges` (outermost ``-inf`` and ``inf``).

    Returns
    -------
    numpy.ndarray of int64
        ``np.histogram(finite_values(values), bins=edges)[0]``, length ``len(edges) - 1``.
    """
    counts, _ = np.histogram(finite_values(values), bins=np.asarray(edges, dtype=float))
    return counts.astype(np.int64)


@dataclass(frozen=True)
class CategoricalBins:
    """The bins of a categorical feature, defined by its reference.

    Attributes
    ----------
    labels : list of str
        ``bin_label`` per bin index: the top-k categories, then ``'__other__'`` (only when the
        reference has more than k categories), then ``'__unseen__'``.
    index : dict
        Every reference category -> its bin index (the ``__other__`` index for the rest).
    """

    labels: list[str]
    index: dict[str, int]

    @property
    def unseen(self) -> int:
        """Index of the ``__unseen__`` bin (always the last)."""
        return len(self.labels) - 1

    def bin_of(self, category: str) -> int:
        """Bin index of a (non-null, string) category."""
        return self.index.get(category, self.unseen)


def categorical_bins(reference: Iterable[Any], top_k: int = 20) -> CategoricalBins:
    """Bins of a categorical feature from its reference values.

    Non-null reference categories are ordered by count (descending), then by the category
    string (ascending, Python ``str`` order = code point order = PostgreSQL's C collation). The
    first ``top_k`` get bins ``0..k-1``; when there are more, bin ``k`` is ``__other__`` for the
    remaining reference categories; the last bin is always ``__unseen__``.

    Parameters
    ----------
    reference : iterable
        Raw reference values (see :func:`as_category`; NULL is not a category).
    top_k : int
        Categories with a bin of their own.

    Returns
    -------
    CategoricalBins
    """
    counts = Counter(c for c in map(as_category, reference) if c is not None)
    ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    index = {c: i for i, (c, _) in enumerate(ordered[:top_k])}
    labels = [value_label(c) for c, _ in ordered[:top_k]]
    if len(ordered) > top_k:
        index.update({c: top_k for c, _ in ordered[top_k:]})
        labels.append("__other__")
    labels.append("__unseen__")
    return CategoricalBins(labels, index)


def value_label(value: str) -> str:
    """The label shown for a real category or segment value: double-quoted (quotes doubled) when
    it starts with two underscores or a double quote, so that it never equals one of the package's
    own labels ('__other__', '__unseen__', '__null__', ...); else the value itself."""
    if value.startswith("__") or value.startswith('"'):
        return '"' + value.replace('"', '""') + '"'
    return value


def categorical_counts(values: Iterable[Any], bins: CategoricalBins) -> np.ndarray:
    """Counts of the non-null values per categorical bin (unseen categories in ``__unseen__``).

    Parameters
    ----------
    values : iterable
        Raw values; NULL is not binned.
    bins : CategoricalBins
        From :func:`categorical_bins`.

    Returns
    -------
    numpy.ndarray of int64
        One count per label of ``bins``.
    """
    counts = np.zeros(len(bins.labels), dtype=np.int64)
    for c in map(as_category, values):
        if c is not None:
            counts[bins.bin_of(c)] += 1
    return counts


# -- distances on bin counts ----------------------------------------------------------------

def shares(counts: Iterable[float]) -> np.ndarray | None:
    """Bin counts as shares summing to 1, or ``None`` when there is no count at all."""
    c = np.asarray(counts, dtype=float)
    total = c.sum()
    return None if total <= 0 else c / total


def _pair(e_counts, a_counts):
    e, a = shares(e_counts), shares(a_counts)
    if e is None or a is None:
        return None, None
    if e.shape != a.shape:
        raise ValueError(f"reference and window have different bins: {e.shape} != {a.shape}")
    return e, a


def psi(e_counts: Iterable[float], a_counts: Iterable[float], eps: float = EPS) -> float | None:
    """Population stability index ``sum((a' - e') * ln(a' / e'))``.

    ``a'`` and ``e'`` are the window and reference shares clipped to ``[eps, 1]`` (not
    renormalised).

    Parameters
    ----------
    e_counts, a_counts : array_like
        Reference (expected) and window (actual) counts over the same bins.
    eps : float
        Lower clip of the shares.

    Returns
    -------
    float or None
        ``None`` when either side has no binned value.
    """
    e, a = _pair(e_counts, a_counts)
    if e is None:
        return None
    ec, ac = np.clip(e, eps, 1), np.clip(a, eps, 1)
    return float(np.sum((ac - ec) * np.log(ac / ec)))


def js_distance(e_counts: Iterable[float], a_counts: Iterable[float]) -> float | None:
    """Jensen-Shannon distance ``scipy.spatial.distance.jensenshannon(e, a, base=2)``.

    On the unclipped shares; in ``[0, 1]``. ``None`` when either side has no binned value.
    """
    e, a = _pair(e_counts, a_counts)
    if e is None:
        return None
    return float(jensenshannon(e, a, base=2))


def hellinger(e_counts: Iterable[float], a_counts: Iterable[float]) -> float | None:
    """Hellinger distance ``sqrt(sum((sqrt(e) - sqrt(a))**2)) / sqrt(2)`` on the unclipped shares.

    In ``[0, 1]``. ``None`` when either side has no binned value.
    """
    e, a = _pair(e_counts, a_counts)
    if e is None:
        return None
    return float(np.sqrt(np.sum((np.sqrt(e) - np.sqrt(a)) ** 2)) / np.sqrt(2))


def kl_divergence(e_counts: Iterable[float], a_counts: Iterable[float],
                  eps: float = EPS) -> float | None:
    """KL divergence of the window from the reference, ``scipy.stats.entropy(a', e')``.

    On the shares clipped to ``[eps, 1]``; scipy renormalises both to sum 1 before the sum.
    ``None`` when either side has no binned value.
    """
    e, a = _pair(e_counts, a_counts)
    if e is None:
        return None
    return float(stats.entropy(np.clip(a, eps, 1), np.clip(e, eps, 1)))


def chi2(e_counts: Iterable[float], a_counts: Iterable[float],
         pvalue: bool = True) -> tuple[float | None, float | None]:
    """Chi-square test of the 2 x K reference-vs-window table of bin counts.

    ``scipy.stats.chi2_contingency(table, correction=False)`` after dropping columns (bins)
    empty on both sides. ``(None, None)`` when either side has no binned value.

    Returns
    -------
    (statistic, pvalue) : tuple of float or None
        ``pvalue`` is ``None`` when ``pvalue=False``.
    """
    e_counts, a_counts = np.asarray(e_counts), np.asarray(a_counts)
    if e_counts.sum() == 0 or a_counts.sum() == 0:
        return None, None
    table = np.array([e_counts, a_counts])
    table = table[:, table.sum(axis=0) > 0]
    res = stats.chi2_contingency(table, correction=False)
    return float(res.statistic), (float(res.pvalue) if pvalue else None)


# -- distances on raw values ----------------------------------------------------------------

def ks_2samp(reference: Iterable[Any], values: Iterable[Any],
             pvalue: bool = True) -> tuple[float | None, float | None]:
    """``scipy.stats.ks_2samp(reference, current, method='auto')`` on the finite values.

    ``(None, None)`` when either side has no finite value.
    """
    r, w = finite_values(reference), finite_values(values)
    if r.size == 0 or w.size == 0:
        return None, None
    res = stats.ks_2samp(r, w, method="auto")
    return float(res.statistic), (float(res.pvalue) if pvalue else None)


def wasserstein(reference: Iterable[Any], values: Iterable[Any]) -> float | None:
    """``scipy.stats.wasserstein_distance(reference, current)`` on the finite values."""
    r, w = finite_values(reference), finite_values(values)
    if r.size == 0 or w.size == 0:
        return None
    return float(stats.wasserstein_distance(r, w))


# -- thresholds and status ------------------------------------------------------------------

def _merge_thresholds(base: dict, overrides: Mapping | None) -> dict:
    merged = {k: dict(v) for k, v in base.items()}
    for metric, limits in (overrides or {}).items():
        if limits is None:
            merged.pop(metric, None)  # `metric: null` switches the rule off
        elif "method" in limits or "method" in merged.get(metric, {}):
            merged[metric] = dict(limits)  # learned and fixed thresholds replace each other whole
        else:
            merged.setdefault(metric, {}).update(limits)
    return merged


LEARNABLE = ("psi", "js_distance", "hellinger", "kl_divergence", "chi2_statistic")


def binned_statistics(feature_type: str, window_values: list, rest_values: list,
                      reference_values: list, bins: int, top_k: int) -> dict:
    """The binned statistics (:data:`LEARNABLE`) of ``window_values`` against ``rest_values``,
    both counted in the bins of ``reference_values`` (edges or top-K categories)."""
    if feature_type == "numeric":
        edges = numeric_edges(reference_values, bins)
        a, e = numeric_counts(window_values, edges), numeric_counts(rest_values, edges)
        chi2_statistic = None
    else:
        cat_bins = categorical_bins([as_category(v) for v in reference_values], top_k)
        a = categorical_counts([as_category(v) for v in window_values], cat_bins)
        e = categorical_counts([as_category(v) for v in rest_values], cat_bins)
        chi2_statistic = chi2(e, a, False)[0]
    return {"psi": psi(e, a), "js_distance": js_distance(e, a), "hellinger": hellinger(e, a),
            "kl_divergence": kl_divergence(e, a), "chi2_statistic": chi2_statistic}


def learned_thresholds(feature_type: str, values: list, starts: pd.Series, ts: pd.Series,
                       monitor: Mapping, thresholds: Mapping) -> tuple[dict, list[dict]]:
    """Resolve ``{method: reference_variability, warn_sigmas, alert_sigmas (or sigmas)}`` entries
    of ``thresholds`` for one feature of a monitor with a fixed reference period.

    Every window lying wholly inside the period is compared with the rest of the period (the
    period's values minus the window's), in the period's bins; over the windows where the
    statistic is not NULL, warn = mean + warn_sigmas * sd and alert = mean + alert_sigmas * sd,
    sd with ddof=1; no threshold with fewer than 2 such windows or with sd 0 (<= 1e-12). Returns the thresholds with
    fixed {warn, alert} in place of the learned entries, and one row per learned metric
    (the columns of ``model_monitor__learned_thresholds`` but the names)."""
    learned = {m: spec for m, spec in thresholds.items() if "method" in spec}
    if not learned:
        return dict(thresholds), []
    ref = monitor["reference"]
    start, end = pd.Timestamp(ref["start"]), pd.Timestamp(ref["end"])
    length = WINDOW_LENGTH[monitor["window"]]
    in_ref = ((ts >= start) & (ts < end)).to_numpy()
    reference_values = [values[i] for i in np.flatnonzero(in_ref)]
    stats_by_window = []
    for w in sorted(set(starts[in_ref])):
        if w < start or w + length > end:
            continue
        in_window = (starts == w).to_numpy()
        window_values = [values[i] for i in np.flatnonzero(in_window)]
        rest = [values[i] for i in np.flatnonzero(in_ref & ~in_window)]
        stats_by_window.append(binned_statistics(feature_type, window_values, rest, reference_values,
                                                 monitor.get("bins", 10), monitor.get("top_k", 20)))
    out = {m: v for m, v in thresholds.items() if m not in learned}
    rows = []
    for metric, spec in learned.items():
        xs = np.array([s[metric] for s in stats_by_window if s[metric] is not None], dtype=float)
        warn_sigmas = spec.get("warn_sigmas")
        alert_sigmas = spec.get("alert_sigmas", spec.get("sigmas"))
        mean = float(xs.mean()) if xs.size else None
        sd = float(xs.std(ddof=1)) if xs.size >= 2 else None
        levels = {}
        for level, k in (("warn", warn_sigmas), ("alert", alert_sigmas)):
            if k is not None and sd is not None and sd > 1e-12:  # sd 0: no threshold
                levels[level] = mean + k * sd
        out[metric] = levels
        rows.append({"metric_name": metric, "reference_windows": int(xs.size), "mean_value": mean,
                     "sd_value": sd, "warn_sigmas": warn_sigmas, "alert_sigmas": alert_sigmas,
                     "warn_threshold": levels.get("warn"), "alert_threshold": levels.get("alert")})
    return out, rows


def feature_thresholds(monitor: Mapping, feature: str | Mapping | None = None) -> dict:
    """The thresholds applying to one feature: feature override > monitor > package defaults.

    Overrides merge per metric and level (``{psi: {warn: 0.2}}`` keeps the default alert);
    ``metric: None`` switches a rule off.

    Parameters
    ----------
    monitor : mapping
        The monitor config (its optional ``thresholds``).
    feature : str or mapping, optional
        A feature entry of the config; a mapping may carry ``thresholds``.

    Returns
    -------
    dict
        ``{metric: {'warn': x, 'alert': y}}`` (either level may be absent).
    """
    merged = _merge_thresholds(DEFAULT_THRESHOLDS, monitor.get("thresholds"))
    if isinstance(feature, Mapping):
        merged = _merge_thresholds(merged, feature.get("thresholds"))
    return merged


def _level(metric: str, value: float, limits: Mapping) -> int:
    def breached(t):
        return value <= t if metric in LOWER_IS_WORSE else value >= t
    if limits.get("alert") is not None and breached(limits["alert"]):
        return 2
    if limits.get("warn") is not None and breached(limits["warn"]):
        return 1
    return 0


PVALUES = ("ks_pvalue", "chi2_pvalue")
EFFECTS = tuple(m for m in metric_catalogue.names(group="drift") if m not in PVALUES)
"""The drift effect sizes that ``drift_verdict: effect_and_significance`` gates on a p-value."""


def drift_significant(values: Mapping[str, Any], thresholds: Mapping[str, Mapping],
                      verdict: Mapping | None, feature_type: str) -> bool | None:
    """Under ``drift_verdict: {mode: effect_and_significance, min_rows: n}``: whether the window
    has at least ``n`` rows and its p-value (``ks_pvalue`` for a numeric feature, ``chi2_pvalue``
    for a categorical one) is at or below that p-value's threshold (warn, else alert). ``None``
    without that mode; ``False`` when the p-value is NULL."""
    if not verdict or verdict.get("mode", "any_rule") == "any_rule":
        return None
    metric = "ks_pvalue" if feature_type == "numeric" else "chi2_pvalue"
    p, limits = values.get(metric), thresholds.get(metric) or {}
    level = limits.get("warn") if limits.get("warn") is not None else limits.get("alert")
    if p is None or (isinstance(p, float) and math.isnan(p)) or level is None:
        return False
    return values["row_count"] >= verdict.get("min_rows", 0) and p <= level


def drift_status(values: Mapping[str, Any], thresholds: Mapping[str, Mapping],
                 no_data: bool = False, verdict: Mapping | None = None,
                 feature_type: str = "numeric") -> tuple[str, str | None]:
    """``(drift_status, drift_reason)`` of one feature and window.

    ``'no_data'`` (reason ``None``) when ``no_data``; otherwise the worst level over the rules
    whose value is not NULL: value >= alert -> 'alert', >= warn -> 'warn', else 'ok' (<= for
    p-values). The reason lists every breached rule, ', '-separated: the alert-level ones, then
    the warn-level ones, each in :data:`METRIC_ORDER`; ``None`` when no rule breached.
    With ``verdict`` ``{mode: effect_and_significance}``, the :data:`EFFECTS` count only where
    :func:`drift_significant` holds and the p-values never count.
    """
    if no_data:
        return "no_data", None
    gated = bool(verdict) and verdict.get("mode", "any_rule") == "effect_and_significance"
    significant = drift_significant(values, thresholds, verdict, feature_type)
    levels = {}
    for metric, limits in thresholds.items():
        v = values.get(metric)
        if v is None or (isinstance(v, float) and math.isnan(v)):
            continue
        if gated and (metric in PVALUES or (metric in EFFECTS and not significant)):
            continue
        levels[metric] = _level(metric, v, limits)
    worst = max(levels.values(), default=0)
    breached = [m for level in (2, 1) for m in METRIC_ORDER if levels.get(m) == level]
    return _LEVELS[worst], ", ".join(breached) or None


# -- one feature and window -----------------------------------------------------------------

def window_stats(feature_type: str, window_values: Iterable[Any], reference_values: Iterable[Any],
                 bins: int = 10, top_k: int = 20, thresholds: Mapping | None = None,
                 pvalues: bool = True, verdict: Mapping | None = None) -> dict:
    """Every statistic of ``model_monitor__feature_drift`` for one feature and one window.

    Parameters
    ----------
    feature_type : {'numeric', 'categorical'}
    window_values, reference_values : iterable
        Raw values of the feature in the window and in its reference (see module docstring).
    bins, top_k : int
        Monitor settings.
    thresholds : mapping, optional
        From :func:`feature_thresholds`; the package defaults when omitted.
    pvalues : bool
        Compute ``ks_pvalue`` / ``chi2_pvalue`` (``None`` otherwise, as without the UDFs).
    verdict : mapping, optional
        The monitor's ``drift_verdict`` (see :func:`drift_status`).

    Returns
    -------
    dict
        ``row_count, null_count, invalid_count, null_rate, new_category_rate, psi, js_distance,
        hellinger, kl_divergence, ks_statistic, ks_pvalue, wasserstein, chi2_statistic,
        chi2_pvalue, null_rate_increase, reference_row_count, reference_null_rate, drift_status,
        drift_reason``, and the bins behind them: ``bin_labels`` (categorical; ``None`` for
        numeric), ``edges`` (numeric; ``None`` for categorical), ``window_counts``,
        ``reference_counts``, ``reference_null_count``, ``reference_invalid_count``. NULL
        statistics are ``None``.
    """
    if feature_type not in ("numeric", "categorical"):
        raise ValueError(f"feature_type must be 'numeric' or 'categorical', got {feature_type!r}")
    window_values, reference_values = list(window_values), list(reference_values)
    thresholds = DEFAULT_THRESHOLDS if thresholds is None else thresholds
    numeric = feature_type == "numeric"
    if not numeric:  # a NaN in a categorical column is NULL (module docstring)
        window_values = [as_category(v) for v in window_values]
        reference_values = [as_category(v) for v in reference_values]

    row_count = len(window_values)
    null_count = sum(map(is_null, window_values))
    ref_rows = len(reference_values)
    ref_nulls = sum(map(is_null, reference_values))
    out: dict[str, Any] = {
        "row_count": row_count,
        "null_count": null_count,
        "invalid_count": sum(map(_is_invalid, window_values)) if numeric else 0,
        "null_rate": null_count / row_count if row_count else None,
        "reference_row_count": ref_rows,
        "reference_null_count": ref_nulls,
        "reference_invalid_count": sum(map(_is_invalid, reference_values)) if numeric else 0,
        "reference_null_rate": ref_nulls / ref_rows if ref_rows else None,
    }
    out["null_rate_increase"] = (out["null_rate"] - out["reference_null_rate"]
                                 if out["null_rate"] is not None
                                 and out["reference_null_rate"] is not None else None)

    if numeric:
        edges = numeric_edges(reference_values, bins)
        a_counts, e_counts = numeric_counts(window_values, edges), numeric_counts(reference_values, edges)
        out.update(edges=edges, bin_labels=None, new_category_rate=None,
                   chi2_statistic=None, chi2_pvalue=None, wasserstein=wasserstein(reference_values, window_values))
        out["ks_statistic"], out["ks_pvalue"] = ks_2samp(reference_values, window_values, pvalues)
    else:
        cat_bins = categorical_bins(reference_values, top_k)
        a_counts = categorical_counts(window_values, cat_bins)
        e_counts = categorical_counts(reference_values, cat_bins)
        out.update(edges=None, bin_labels=list(cat_bins.labels), ks_statistic=None, ks_pvalue=None,
                   wasserstein=None,
                   new_category_rate=(a_counts[cat_bins.unseen] / a_counts.sum()) if a_counts.sum() else None)
        out["chi2_statistic"], out["chi2_pvalue"] = chi2(e_counts, a_counts, pvalues)
    if out["new_category_rate"] is not None:
        out["new_category_rate"] = float(out["new_category_rate"])
    out.update(window_counts=a_counts, reference_counts=e_counts,
               psi=psi(e_counts, a_counts), js_distance=js_distance(e_counts, a_counts),
               hellinger=hellinger(e_counts, a_counts), kl_divergence=kl_divergence(e_counts, a_counts))
    out["drift_significant"] = drift_significant(out, thresholds, verdict, feature_type)
    out["drift_status"], out["drift_reason"] = drift_status(
        out, thresholds, no_data=row_count == 0 or e_counts.sum() == 0, verdict=verdict,
        feature_type=feature_type)
    return out


# -- a whole monitor ------------------------------------------------------------------------

def utc_timestamps(timestamps: pd.Series) -> pd.Series:
    """Timestamps as naive UTC: time-zone-aware ones converted, naive ones taken as UTC."""
    ts = pd.to_datetime(timestamps)
    if getattr(ts.dt, "tz", None) is not None:
        ts = ts.dt.tz_convert("UTC").dt.tz_localize(None)
    return ts


def window_start(timestamps: pd.Series, window: str) -> pd.Series:
    """The window each (naive UTC) timestamp falls in: hour, day or ISO week (Monday)."""
    if window == "week":
        day = timestamps.dt.floor("D")
        return day - pd.to_timedelta(day.dt.day_of_week, unit="D")
    return timestamps.dt.floor({"hour": "h", "day": "D"}[window])


def _feature_list(monitor: Mapping) -> list[tuple[str, str, str, Any]]:
    """(feature_type, feature_name, column, config entry) per monitored feature, __score__ last."""
    out = []
    for feature_type in ("numeric", "categorical"):
        for entry in monitor["features"].get(feature_type) or []:
            name = entry["name"] if isinstance(entry, Mapping) else entry
            out.append((feature_type, name, name, entry))
    if "relation" not in monitor["reference"]:
        out.append(("numeric", SCORE_FEATURE, monitor["score_column"], None))
    return out


MOVING_REFERENCE_STEP = {"trailing_windows": {"hour": 1, "day": 1, "week": 1},
                         "previous_windows": {"hour": 1, "day": 1, "week": 1},
                         "same_weekday_windows": {"hour": 168, "day": 7},
                         "same_hour_windows": {"hour": 24}}


def moving_reference_offsets(reference: Mapping, window: str) -> list[int] | None:
    """The windows before each window that make up a moving reference (1 = the window just
    before), or None for a fixed period or a relation.

    ``trailing_windows: N`` and ``previous_windows: N``: 1..N. ``same_weekday_windows: N``: the
    same weekday in each of the N weeks before (every 7th day window; every 168th hour window,
    which is also the same hour of day). ``same_hour_windows: N`` (hour windows): the same hour
    of day in each of the N days before (every 24th).
    """
    for key, steps in MOVING_REFERENCE_STEP.items():
        if key in reference:
            return [k * steps[window] for k in range(1, reference[key] + 1)]
    return None


def moving_reference_mask(starts: pd.Series, w: pd.Timestamp, reference: Mapping, window: str) -> pd.Series:
    """Whether each window start in ``starts`` is in the moving reference of window ``w``."""
    length = WINDOW_LENGTH[window]
    targets = [w - k * length for k in moving_reference_offsets(reference, window)]
    return starts.isin(targets)


def reference_periods(monitor: Mapping, spine: pd.DatetimeIndex) -> list[tuple[Any, Any]]:
    """The reference period (start, end) of each window of ``spine``.

    A fixed period for every window; ``(None, None)`` for a relation; ``[w - N, w)`` for
    a moving reference (``[w - K, w)``, K its farthest offset: the windows it sums lie in there).
    """
    ref = monitor["reference"]
    if "relation" in ref:
        return [(None, None)] * len(spine)
    offsets = moving_reference_offsets(ref, monitor["window"])
    if offsets is not None:
        length = WINDOW_LENGTH[monitor["window"]]
        return [(w - max(offsets) * length, w) for w in spine]
    return [(pd.Timestamp(ref["start"]), pd.Timestamp(ref["end"]))] * len(spine)


def _windows(predictions: pd.DataFrame, monitor: Mapping):
    ts = utc_timestamps(predictions[monitor["timestamp_column"]])
    window = monitor["window"]
    starts = window_start(ts, window)
    spine = pd.date_range(starts.min(), starts.max(), freq=WINDOW_LENGTH[window])
    return ts, starts, spine


def _iter_feature_windows(predictions: pd.DataFrame, monitor: Mapping,
                          reference: pd.DataFrame | None, pvalues: bool):
    """Yield (feature_type, name, window start, (ref_start, ref_end), window_stats) per feature
    and window of the spine."""
    ts, starts, spine = _windows(predictions, monitor)
    ref_spec = monitor["reference"]
    if "relation" in ref_spec and reference is None:
        raise ValueError("a relation reference needs the `reference` DataFrame")
    length = WINDOW_LENGTH[monitor["window"]]
    periods = reference_periods(monitor, spine)
    bins, top_k = monitor.get("bins", 10), monitor.get("top_k", 20)
    by_window = {w: np.flatnonzero((starts == w).to_numpy()) for w in spine}
    for feature_type, name, column, entry in _feature_list(monitor):
        values = predictions[column].tolist()
        thresholds, _ = learned_thresholds(feature_type, values, starts, ts, monitor,
                                           feature_thresholds(monitor, entry))
        fixed_ref = None
        if "start" in ref_spec:
            mask = (ts >= pd.Timestamp(ref_spec["start"])) & (ts < pd.Timestamp(ref_spec["end"]))
            fixed_ref = [values[i] for i in np.flatnonzero(mask.to_numpy())]
        elif "relation" in ref_spec:
            fixed_ref = reference[column].tolist()
        for w, period in zip(spine, periods):
            if fixed_ref is not None:
                ref_values = fixed_ref
            else:
                mask = moving_reference_mask(starts, w, ref_spec, monitor["window"])
                ref_values = [values[i] for i in np.flatnonzero(mask.to_numpy())]
            window_values = [values[i] for i in by_window[w]]
            yield feature_type, name, w, period, window_stats(
                feature_type, window_values, ref_values, bins, top_k, thresholds, pvalues,
                monitor.get("drift_verdict"))


DRIFT_COLUMNS = ["monitor_name", "feature_name", "feature_type", "window_start", "window_end",
                 "row_count", "null_count", "null_rate", "invalid_count", "new_category_rate",
                 "psi", "js_distance", "hellinger", "kl_divergence", "wasserstein", "ks_statistic",
                 "ks_pvalue", "chi2_statistic", "chi2_pvalue", "drift_status", "drift_reason",
                 "null_rate_increase", "reference_start", "reference_end", "reference_row_count",
                 "reference_null_rate", "drift_significant"]


def expected_drift(predictions: pd.DataFrame, monitor: Mapping,
                   reference: pd.DataFrame | None = None, pvalues: bool = True,
                   counts: bool = False) -> pd.DataFrame:
    """The expected ``model_monitor__feature_drift`` rows of one monitor.

    One row per feature (``__score__`` included unless the reference is a relation) and window
    of the spine: every window from the first to the last one with rows, empty windows
    included.

    Parameters
    ----------
    predictions : pandas.DataFrame
        The raw predictions table (the columns the monitor names).
    monitor : mapping
        One monitor of the ``model_monitor`` var (``window``, ``reference``, ``features``, ...).
    reference : pandas.DataFrame, optional
        The reference relation, for ``reference: {relation: ...}``.
    pvalues : bool
        Compute the p-values (see :func:`window_stats`).
    counts : bool
        Add ``window_counts`` and ``reference_counts``, the per-bin counts (arrays).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`DRIFT_COLUMNS` (and the counts); NULL is ``None``; timestamps naive UTC.
    """
    length = WINDOW_LENGTH[monitor["window"]]
    columns = DRIFT_COLUMNS + (["window_counts", "reference_counts"] if counts else [])
    rows = []
    for feature_type, name, w, (ref_start, ref_end), s in _iter_feature_windows(
            predictions, monitor, reference, pvalues):
        rows.append({"monitor_name": monitor["name"], "feature_name": name, "feature_type": feature_type,
                     "window_start": w, "window_end": w + length,
                     "reference_start": ref_start, "reference_end": ref_end,
                     **{k: v for k, v in s.items() if k in columns}})
    return pd.DataFrame(rows, columns=columns, dtype=object)


HISTOGRAM_COLUMNS = ["monitor_name", "feature_name", "feature_type", "window_start", "window_end",
                     "is_reference", "bin_index", "bin_label", "lower_edge", "upper_edge", "row_count",
                     "period_row_count", "period_null_count", "period_invalid_count"]


def expected_histograms(predictions: pd.DataFrame, monitor: Mapping,
                        reference: pd.DataFrame | None = None) -> pd.DataFrame:
    """The expected ``model_monitor__feature_histograms`` rows of one monitor.

    Window periods (``is_reference`` false): one row per feature, window of the spine (empty
    windows included, every bin 0) and bin of the window's reference. Reference periods
    (``is_reference`` true): the fixed period once, the relation once (``window_start`` and
    ``window_end`` NULL), or for a moving reference the period ``[w - K, w)`` (K its farthest offset) of every window
    ``w``. ``period_*`` columns count the period's rows, NULLs and invalid values. Numeric
    ``bin_label`` is ``None`` here: its text is not specified (the edges are); categorical bins
    have NULL edges.
    """
    length = WINDOW_LENGTH[monitor["window"]]
    rows = []
    seen_reference = set()

    def add(feature_type, name, start, end, is_reference, s, counts, period):
        n_bins = len(counts)
        for i in range(n_bins):
            rows.append({
                "monitor_name": monitor["name"], "feature_name": name, "feature_type": feature_type,
                "window_start": start, "window_end": end, "is_reference": is_reference,
                "bin_index": i,
                "bin_label": s["bin_labels"][i] if s["bin_labels"] is not None else None,
                "lower_edge": float(s["edges"][i]) if s["edges"] is not None else None,
                "upper_edge": float(s["edges"][i + 1]) if s["edges"] is not None else None,
                "row_count": int(counts[i]),
                "period_row_count": period[0], "period_null_count": period[1],
                "period_invalid_count": period[2]})

    for feature_type, name, w, (ref_start, ref_end), s in _iter_feature_windows(
            predictions, monitor, reference, pvalues=False):
        add(feature_type, name, w, w + length, False, s, s["window_counts"],
            (s["row_count"], s["null_count"], s["invalid_count"]))
        key = (name, ref_start, ref_end)
        if key not in seen_reference:
            seen_reference.add(key)
            add(feature_type, name, ref_start, ref_end, True, s, s["reference_counts"],
                (s["reference_row_count"], s["reference_null_count"], s["reference_invalid_count"]))
    return pd.DataFrame(rows, columns=HISTOGRAM_COLUMNS, dtype=object)


def expected_learned_thresholds(predictions: pd.DataFrame, monitor: Mapping) -> pd.DataFrame:
    """The expected ``model_monitor__learned_thresholds`` rows of one monitor (see
    :func:`learned_thresholds`), keyed by feature_name and metric_name."""
    ts, starts, _ = _windows(predictions, monitor)
    rows = []
    for feature_type, name, column, entry in _feature_list(monitor):
        _, learned = learned_thresholds(feature_type, predictions[column].tolist(), starts, ts, monitor,
                                        feature_thresholds(monitor, entry))
        rows += [{"monitor_name": monitor["name"], "feature_name": name, **r} for r in learned]
    return pd.DataFrame(rows)
