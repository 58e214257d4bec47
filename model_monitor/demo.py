"""A deterministic, realistic prediction log of a loan-repayment classifier, with known incidents.

90 days from Monday 2026-01-05, the first 30 the reference. Features are stationary except for
the incidents in :data:`INCIDENTS`; labels arrive 1 to 45 days late (10% never), and from
:data:`CONCEPT_DRIFT_FIRST_DAY` the true repayment probability departs from the model's score.
:func:`summarize` reads the drift mart back and says which incident was caught when.
"""
from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

__all__ = ["START", "DAYS", "REFERENCE_DAYS", "CONCEPT_DRIFT_FIRST_DAY", "Incident", "INCIDENTS",
           "generate", "write_duckdb", "write_postgres", "summarize", "DemoSummary",
           "IncidentFinding", "summarize_performance", "PerformanceSummary"]

START = dt.datetime(2026, 1, 5)
DAYS = 90
REFERENCE_DAYS = 30
CONCEPT_DRIFT_FIRST_DAY = 65
MAX_ROWS = 50_000_000


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

_SALARY = (["<25k", "25-50k", "50-75k", "75-100k", ">100k"], [0.15, 0.3, 0.28, 0.17, 0.10])
_DOWNPAYMENT = (["none", "<10%", "10-20%", ">20%"], [0.2, 0.35, 0.3, 0.15])
_MAKES = ["Toyota", "Ford", "Honda", "Chevrolet", "Nissan", "Hyundai", "Kia", "Subaru", "Mazda",
          "Volkswagen", "BMW", "Mercedes", "Audi", "Lexus", "Jeep", "Ram", "GMC", "Dodge", "Tesla",
          "Volvo", "Buick", "Mitsubishi", "Chrysler", "Acura", "Infiniti"]
_REGIONS = ["north", "south", "east", "west", "central", "northeast", "northwest", "southeast",
            "southwest", "islands"]
_REGION_P = np.array([0.14, 0.13, 0.12, 0.12, 0.11, 0.1, 0.09, 0.08, 0.07, 0.04])
_REGION_SHIFTED_P = np.array([0.35, 0.3, 0.05, 0.05, 0.05, 0.05, 0.05, 0.04, 0.04, 0.02])


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
    return np.clip((x - mean) / sd, -5, 5)


def _score_logit(credit, dti, income, tenure, claims, cosigner) -> np.ndarray:
    return (1.0 + 1.1 * _standard(credit, 680, 70) - 0.9 * _standard(dti, 0.43, 0.24)
            + 0.35 * _standard(np.log(income), 11.0, 0.45) + 0.2 * _standard(tenure, 5.7, 6.2)
            - 0.5 * claims + 0.3 * cosigner)


