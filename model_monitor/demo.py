"""A deterministic, realistic prediction log of a loan-repayment classifier, with known incidents.

90 days from Monday 2026-01-05, the first 30 the reference. Features are stationary except for
the incidents in :data:`INCIDENTS`; labels arrive 1 to 45 days late (10% never), and from
:data:`CONCEPT_DRIFT_FIRST_DAY` the true repayment probability departs from the model's score.
:func:`summarize` reads the drift mart back and says which incident was caught when.
"""
from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

if TYPE_CHECKING:  # the gate summary type only; demo_gate imports this module
    from model_monitor.demo_gate import GateSummary

__all__ = ["START", "DAYS", "REFERENCE_DAYS", "CONCEPT_DRIFT_FIRST_DAY", "MAX_ROWS", "Incident",
           "INCIDENTS", "generate", "iter_days", "write_duckdb", "write_duckdb_days", "write_postgres", "summarize", "DemoSummary",
           "IncidentFinding", "summarize_performance", "PerformanceSummary", "MARKER_TABLE", "mark_duckdb",
           "is_duckdb_file", "is_demo_duckdb"]

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

def write_duckdb(path: str | Path, predictions: pd.DataFrame, outcomes: pd.DataFrame,
                 schema: str = "demo") -> None:
    """Write ``<schema>.loan_predictions`` and ``<schema>.loan_outcomes`` into a DuckDB file.

    Existing tables of those names are replaced; the file and its folder are created if needed.
    Column types follow the frames: TIMESTAMP, BIGINT, DOUBLE, BOOLEAN and VARCHAR, with NA as
    NULL.
    """
    write_duckdb_days(path, [(predictions, outcomes)], schema)


def write_duckdb_days(path: str | Path, days: Iterable[tuple[pd.DataFrame, pd.DataFrame]],
                      schema: str = "demo") -> tuple[int, int]:
    """:func:`write_duckdb` for a log given in parts, e.g. :func:`iter_days`; memory: one part.

    Returns
    -------
    (int, int)
        The numbers of predictions and outcomes written.
    """
    import duckdb

    Path(path).parent.mkdir(parents=True, exist_ok=True)
    written = [0, 0]
    con = duckdb.connect(str(path))
    try:
        con.execute("set enable_progress_bar = false")  # keep the CLI's output to its own lines
        # qualified by catalog: a file named like the schema (demo.duckdb) makes "demo" ambiguous
        catalog = con.execute("select current_database()").fetchone()[0]
        con.execute(f'create schema if not exists "{catalog}"."{schema}"')
        for i, frames in enumerate(days):
            for j, (name, frame) in enumerate(zip(("loan_predictions", "loan_outcomes"), frames)):
                # the demo frames hold no NaN (only NA), so DuckDB's own pandas scan is exact
                con.register("__demo_frame", frame)
                target = f'"{catalog}"."{schema}"."{name}"'
                con.execute(f"create or replace table {target} as select * from __demo_frame" if i == 0
                            else f"insert into {target} select * from __demo_frame")
                con.unregister("__demo_frame")
                written[j] += len(frame)
    finally:
        con.close()
    return written[0], written[1]


MARKER_TABLE = "model_monitor_demo_meta"
"""The table (in schema ``main``) by which ``model-monitor demo``/``generate`` recognise a DuckDB file
they created themselves, and so may replace."""
_DUCKDB_MAGIC = b"DUCK"  # bytes 8..11 of every DuckDB database file


def mark_duckdb(path: str | Path, rows: int, seed: int, extra_features: int = 0) -> None:
    """Create the DuckDB file ``path`` holding only ``main.model_monitor_demo_meta``, one row:
    who wrote it, when, and with which arguments. Written before the log, so that a run interrupted
    half-way still leaves a file the next run recognises (:func:`is_demo_duckdb`)."""
    import duckdb

    Path(path).parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path))
    try:
        catalog = con.execute("select current_database()").fetchone()[0]
        con.execute(f'create or replace table "{catalog}"."main"."{MARKER_TABLE}" as select '
                    "'model-monitor' as written_by, current_timestamp as written_at, "
                    "?::bigint as rows, ?::bigint as seed, ?::integer as extra_features",
                    [int(rows), int(seed), int(extra_features)])
    finally:
        con.close()


def is_duckdb_file(path: str | Path) -> bool:
    """True when the file ``path`` starts with a DuckDB database header (only its first bytes are read)."""
    with open(path, "rb") as f:
        return f.read(12)[8:12] == _DUCKDB_MAGIC


