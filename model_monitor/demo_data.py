"""The demo's prediction log: a deterministic, realistic log of a loan-repayment classifier, with known incidents.

90 days from Monday 2026-01-05, the first 30 the reference. Features are stationary except for
the incidents in :data:`INCIDENTS`; labels arrive 1 to 45 days late (10% never), and from
:data:`CONCEPT_DRIFT_FIRST_DAY` the true repayment probability departs from the model's score.
Only generates: :mod:`model_monitor.demo_store` writes the log into DuckDB or PostgreSQL, and
:mod:`model_monitor.demo_summary` says which incident the monitor caught when.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

__all__ = ["START", "DAYS", "REFERENCE_DAYS", "CONCEPT_DRIFT_FIRST_DAY", "MAX_ROWS", "MAX_EXTRA_FEATURES",
           "Incident", "INCIDENTS", "generate", "iter_days"]

START = dt.datetime(2026, 1, 5)
DAYS = 90
REFERENCE_DAYS = 30
CONCEPT_DRIFT_FIRST_DAY = 65
MAX_ROWS = 50_000_000
MAX_EXTRA_FEATURES = 99


@dataclass(frozen=True)
class Incident:
    """A data problem injected on days first_day..last_day (inclusive, 0-based)."""

    name: str
    feature: str
    first_day: int
    last_day: int
    description: str


INCIDENTS: tuple[Incident, ...] = (
    Incident("mean_shift", "credit_score", 45, 89, "credit scores 42 points (0.6 sd) lower"),
    Incident("new_category", "vehicle_make", 50, 89, "a new make 'Rivian' takes 10% of loans"),
    Incident("unit_error", "annual_income", 60, 61, "income sent in the wrong unit (x1000)"),
    Incident("null_spike", "employment_years", 70, 74, "40% of employment_years missing"),
    Incident("mix_shift", "region", 80, 89, "the regional mix shifts to two regions"),
)

# Categorical levels and their reference shares. salary_range is not drawn: it is the bracket of
# the applicant's (true) annual income, as a real application form would have it.
_SALARY_LEVELS = ["<25k", "25-50k", "50-75k", "75-100k", ">100k"]
_SALARY_UPPER_EDGES = [25_000.0, 50_000.0, 75_000.0, 100_000.0]
_DOWNPAYMENT = (["none", "<10%", "10-20%", ">20%"], [0.2, 0.35, 0.3, 0.15])
_MAKES = ["Toyota", "Ford", "Honda", "Chevrolet", "Nissan", "Hyundai", "Kia", "Subaru", "Mazda",
          "Volkswagen", "BMW", "Mercedes", "Audi", "Lexus", "Jeep", "Ram", "GMC", "Dodge", "Tesla",
          "Volvo", "Buick", "Mitsubishi", "Chrysler", "Acura", "Infiniti"]
_MAKE_P = 1.0 / np.arange(1, len(_MAKES) + 1) ** 0.9  # Zipf-like: a few brands dominate
_MAKE_P /= _MAKE_P.sum()
_NEW_MAKE = "Rivian"
_REGIONS = ["north", "south", "east", "west", "central", "northeast", "northwest", "southeast",
            "southwest", "islands"]
_REGION_P = np.array([0.14, 0.13, 0.12, 0.12, 0.11, 0.1, 0.09, 0.08, 0.07, 0.04])
# mix_shift: north and south take 65% (PSI of the region shares ~0.6)
_REGION_SHIFTED_P = np.array([0.35, 0.3, 0.05, 0.05, 0.05, 0.05, 0.05, 0.04, 0.04, 0.02])
_CREDIT_SHIFT = 42  # points, 0.6 of the 70-point standard deviation
_INCOME_UNIT_FACTOR = 1000.0
_EMPLOYMENT_NULL_RATE = 0.02
_EMPLOYMENT_NULL_RATE_SPIKE = 0.40
_RIVIAN_SHARE = 0.10
_NEVER_LABELED = 0.10
_LABEL_DELAY_DAYS = (1.0, 45.0)
_V2_FIRST_DAY = 60


def _rows_per_day(rows: int) -> np.ndarray:
    """Rows per day summing to `rows`, 20% fewer on weekends (volume seasonality only)."""
    weekday = np.array([(START + dt.timedelta(days=d)).weekday() for d in range(DAYS)])
    weights = np.where(weekday >= 5, 0.8, 1.0)
    exact = rows * weights / weights.sum()
    counts = np.floor(exact).astype(np.int64)
    counts[np.argsort(exact - counts)[::-1][: rows - counts.sum()]] += 1
    return counts


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def _standard(x: np.ndarray, mean: float, sd: float) -> np.ndarray:
    # clipped so that absurd inputs (the unit error) saturate the score instead of overflowing
    return np.clip((x - mean) / sd, -5, 5)


def _score_logit(credit, dti, income, tenure, claims, cosigner) -> np.ndarray:
    return (1.0 + 1.1 * _standard(credit, 680, 70) - 0.9 * _standard(dti, 0.43, 0.24)
            + 0.35 * _standard(np.log(income), 11.0, 0.45) + 0.2 * _standard(tenure, 5.7, 6.2)
            - 0.5 * claims + 0.3 * cosigner)


def _strings(levels: list[str], codes: np.ndarray) -> pd.Series:
    """``levels[codes]`` as a pandas ``str`` column, built by Arrow (numpy strings are slow)."""
    return pa.array(levels, pa.string()).take(pa.array(codes)).to_pandas()


def _prediction_ids(first: int, n: int) -> pd.Series:
    """'p000000001', ...: zero-padded to 9 digits, so ids sort like the rows up to 999,999,999."""
    digits = pc.cast(pa.array(np.arange(first, first + n)), pa.string())
    return pc.binary_join_element_wise("p", pc.utf8_lpad(digits, 9, "0"), "").to_pandas()


def _active(day: int) -> set[str]:
    """Names of the incidents injected on `day`."""
    return {inc.name for inc in INCIDENTS if inc.first_day <= day <= inc.last_day}


def _true_features(rng: np.random.Generator, n: int) -> dict[str, np.ndarray]:
    """One day's applicants as they really are (stationary: the same law every day)."""
    income = np.maximum(np.round(rng.lognormal(11.0, 0.45, n), -2), 1000.0)  # rounded: ties
    return {
        "car_value": np.round(rng.lognormal(10.0, 0.5, n), 2),
        "debt_to_income_ratio": np.round(rng.beta(2.0, 5.0, n) * 1.5, 3),
        "driver_tenure": np.minimum(rng.geometric(0.15, n) - 1, 40),
        "annual_income": income,
        "credit_score": np.clip(np.round(rng.normal(680, 70, n)), 300, 850).astype(np.int64),
        "num_prior_claims": rng.poisson(0.4, n),
        "loan_term_months": rng.choice(np.array([36, 48, 60, 72]), n, p=[0.2, 0.3, 0.35, 0.15]),
        "employment_years": np.round(rng.gamma(2.0, 3.0, n), 1),
        "salary_code": np.searchsorted(_SALARY_UPPER_EDGES, income, side="right"),
        "downpayment_code": rng.choice(len(_DOWNPAYMENT[0]), n, p=_DOWNPAYMENT[1]),
        "make_code": rng.choice(len(_MAKES), n, p=_MAKE_P),
        "region_code": rng.choice(len(_REGIONS), n, p=_REGION_P),
        "has_cosigner": rng.random(n) < 0.25,
    }