def generate(rows: int = 300_000, seed: int = 7) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The prediction log and the outcomes observed by the end of day 89.

    Parameters
    ----------
    rows : int
        Number of predictions, 90 <= rows <= 50,000,000.
    seed : int
        Seed of ``numpy.random.default_rng``; the same seed gives the same frames.

    Returns
    -------
    predictions : pandas.DataFrame
        prediction_id, predicted_at (naive UTC), model_version, y_pred_proba (P(repaid = 1)),
        y_pred, eight numeric and five categorical features (see README, demo).
    outcomes : pandas.DataFrame
        prediction_id, repaid (0/1), observed_at; labels not yet observed are absent.
    """
    if not isinstance(rows, (int, np.integer)) or not DAYS <= rows <= MAX_ROWS:
        raise ValueError(f"rows must be a whole number in [{DAYS}, {MAX_ROWS}], got {rows!r}")
    rng = np.random.default_rng(seed)
    day = np.repeat(np.arange(DAYS), _rows_per_day(int(rows)))
    n = day.size
    seconds = rng.integers(0, 86_400, n)
    order = np.lexsort((seconds, day))
    day, seconds = day[order], seconds[order]
    predicted_at = (np.datetime64(START, "s") + day.astype("timedelta64[D]").astype("timedelta64[s]")
                    + seconds.astype("timedelta64[s]"))

    def during(name: str) -> np.ndarray:
        inc = next(i for i in INCIDENTS if i.name == name)
        return (day >= inc.first_day) & (day <= inc.last_day)

    car_value = np.round(rng.lognormal(10.0, 0.5, n), 2)
    dti = np.round(np.clip(rng.beta(2.0, 5.0, n) * 1.5, 0.0, 1.5), 3)
    tenure = np.minimum(rng.geometric(0.15, n) - 1, 40)
    income = np.maximum(np.round(rng.lognormal(11.0, 0.45, n), -2), 1000.0)
    credit = np.clip(np.round(rng.normal(680, 70, n)), 300, 850).astype(np.int64)
    claims = rng.poisson(0.4, n)
    term = rng.choice([36, 48, 60, 72], n, p=[0.2, 0.3, 0.35, 0.15])
    employment = np.round(rng.gamma(2.0, 3.0, n), 1)
    employment_null = rng.random(n) < np.where(during("null_spike"), 0.40, 0.02)
    salary = rng.choice(_SALARY[0], n, p=_SALARY[1])
    downpayment = rng.choice(_DOWNPAYMENT[0], n, p=_DOWNPAYMENT[1])
    make_p = 1.0 / np.arange(1, len(_MAKES) + 1) ** 0.9
    make = rng.choice(_MAKES, n, p=make_p / make_p.sum()).astype(object)
    region = rng.choice(_REGIONS, n, p=_REGION_P).astype(object)
    cosigner = rng.random(n) < 0.25

    # The truth, before any data problem: labels depend on it.
    true_logit = _score_logit(credit, dti, income, tenure, claims, cosigner)
    # Incidents change what the model sees.
    credit_seen = np.where(during("mean_shift"), np.clip(credit - 42, 300, 850), credit)
    income_seen = np.where(during("unit_error"), income * 1000.0, income)
    rivian = during("new_category") & (rng.random(n) < 0.10)
    make[rivian] = "Rivian"
    shifted = during("mix_shift")
    region[shifted] = rng.choice(_REGIONS, int(shifted.sum()), p=_REGION_SHIFTED_P)

    score = _sigmoid(_score_logit(credit_seen, dti, income_seen, tenure, claims, cosigner)
                     + rng.normal(0, 0.05, n))
    # From the concept-drift day on, repayment depends far less on what the model sees (the
    # truth's logit shrinks to 35%, base rate about the same): the model loses discrimination
    # while its scores, and so every label-free estimate, stay as they were.
    drifted = day >= CONCEPT_DRIFT_FIRST_DAY
    true_p = np.where(drifted, _sigmoid(0.35 * true_logit + 0.65), _sigmoid(true_logit))
    repaid = (rng.random(n) < true_p).astype(np.int64)

    ids = np.char.add("p", np.char.zfill(np.arange(1, n + 1).astype(str), 9))
    predictions = pd.DataFrame({
        "prediction_id": ids,
        "predicted_at": predicted_at.astype("datetime64[us]"),
        "model_version": np.where(day < 60, "v1", "v2"),
        "y_pred_proba": score,
        "y_pred": (score >= 0.5).astype(np.int64),
        "car_value": car_value,
        "debt_to_income_ratio": dti,
        "driver_tenure": tenure.astype(np.int64),
        "annual_income": income_seen,
        "credit_score": credit_seen.astype(np.int64),
        "num_prior_claims": claims.astype(np.int64),
        "loan_term_months": term.astype(np.int64),
        "employment_years": pd.array(np.where(employment_null, np.nan, employment), dtype="Float64"),
        "salary_range": salary,
        "size_of_downpayment": downpayment,
        "vehicle_make": make.astype(str),
        "region": region.astype(str),
        "has_cosigner": cosigner,
    })
    predictions.loc[employment_null, "employment_years"] = pd.NA

    delay = (1.0 + rng.random(n) * 44.0) * 86_400.0
    observed_at = predicted_at + delay.astype("timedelta64[s]")
    labeled = (rng.random(n) >= 0.10) & (observed_at < np.datetime64(START + dt.timedelta(days=DAYS), "s"))
    outcomes = pd.DataFrame({
        "prediction_id": ids[labeled],
        "repaid": repaid[labeled],
        "observed_at": observed_at[labeled].astype("datetime64[us]"),
    })
    return predictions, outcomes


_DUCKDB_TYPES = {"prediction_id": "VARCHAR", "predicted_at": "TIMESTAMP", "observed_at": "TIMESTAMP",
                 "model_version": "VARCHAR", "has_cosigner": "BOOLEAN"}


def write_duckdb(path: str | Path, predictions: pd.DataFrame, outcomes: pd.DataFrame,
                 schema: str = "demo") -> None:
    """Write ``<schema>.loan_predictions`` and ``<schema>.loan_outcomes`` into a DuckDB file."""
    import duckdb

    Path(path).parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path))
    try:
        # qualified by catalog: a file named like the schema (demo.duckdb) makes "demo" ambiguous
        catalog = con.execute("select current_database()").fetchone()[0]
        con.execute(f'create schema if not exists "{catalog}"."{schema}"')
        for name, frame in (("loan_predictions", predictions), ("loan_outcomes", outcomes)):
            con.register("__demo_frame", frame)
            con.execute(f'create or replace table "{catalog}"."{schema}"."{name}" as select * from __demo_frame')
            con.unregister("__demo_frame")
    finally:
        con.close()


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
    incident: Incident
    first_flagged: dt.date | None
    metric: str | None
    psi: float | None
    other: str = ""  # the exact statistics of that day: KS, Wasserstein or chi-square

    @property
    def found(self) -> bool:
        return self.first_flagged is not None

    @property
    def detected_on_first_day(self) -> bool:
        return self.first_flagged == (START + dt.timedelta(days=self.incident.first_day)).date()


@dataclass
class DemoSummary:
    incidents: list[IncidentFinding]
    false_alerts: int
    clean_feature_days: int
    flagged_clean: list[tuple[str, dt.date, str]] = field(default_factory=list)
    performance: "PerformanceSummary | None" = None

    @property
    def false_alert_rate(self) -> float:
        return self.false_alerts / self.clean_feature_days if self.clean_feature_days else 0.0

    def render(self) -> str:
        def day(d: int) -> str:
            return (START + dt.timedelta(days=d)).date().isoformat()

        lines = ["Injected incidents (reference: the first 30 days):",
                 f"  {'incident':<13}{'feature':<18}{'injected':<25}{'first flagged':<15}{'by':<20}{'psi':<9}exact statistics"]
        for f in self.incidents:
            inc = f.incident
            span = day(inc.first_day) if inc.first_day == inc.last_day else f"{day(inc.first_day)}..{day(inc.last_day)}"
            flagged = f.first_flagged.isoformat() if f.first_flagged else "NOT FOUND"
            psi = f"{f.psi:.3f}" if f.psi is not None and f.psi == f.psi else "-"
            lines.append(f"  {inc.name:<13}{inc.feature:<18}{span:<25}{flagged:<15}{f.metric or '-':<20}{psi:<9}{f.other}")
        lines.append(f"False alerts: {self.false_alerts} of {self.clean_feature_days} clean feature-days "
                     f"flagged ({100 * self.false_alert_rate:.2f}%)")
        for feature, date, reason in self.flagged_clean[:10]:
            lines.append(f"  {date.isoformat()} {feature}: {reason}")
        if self.performance is not None:
            lines += ["", self.performance.render()]
        return "\n".join(lines)


def _exact_statistics(row) -> str:
    def fmt(name, label, spec):
        value = row.get(name)
        return f"{label}={format(value, spec)}" if value is not None and pd.notna(value) else f"{label}=NULL"

    if row.get("feature_type") == "numeric":
        return " ".join([fmt("ks_statistic", "KS", ".3f"), fmt("ks_pvalue", "p", ".1e"), fmt("wasserstein", "W", ".4g")])
    return " ".join([fmt("chi2_statistic", "chi2", ".1f"), fmt("chi2_pvalue", "p", ".1e")])


def summarize(drift: pd.DataFrame) -> DemoSummary:
    """Which incidents the drift mart flagged, on which day and by which metric.

    ``drift`` holds rows of ``model_monitor__feature_drift`` for the demo monitor. A
    feature-day is flagged when its drift_status is warn or alert; it is clean when it has rows
    and lies outside every incident of its feature.
    """
    drift = drift.copy()
    drift["date"] = pd.to_datetime(drift["window_start"]).dt.date
    drift["day"] = [(d - START.date()).days for d in drift["date"]]
    drift["flagged"] = drift["drift_status"].isin(["warn", "alert"])
    findings = []
    for inc in INCIDENTS:
        rows = drift[(drift.feature_name == inc.feature) & drift.day.between(inc.first_day, inc.last_day)
                     & drift.flagged].sort_values("day")
        if rows.empty:
            findings.append(IncidentFinding(inc, None, None, None))
            continue
        first = rows.iloc[0]
        reason = first.get("drift_reason") if "drift_reason" in rows else None
        findings.append(IncidentFinding(inc, first["date"], reason or first["drift_status"],
                                        float(first["psi"]) if pd.notna(first["psi"]) else None,
                                        _exact_statistics(first)))
    inside = np.zeros(len(drift), dtype=bool)
    for inc in INCIDENTS:
        inside |= ((drift.feature_name == inc.feature) & drift.day.between(inc.first_day, inc.last_day)).to_numpy()
    clean = drift[~inside & (drift.row_count > 0) & ~drift.feature_name.str.startswith("__")]
    flagged = clean[clean.flagged].sort_values(["date", "feature_name"])
    return DemoSummary(findings, int(len(flagged)), int(len(clean)),
                       [(r["feature_name"], r["date"], str(r.get("drift_reason") or r["drift_status"]))
                        for _, r in flagged.iterrows()])


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