def is_demo_duckdb(path: str | Path, accept_unmarked_log: bool = False) -> bool:
    """True when ``path`` is a DuckDB file written by ``model-monitor demo``/``generate``: it holds
    ``main.model_monitor_demo_meta`` (:func:`mark_duckdb`), or, with ``accept_unmarked_log``, the
    demo log ``demo.loan_predictions`` that versions before the marker wrote.

    False for a file that is not a DuckDB database (its header is read, nothing else). Opens a
    DuckDB file read-only, so raises ``duckdb.Error`` when it cannot be read, e.g. while another
    process has it open for writing.
    """
    import duckdb

    if not is_duckdb_file(path):
        return False
    con = duckdb.connect(str(path), read_only=True)
    try:
        tables = set(con.execute("select table_schema, table_name from information_schema.tables "
                                 "where table_catalog = current_database()").fetchall())
    finally:
        con.close()
    return ("main", MARKER_TABLE) in tables or (accept_unmarked_log and ("demo", "loan_predictions") in tables)


_POSTGRES_TYPES = {"object": "text", "str": "text", "string": "text", "int64": "bigint",
                   "float64": "double precision", "Float64": "double precision", "bool": "boolean",
                   "datetime64[us]": "timestamp", "datetime64[ns]": "timestamp"}


def write_postgres(conn, predictions: pd.DataFrame, outcomes: pd.DataFrame, schema: str) -> None:
    """Write the same two tables into PostgreSQL with COPY (NULL stays NULL)."""
    with conn.cursor() as cur:
        cur.execute(f'create schema if not exists "{schema}"')
        for name, frame in (("loan_predictions", predictions), ("loan_outcomes", outcomes)):
            columns = ", ".join(f'"{c}" {_POSTGRES_TYPES[str(frame[c].dtype)]}' for c in frame.columns)
            cur.execute(f'drop table if exists "{schema}"."{name}"')
            cur.execute(f'create table "{schema}"."{name}" ({columns})')
            buffer = io.StringIO()
            frame.to_csv(buffer, index=False, header=False, na_rep="")
            buffer.seek(0)
            cur.copy_expert(f'copy "{schema}"."{name}" from stdin with (format csv, null \'\')', buffer)
    if not getattr(conn, "autocommit", True):
        conn.commit()


@dataclass
class IncidentFinding:
    """How the drift mart saw one injected incident.

    Attributes
    ----------
    incident : Incident
    first_flagged : datetime.date or None
        The first day in the incident's days on which its feature was flagged (warn or alert).
    metric : str or None
        The metric that breached on that day (the mart's ``drift_reason``).
    psi : float or None
        The feature's PSI on that day.
    other : str
        The distribution statistics of that day: KS, its p-value and Wasserstein, or chi-square.
    metric_value : float or None
        The value of ``metric`` on that day (what breached its threshold).
    """

    incident: Incident
    first_flagged: dt.date | None
    metric: str | None
    psi: float | None
    other: str = ""
    metric_value: float | None = None

    @property
    def found(self) -> bool:
        return self.first_flagged is not None

    @property
    def first_flagged_day(self) -> int | None:
        """``first_flagged`` as a day index (0 = START)."""
        return None if self.first_flagged is None else (self.first_flagged - START.date()).days

    @property
    def detected_on_first_day(self) -> bool:
        return self.first_flagged_day == self.incident.first_day


