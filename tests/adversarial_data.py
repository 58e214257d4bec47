"""Seeded adversarial inputs for the drift oracle tests (``tests/test_oracle_drift.py``).

:func:`predictions` builds one predictions table that every monitor of a test reads, and
:func:`reference_relation` the table of a ``reference: {relation: ...}``. :func:`monitors` gives
the monitor configs of one reference kind. Load the frames with
``engine.load_table(schema, name, df, types=COLUMN_TYPES)``: columns that must hold both NULL
and NaN are object columns with ``None`` for NULL and ``float('nan')`` for NaN.

What the data contains (checked by ``test_the_oracle_data_covers_the_bad_inputs``):

- 13 days from Friday 2023-12-29 to Wednesday 2024-01-10, so day windows, three ISO weeks (a
  partial first and last week) and hours. Day 2024-01-07 has no row at all; 2024-01-09 has one
  row; rows sit exactly on midnight, on the fixed reference's start and end, and one
  microsecond before midnight.
- ``predicted_at`` (naive TIMESTAMP, taken as UTC) and ``predicted_at_tz`` (TIMESTAMPTZ: the same
  wall-clock time in Asia/Kathmandu, UTC+05:45, so UTC day and hour boundaries differ from local
  ones).
- ``score``: uniform with NULL and NaN (the ``__score__`` pseudo-feature).
- Numeric: ``car value`` (one decimal: ties; NULL, NaN, +inf, -inf; drifts upwards),
  ``weird"name`` (BIGINT 0..5: heavy ties, duplicate quantile edges), ``o'brien`` (constant 3.0
  until 2024-01-05, then varying), ``all_null_day`` (entirely NULL on 2024-01-08),
  ``late_start`` (no finite value before 2024-01-06: only NULL/NaN/inf), ``wide`` (signed values
  from 1e-8 to 1e8, with 0.0 and -0.0).
- Categorical: ``select`` (strings ordered by code point: upper case before lower case,
  ``'10'`` before ``'9'``, the empty string, accents, quotes, a space; NULLs; categories unseen
  before 2024-01-06), ``tier`` (four categories with exactly equal counts per day: ties broken by
  code point), ``flag`` (BOOLEAN with NULLs), ``n_children`` (BIGINT categories with NULLs,
  entirely NULL on 2024-01-08).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

START = pd.Timestamp("2023-12-29")  # a Friday: the first ISO week is partial
DAYS = 13                           # to 2024-01-10 (a Wednesday)
EMPTY_DAY = pd.Timestamp("2024-01-07")
SINGLE_ROW_DAY = pd.Timestamp("2024-01-09")
ALL_NULL_DAY = pd.Timestamp("2024-01-08")
CONSTANT_UNTIL = pd.Timestamp("2024-01-06")     # o'brien constant before this day
NEW_CATEGORIES_FROM = pd.Timestamp("2024-01-06")
LATE_START_FROM = pd.Timestamp("2024-01-06")    # late_start finite from this day on
FIXED_REFERENCE = {"start": "2024-01-01", "end": "2024-01-06"}
TIME_ZONE = "Asia/Kathmandu"

NUMERIC = ["car value", 'weird"name', "o'brien", "all_null_day", "late_start", "wide"]
CATEGORICAL = ["select", "tier", "flag", "n_children"]

COLUMN_TYPES = {"car value": "float", "score": "float", "all_null_day": "float",
                "late_start": "float", "n_children": "int", "flag": "bool"}
"""Logical types of the columns whose values alone may not tell (see :func:`sql_types`)."""

_SELECT_BASE = ["a", "b", "B", "Zeta", "alpha", "10", "9", "", "élan", "Émile", "a b", "it's",
                'say "hi"', "_x"]
_SELECT_NEW = ["new1", "Ω", "A"]


def sql_types(engine: str) -> dict[str, str]:
    """SQL types for ``load_table(types=...)`` on ``engine`` ('duckdb' or 'postgres')."""
    duck = {"float": "DOUBLE", "int": "BIGINT", "bool": "BOOLEAN"}
    pg = {"float": "double precision", "int": "bigint", "bool": "boolean"}
    table = duck if engine == "duckdb" else pg
    return {c: table[t] for c, t in COLUMN_TYPES.items()}


def _obj(values) -> pd.Series:
    return pd.Series(list(values), dtype=object)


def _day(rng: np.random.Generator, day: pd.Timestamp, n: int, drift: float,
         new_categories: bool) -> dict[str, list]:
    seconds = np.sort(rng.integers(0, 86400, n))
    micros = rng.integers(0, 1_000_000, n)
    ts = [day + pd.Timedelta(seconds=int(s), microseconds=int(u)) for s, u in zip(seconds, micros)]
    if n >= 4:  # exactly midnight, one microsecond before the next midnight, and noon sharp
        ts[0], ts[-1] = day, day + pd.Timedelta(days=1) - pd.Timedelta(microseconds=1)
        ts[n // 2] = day + pd.Timedelta(hours=12)

    score = [float(x) for x in rng.random(n)]
    car = [float(x) for x in np.round(rng.normal(10 + drift, 3, n), 1)]
    special = rng.random(n)
    for i, u in enumerate(special):
        if u < 0.04:
            car[i] = None
        elif u < 0.06:
            car[i] = float("nan")
        elif u < 0.07:
            car[i] = float("inf")
        elif u < 0.075:
            car[i] = float("-inf")
        if 0.5 < u < 0.52:
            score[i] = None
        elif 0.6 < u < 0.61:
            score[i] = float("nan")

    weird = [int(x) for x in rng.integers(0, 6 if drift < 1 else 4, n)]
    if day < CONSTANT_UNTIL:
        obrien = [3.0] * n
    else:
        obrien = [float(x) for x in np.round(rng.normal(3, 1, n), 0)]
    all_null = [float(x) for x in np.round(rng.exponential(2.0 + drift / 3, n), 2)]
    if day == ALL_NULL_DAY:
        all_null = [None] * n
    if day < LATE_START_FROM:
        late = [[None, float("nan"), float("inf"), float("-inf")][int(k)] for k in rng.integers(0, 4, n)]
    else:
        late = [float(x) for x in np.round(rng.normal(0, 1, n), 2)]
        late[0] = None
    magnitude = 10.0 ** rng.uniform(-8, 8, n)
    wide = [float(x) for x in np.where(rng.random(n) < 0.5, -magnitude, magnitude)]
    for i in range(0, n, 17):
        wide[i] = -0.0 if i % 2 else 0.0

    letters = _SELECT_BASE + (_SELECT_NEW if new_categories else [])
    weights = np.linspace(1, 3, len(letters))
    weights /= weights.sum()
    select = [str(x) for x in rng.choice(letters, n, p=weights)]
    select = [None if u < 0.05 else s for u, s in zip(rng.random(n), select)]
    tier = [["b", "a", "C", "c"][i % 4] for i in range(n)]
    flag = [bool(x) for x in rng.random(n) < (0.3 if drift < 1 else 0.6)]
    flag = [None if u < 0.03 else f for u, f in zip(rng.random(n), flag)]
    children = [int(x) for x in rng.choice([0, 1, 2, 3, 10, 11], n, p=[.3, .25, .2, .1, .1, .05])]
    children = [None if u < 0.04 else c for u, c in zip(rng.random(n), children)]
    if day == ALL_NULL_DAY:
        children = [None] * n
    return {"predicted_at": ts, "score": score, "car value": car, 'weird"name': weird,
            "o'brien": obrien, "all_null_day": all_null, "late_start": late, "wide": wide,
            "select": select, "tier": tier, "flag": flag, "n_children": children}


def _frame(rng: np.random.Generator, start: pd.Timestamp, days: int, rows_per_day: int,
           prefix: str, empty_day=None, single_row_day=None, drift_per_day: float = 0.3,
           new_categories_from=None) -> pd.DataFrame:
    columns: dict[str, list] = {}
    for d in range(days):
        day = start + pd.Timedelta(days=d)
        if day == empty_day:
            continue
        # a multiple of 4 rows per day, so the categories of `tier` tie exactly per day
        n = 1 if day == single_row_day else 4 * int(rows_per_day // 4 + rng.integers(-3, 4))
        new = new_categories_from is not None and day >= new_categories_from
        part = _day(rng, day, n, drift_per_day * d, new)
        for k, v in part.items():
            columns.setdefault(k, []).extend(v)
    n = len(columns["predicted_at"])
    ts = pd.Series(pd.to_datetime(columns.pop("predicted_at")))
    frame = pd.DataFrame({
        "prediction_id": [f"{prefix}-{i}" for i in range(n)],
        "predicted_at": ts,
        "predicted_at_tz": ts.dt.tz_localize(TIME_ZONE),
    })
    for k, v in columns.items():
        frame[k] = _obj(v)
    frame['weird"name'] = frame['weird"name'].astype("int64")
    frame["o'brien"] = frame["o'brien"].astype("float64")
    frame["wide"] = frame["wide"].astype("float64")
    frame["tier"] = frame["tier"].astype(object)
    return frame


def predictions(seed: int = 7, rows_per_day: int = 96) -> pd.DataFrame:
    """The predictions table: 13 days, about ``rows_per_day`` rows a day (see module docstring)."""
    rng = np.random.default_rng(seed)
    return _frame(rng, START, DAYS, rows_per_day, "p", empty_day=EMPTY_DAY,
                  single_row_day=SINGLE_ROW_DAY, new_categories_from=NEW_CATEGORIES_FROM)


def reference_relation(seed: int = 11, rows_per_day: int = 120) -> pd.DataFrame:
    """A reference relation (say, a training set) with the same feature columns: three days of
    November 2023, without the late categories, with its own NULLs, NaN and infinities."""
    rng = np.random.default_rng(seed)
    frame = _frame(rng, pd.Timestamp("2023-11-20"), 3, rows_per_day, "r", drift_per_day=0.0)
    # late_start has finite values in the relation (the predictions' early days have none)
    frame["late_start"] = _obj([None if i % 11 == 0 else float(np.round(x, 2))
                                for i, x in enumerate(rng.normal(0.2, 1, len(frame)))])
    return frame


# -- monitor configs --------------------------------------------------------------------------

_BASE = {"predictions": {"source": ["oracle", "predictions"]}, "id_column": "prediction_id",
         "timestamp_column": "predicted_at", "task": "binary_classification",
         "score_column": "score"}
_ALL_FEATURES = {"numeric": list(NUMERIC), "categorical": list(CATEGORICAL)}
_RELATION = {"relation": {"source": ["oracle", "reference"]}}


def monitors(kind: str) -> list[dict]:
    """The monitors of one test build, all of reference kind ``kind``.

    ``'period'``, ``'relation'`` or ``'trailing_windows'``; each list mixes day windows with an
    hour or week case, naive and time-zone-aware timestamps, small ``top_k`` (``__other__``
    bins) and small ``bins``, and threshold overrides at monitor and feature level.
    """
    features_with_override = {
        "numeric": [f if f != "all_null_day" else
                    {"name": "all_null_day", "thresholds": {"psi": {"warn": 0.2, "alert": 0.5},
                                                            "null_rate_increase": {"warn": 0.5, "alert": 0.8}}}
                    for f in NUMERIC],
        "categorical": ["select", {"name": "tier", "thresholds": {"new_category_rate": None,
                                                                  "psi": {"alert": 0.15}}},
                        "flag", "n_children"],
    }
    small = {"numeric": ["car value", 'weird"name'], "categorical": ["select", "flag"]}
    if kind == "period":
        return [
            # the rules psi / null_rate_increase / new_category_rate / hellinger; psi and
            # hellinger learned from the reference's 5 whole days (each against the other 4),
            # except where a feature sets psi itself (all_null_day, tier)
            {**_BASE, "name": "period_day", "window": "day", "reference": dict(FIXED_REFERENCE),
             "distribution_statistics": "exact",
             "features": features_with_override,
             "thresholds": {"ks_pvalue": None, "chi2_pvalue": None,
                            "psi": {"method": "reference_variability", "warn_sigmas": 2, "alert_sigmas": 3},
                            "hellinger": {"method": "reference_variability", "sigmas": 4}}},
            # the default profile mode (cells): KS and Wasserstein within their stored bounds
            {**_BASE, "name": "period_week", "window": "week",
             "reference": {"start": "2023-12-25", "end": "2024-01-01"},
             "features": _ALL_FEATURES, "bins": 5, "top_k": 3, "profile_cells": 32,
             "thresholds": {"ks_pvalue": None}},
            {**_BASE, "name": "period_hour_tz", "window": "hour", "timestamp_column": "predicted_at_tz",
             "distribution_statistics": "exact",
             "reference": {"start": "2024-01-01 00:30", "end": "2024-01-02 12:00"},
             "features": small, "top_k": 5, "thresholds": {"psi": {"warn": 0.2, "alert": 0.4}}},
        ]
    if kind == "relation":
        return [
            {**_BASE, "name": "relation_day", "window": "day", "reference": dict(_RELATION),
             "distribution_statistics": "exact",
             "features": features_with_override, "top_k": 3},
            {**_BASE, "name": "relation_week_tz", "window": "week", "timestamp_column": "predicted_at_tz",
             "reference": dict(_RELATION), "features": _ALL_FEATURES, "bins": 7,
             "thresholds": {"psi": {"warn": 0.05, "alert": 0.5}, "js_distance": {"warn": 0.1},
                            "ks_pvalue": None}},
        ]
    if kind == "trailing_windows":
        return [
            # drift_verdict: an effect counts only with its p-value at or below 0.001 (the
            # default p-value thresholds) in a window of at least 30 rows (the one-row day is not)
            {**_BASE, "name": "trailing_day", "window": "day", "reference": {"trailing_windows": 3},
             "features": features_with_override, "bins": 4, "top_k": 3,
             "drift_verdict": {"mode": "effect_and_significance", "min_rows": 30}},
            {**_BASE, "name": "trailing_day_tz", "window": "day", "timestamp_column": "predicted_at_tz",
             "reference": {"trailing_windows": 1}, "features": _ALL_FEATURES},
            {**_BASE, "name": "trailing_hour", "window": "hour", "reference": {"trailing_windows": 24},
             "features": small, "top_k": 4},
            # seasonal: each day against the same weekday a week before (2024-01-05 on); each
            # hour against the same hour of the two days before (a list of windows, not a range)
            {**_BASE, "name": "seasonal_day", "window": "day", "reference": {"same_weekday_windows": 1},
             "features": small, "top_k": 3},
            {**_BASE, "name": "seasonal_hour", "window": "hour", "reference": {"same_hour_windows": 2},
             "features": {"numeric": ["car value"], "categorical": ["select"]}},
            {**_BASE, "name": "trailing_week", "window": "week", "reference": {"trailing_windows": 1},
             "features": _ALL_FEATURES, "bins": 6},
        ]
    raise ValueError(f"kind must be 'period', 'relation' or 'trailing_windows', got {kind!r}")


KINDS = ["period", "relation", "trailing_windows"]
