"""What the monitor found in the demo log: which injected incident the drift mart flagged, on
which day and by which metric (:func:`summarize`), realized vs estimated accuracy around the
concept drift (:func:`summarize_performance`), and :class:`DemoSummary`, the table the demo prints.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from model_monitor.demo_data import CONCEPT_DRIFT_FIRST_DAY, INCIDENTS, REFERENCE_DAYS, START, Incident
from model_monitor.demo_gate import GateSummary

__all__ = ["IncidentFinding", "DemoSummary", "summarize", "PerformanceSummary", "summarize_performance"]


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
        One per entry of :data:`model_monitor.demo_data.INCIDENTS`, in that order.
    false_alerts, clean_feature_days : int
        Flagged clean feature-days, and all clean feature-days (see :func:`summarize`).
    flagged_clean : list of (feature, date, metric)
        The false alerts.
    performance : PerformanceSummary or None
        Realized vs estimated performance, when the performance mart was read too.
    gate : model_monitor.demo_gate.GateSummary or None
        The release gate (``dbt test`` of the drift gates) on a clean day and each incident's first day.
    report : pathlib.Path or None
        The HTML report the demo wrote (:mod:`model_monitor.report`).
    """

    incidents: list[IncidentFinding]
    false_alerts: int
    clean_feature_days: int
    flagged_clean: list[tuple[str, dt.date, str]] = field(default_factory=list)
    performance: PerformanceSummary | None = None
    gate: GateSummary | None = None  # model_monitor.demo_gate: the release gate per day
    report: Path | None = None  # model_monitor.report: the page the demo wrote

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