@dataclass
class DemoSummary:
    """What the drift mart found in the demo log; :meth:`render` prints it as a table.

    Attributes
    ----------
    incidents : list of IncidentFinding
        One per entry of :data:`INCIDENTS`, in that order.
    false_alerts, clean_feature_days : int
        Flagged clean feature-days, and all clean feature-days (see :func:`summarize`).
    flagged_clean : list of (feature, date, metric)
        The false alerts.
    performance : PerformanceSummary or None
        Realized vs estimated performance, when the performance mart was read too.
    gate : model_monitor.demo_gate.GateSummary or None
        The release gate (``dbt test`` of the drift gates) on a clean day and each incident's first day.
    """

    incidents: list[IncidentFinding]
    false_alerts: int
    clean_feature_days: int
    flagged_clean: list[tuple[str, dt.date, str]] = field(default_factory=list)
    performance: "PerformanceSummary | None" = None
    gate: "GateSummary | None" = None  # model_monitor.demo_gate: the release gate per day

    @property
    def false_alert_rate(self) -> float:
        """``false_alerts / clean_feature_days`` (0 when there is no clean feature-day)."""
        return self.false_alerts / self.clean_feature_days if self.clean_feature_days else 0.0

    def render(self) -> str:
        def day(d: int) -> str:
            return (START + dt.timedelta(days=d)).date().isoformat()

        lines = ["Injected incidents (reference: the first 30 days):",
                 f"  {'incident':<13}{'feature':<18}{'injected':<25}{'first flagged':<15}{'by (value)':<30}{'psi':<9}distribution statistics"]
        for f in self.incidents:
            inc = f.incident
            span = day(inc.first_day) if inc.first_day == inc.last_day else f"{day(inc.first_day)}..{day(inc.last_day)}"
            flagged = f.first_flagged.isoformat() if f.first_flagged else "NOT FOUND"
            psi = f"{f.psi:.3f}" if f.psi is not None and f.psi == f.psi else "-"
            by = f"{f.metric} ({f.metric_value:.3g})" if f.metric and f.metric_value is not None else (f.metric or "-")
            lines.append(f"  {inc.name:<13}{inc.feature:<18}{span:<25}{flagged:<15}{by:<30}{psi:<9}{f.other}")
        lines.append(f"False alerts: {self.false_alerts} of {self.clean_feature_days} clean feature-days "
                     f"flagged ({100 * self.false_alert_rate:.2f}%)")
        for feature, date, reason in self.flagged_clean[:10]:
            lines.append(f"  {date.isoformat()} {feature}: {reason}")
        if self.performance is not None:
            lines += ["", self.performance.render()]
        if self.gate is not None:
            lines += ["", self.gate.render()]
        return "\n".join(lines)


def _exact_statistics(row) -> str:
    def fmt(name, label, spec):
        value = row.get(name)
        return f"{label}={format(value, spec)}" if value is not None and pd.notna(value) else f"{label}=NULL"

    if row.get("feature_type") == "numeric":
        return " ".join([fmt("ks_statistic", "KS", ".3f"), fmt("ks_pvalue", "p", ".1e"), fmt("wasserstein", "W", ".4g")])
    return " ".join([fmt("chi2_statistic", "chi2", ".1f"), fmt("chi2_pvalue", "p", ".1e")])


def _breached_metric(row: pd.Series, reference_null_rate: float) -> str:
    """The metric that flagged a feature-day: the first rule of the mart's drift_reason (the one
    that set the status; it lists every breached rule), else a best guess.

    Without a ``drift_reason`` column (an older mart) the default thresholds decide: PSI, then
    the share of new categories, then a null rate above the reference's.
    """
    reason = row.get("drift_reason")
    if isinstance(reason, str) and reason:
        return reason.split(", ")[0]
    if pd.notna(row.get("psi")) and row["psi"] >= 0.1:
        return "psi"
    if pd.notna(row.get("new_category_rate")) and row["new_category_rate"] >= 0.01:
        return "new_category_rate"
    increase = row.get("null_rate_increase")
    if pd.isna(increase) and pd.notna(row.get("null_rate")):
        increase = row["null_rate"] - reference_null_rate
    return "null_rate" if pd.notna(increase) and increase > 0 else str(row["drift_status"])


def summarize(drift: pd.DataFrame) -> DemoSummary:
    """Which incidents the drift mart flagged, on which day and by which metric.

    Parameters
    ----------
    drift : pandas.DataFrame
        Rows of ``model_monitor__feature_drift`` for the demo monitor: at least feature_name,
        window_start, row_count, drift_status and psi; drift_reason, null_rate,
        new_category_rate and the exact statistics are used when present.

    Returns
    -------
    DemoSummary
        A feature-day is flagged when its drift_status is warn or alert. It is clean when it
        has rows, lies outside every incident of its feature and is a real feature (not a
        pseudo-feature such as ``__score__``); flagged clean feature-days are false alerts.
    """
    drift = drift.copy()
    drift["date"] = pd.to_datetime(drift["window_start"]).dt.date
    drift["day"] = [(d - START.date()).days for d in drift["date"]]
    drift["flagged"] = drift["drift_status"].isin(["warn", "alert"])
    if "null_rate" in drift:
        reference_null = drift[drift.day < REFERENCE_DAYS].groupby("feature_name").null_rate.median()
    else:
        reference_null = pd.Series(dtype=float)

    def reason(row: pd.Series) -> str:
        return _breached_metric(row, reference_null.get(row["feature_name"], 0.0))

    findings = []
    inside = np.zeros(len(drift), dtype=bool)
    for inc in INCIDENTS:
        during = ((drift.feature_name == inc.feature) & drift.day.between(inc.first_day, inc.last_day)).to_numpy()
        inside |= during
        rows = drift[during & drift.flagged].sort_values("day")
        if rows.empty:
            findings.append(IncidentFinding(inc, None, None, None))
            continue
        first = rows.iloc[0]
        metric = reason(first)
        value = first.get(metric) if metric else None
        findings.append(IncidentFinding(inc, first["date"], metric,
                                        float(first["psi"]) if pd.notna(first["psi"]) else None,
                                        _exact_statistics(first),
                                        float(value) if value is not None and pd.notna(value) else None))
    clean = drift[~inside & (drift.row_count > 0) & ~drift.feature_name.str.startswith("__")]
    flagged = clean[clean.flagged].sort_values(["date", "feature_name"])
    return DemoSummary(findings, int(len(flagged)), int(len(clean)),
                       [(r["feature_name"], r["date"], reason(r)) for _, r in flagged.iterrows()])