def _as_seen(rng: np.random.Generator, true: dict[str, np.ndarray], active: set[str]) -> dict[str, np.ndarray]:
    """What the model receives on a day with the `active` incidents: the data problems."""
    n = len(true["car_value"])
    seen = dict(true)
    if "mean_shift" in active:  # an upstream change rescales the bureau score
        seen["credit_score"] = np.clip(true["credit_score"] - _CREDIT_SHIFT, 300, 850)
    if "unit_error" in active:  # income sent in the wrong unit
        seen["annual_income"] = true["annual_income"] * _INCOME_UNIT_FACTOR
    # drawn every day (not only during the incidents) so each day uses the same random stream
    rivian = rng.random(n) < _RIVIAN_SHARE
    if "new_category" in active:
        seen["make_code"] = np.where(rivian, len(_MAKES), true["make_code"])
    shifted_region = rng.choice(len(_REGIONS), n, p=_REGION_SHIFTED_P)
    if "mix_shift" in active:
        seen["region_code"] = shifted_region
    null_rate = _EMPLOYMENT_NULL_RATE_SPIKE if "null_spike" in active else _EMPLOYMENT_NULL_RATE
    seen["employment_null"] = rng.random(n) < null_rate
    return seen


def _day(day: int, n: int, first_id: int, rng: np.random.Generator) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The predictions of one day and those of their outcomes observed before the cut."""
    seconds = np.sort(rng.integers(0, 86_400, n))
    predicted_at = (np.datetime64(START, "s") + np.timedelta64(day, "D")
                    + seconds.astype("timedelta64[s]")).astype("datetime64[us]")
    true = _true_features(rng, n)
    seen = _as_seen(rng, true, _active(day))

    def logit(f):
        return _score_logit(f["credit_score"], f["debt_to_income_ratio"], f["annual_income"],
                            f["driver_tenure"], f["num_prior_claims"], f["has_cosigner"])

    # The score is calibrated on the truth (labels are Bernoulli(score) up to small noise), but
    # it is computed from what the model sees, so the data problems also move the scores.
    score = _sigmoid(logit(seen) + rng.normal(0, 0.05, n))
    true_logit = logit(true)
    if day >= CONCEPT_DRIFT_FIRST_DAY:
        # repayment now depends far less on what the model sees (its logit shrinks to 35%, base
        # rate about the same): the model loses discrimination while its scores, and so every
        # label-free estimate, stay as they were
        true_p = _sigmoid(0.35 * true_logit + 0.65)
    else:
        true_p = _sigmoid(true_logit)
    repaid = (rng.random(n) < true_p).astype(np.int64)

    ids = _prediction_ids(first_id, n)
    employment = np.where(seen["employment_null"], np.nan, seen["employment_years"])
    predictions = pd.DataFrame({
        "prediction_id": ids,
        "predicted_at": predicted_at,
        "model_version": _strings(["v1", "v2"], np.full(n, int(day >= _V2_FIRST_DAY))),
        "y_pred_proba": score,
        "y_pred": (score >= 0.5).astype(np.int64),
        "car_value": seen["car_value"],
        "debt_to_income_ratio": seen["debt_to_income_ratio"],
        "driver_tenure": seen["driver_tenure"].astype(np.int64),
        "annual_income": seen["annual_income"],
        "credit_score": seen["credit_score"].astype(np.int64),
        "num_prior_claims": seen["num_prior_claims"].astype(np.int64),
        "loan_term_months": seen["loan_term_months"].astype(np.int64),
        # nullable Float64: a missing value is NA (NULL in the warehouse), never NaN
        "employment_years": pd.array(employment, dtype="Float64"),
        "salary_range": _strings(_SALARY_LEVELS, seen["salary_code"]),
        "size_of_downpayment": _strings(_DOWNPAYMENT[0], seen["downpayment_code"]),
        "vehicle_make": _strings([*_MAKES, _NEW_MAKE], seen["make_code"]),
        "region": _strings(_REGIONS, seen["region_code"]),
        "has_cosigner": seen["has_cosigner"],
    })
    return predictions, _outcomes(rng, ids, predicted_at, repaid)


def _outcomes(rng: np.random.Generator, ids: pd.Series, predicted_at: np.ndarray,
              repaid: np.ndarray) -> pd.DataFrame:
    """Labels 1 to 45 days late (uniform, to the second), 10% never, none after the cut."""
    n = len(ids)
    low, high = _LABEL_DELAY_DAYS
    delay = ((low + rng.random(n) * (high - low)) * 86_400).astype("timedelta64[s]")
    observed_at = predicted_at + delay
    cut = np.datetime64(START + dt.timedelta(days=DAYS), "us")
    labeled = (rng.random(n) >= _NEVER_LABELED) & (observed_at < cut)
    return pd.DataFrame({
        "prediction_id": ids[labeled].reset_index(drop=True),
        "repaid": repaid[labeled],
        "observed_at": observed_at[labeled],
    })


def _check_rows(rows: int) -> int:
    if isinstance(rows, bool) or not isinstance(rows, (int, np.integer)) or not DAYS <= rows <= MAX_ROWS:
        raise ValueError(f"rows must be a whole number in [{DAYS}, {MAX_ROWS}], got {rows!r}")
    return int(rows)


def iter_days(rows: int = 300_000, seed: int = 7,
              extra_features: int = 0) -> Iterator[tuple[pd.DataFrame, pd.DataFrame]]:
    """The demo log one day at a time, for logs too large to hold in memory.

    Each day has its own random stream (spawned from `seed`), so the days do not depend on how
    they are consumed and ``pd.concat`` of the yielded frames equals :func:`generate`.

    Parameters
    ----------
    rows : int
        Number of predictions over the 90 days, ``DAYS <= rows <= MAX_ROWS``.
    seed : int
        Seed of the generator.
    extra_features : int
        Opt-in: this many extra stationary numeric columns ``extra_01``, ``extra_02``, ... (for
        benchmarks that need wider rows), drawn from their own random stream so that every
        other column is the same as without them. Default 0: the log described in
        :func:`generate`.

    Yields
    ------
    predictions, outcomes : pandas.DataFrame
        The predictions made on one day (days 0..89 in order) and the outcomes of those
        predictions that were observed before the end of day 89.
    """
    counts = _rows_per_day(_check_rows(rows))
    first_ids = 1 + np.concatenate([[0], np.cumsum(counts)[:-1]])
    streams = np.random.SeedSequence(seed).spawn(DAYS)
    if isinstance(extra_features, bool) or not isinstance(extra_features, (int, np.integer)) \
            or not 0 <= extra_features <= MAX_EXTRA_FEATURES:
        raise ValueError(f"extra_features must be a whole number in [0, {MAX_EXTRA_FEATURES}], got {extra_features!r}")
    for day in range(DAYS):
        predictions, outcomes = _day(day, int(counts[day]), int(first_ids[day]),
                                     np.random.default_rng(streams[day]))
        if extra_features:
            extra_rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(DAYS + day,)))
            for name, values in _extra_features(extra_rng, len(predictions), int(extra_features)).items():
                predictions[name] = values
        yield predictions, outcomes


def _extra_features(rng: np.random.Generator, n: int, k: int) -> dict[str, np.ndarray]:
    """`k` stationary numeric columns: normal, 3 decimals (a few thousand distinct values a day)."""
    return {f"extra_{i:02d}": np.round(rng.normal(10.0 * i, 1.0 + i, n), 3) for i in range(1, k + 1)}


def generate(rows: int = 300_000, seed: int = 7) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The prediction log and the outcomes observed by the end of day 89.

    Parameters
    ----------
    rows : int
        Number of predictions, ``DAYS <= rows <= MAX_ROWS`` (90 to 50,000,000). About 0.2 GB
        of memory per million rows; above a few million rows prefer :func:`iter_days`.
    seed : int
        Seed of the generator; the same seed gives identical frames.

    Returns
    -------
    predictions : pandas.DataFrame
        One row per prediction, ordered by ``predicted_at``: prediction_id (str, unique),
        predicted_at (naive UTC datetime64), model_version (``'v1'`` before day 60, then
        ``'v2'``), y_pred_proba (P(repaid = 1), in (0, 1)), y_pred (int, score >= 0.5), the
        numeric features car_value, debt_to_income_ratio, driver_tenure, annual_income,
        credit_score, num_prior_claims, loan_term_months, employment_years (nullable Float64,
        ~2% NA) and the categorical features salary_range, size_of_downpayment, vehicle_make,
        region (str) and has_cosigner (bool).
    outcomes : pandas.DataFrame
        prediction_id (str), repaid (int 0/1), observed_at (naive UTC datetime64); labels not
        yet observed by ``START + DAYS`` are absent.
    """
    days = list(iter_days(rows, seed))
    return (pd.concat([p for p, _ in days], ignore_index=True),
            pd.concat([o for _, o in days], ignore_index=True))