@dataclass
class PerformanceSummary:
    """Realized vs estimated accuracy around the concept drift (``segment '__all__'``)."""

    reference_accuracy: float
    reference_accuracy_sd: float
    reference_est_accuracy: float
    reference_est_accuracy_sd: float
    first_realized_drop: dt.date | None  # on or after the concept drift, with >= 100 labels
    realized_before: float
    realized_after: float
    estimated_before: float
    estimated_after: float
    first_estimated_drop: dt.date | None  # any day: what the scores alone reveal

    def render(self) -> str:
        drift_day = (START + dt.timedelta(days=CONCEPT_DRIFT_FIRST_DAY)).date()
        found = self.first_realized_drop.isoformat() if self.first_realized_drop else "NOT FOUND"
        est = self.first_estimated_drop.isoformat() if self.first_estimated_drop else "never"
        return "\n".join([
            "Model performance (realized once labels arrive; estimated from the scores alone):",
            f"  reference days: accuracy {self.reference_accuracy:.3f} (sd {self.reference_accuracy_sd:.3f}), "
            f"estimated {self.reference_est_accuracy:.3f} (sd {self.reference_est_accuracy_sd:.3f})",
            f"  concept drift injected from {drift_day}: realized accuracy first more than 5 sd below the "
            f"reference on {found}",
            f"    median realized accuracy {self.realized_before:.3f} -> {self.realized_after:.3f} (10 days before -> after); "
            f"estimated {self.estimated_before:.3f} -> {self.estimated_after:.3f}:",
            "    the scores did not change, so no label-free estimate can see a concept drift",
            f"  estimated accuracy first more than 5 sd below its reference on {est}: what the scores reveal "
            "(the credit_score mean shift lowers every score from its first day)",
        ])


def summarize_performance(performance: pd.DataFrame) -> PerformanceSummary:
    """Realized and estimated accuracy of the demo monitor around the concept drift.

    ``performance`` holds rows of ``model_monitor__performance`` for the demo monitor. A day is a
    drop when its accuracy is more than 5 reference standard deviations below the reference mean
    (reference: the first 30 days).
    """
    rows = performance[performance.segment_name == "__all__"].copy()
    rows["day"] = [(pd.Timestamp(w).date() - START.date()).days for w in rows.window_start]
    daily = rows.groupby("day").apply(lambda g: pd.Series({
        "accuracy": np.average(g.accuracy.fillna(0), weights=g.evaluated_count) if g.evaluated_count.sum() else np.nan,
        "est_accuracy": np.average(g.est_accuracy, weights=g.prediction_count),
        "labeled": g.evaluated_count.sum()}), include_groups=False)
    reference = daily.loc[:REFERENCE_DAYS - 1]
    mean, sd = reference.accuracy.mean(), reference.accuracy.std()
    est_mean, est_sd = reference.est_accuracy.mean(), reference.est_accuracy.std()
    after = daily.loc[CONCEPT_DRIFT_FIRST_DAY:]
    realized_drops = after[(after.labeled >= 100) & (after.accuracy < mean - 5 * sd)]
    estimated_drops = daily[daily.est_accuracy < est_mean - 5 * est_sd]
    before_days = daily.loc[CONCEPT_DRIFT_FIRST_DAY - 10:CONCEPT_DRIFT_FIRST_DAY - 1]
    after_days = daily.loc[CONCEPT_DRIFT_FIRST_DAY:CONCEPT_DRIFT_FIRST_DAY + 9]

    def date(day):
        return (START + dt.timedelta(days=int(day))).date()

    return PerformanceSummary(
        mean, sd, est_mean, est_sd,
        date(realized_drops.index[0]) if len(realized_drops) else None,
        # medians: robust to the two unit-error days, whose inflated incomes push scores to ~1
        before_days.accuracy.median(), after_days.accuracy.median(),
        before_days.est_accuracy.median(), after_days.est_accuracy.median(),
        date(estimated_drops.index[0]) if len(estimated_drops) else None)
