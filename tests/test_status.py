"""model_monitor__status, on DuckDB and PostgreSQL, against a pandas computation from
model_monitor__metrics and model_monitor__slos.

The project with drift of test_freshness_metrics_alerts (day 5 empty: a no_data window; day 6
shifted: drift and new-category alerts), with a latency column (operational subject) and an SLO,
built twice: first as of day 6 (the shifted window is the latest: status alert since then, after
the no_data window), then as of the day after the last prediction (an incremental run: the
features are back to their earlier status, so their status changed and status_since moved).
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pandas.testing as pdt

import metric_catalogue as catalogue
from test_freshness_metrics_alerts import _build, _data, _load, _monitors

RANK = {"no_data": 0, "ok": 1, "warn": 2, "alert": 3}
ORDER = {m["name"]: i for i, m in enumerate(catalogue.CATALOGUE)}
SLO = {"name": "daily", "objective": 0.8, "period_windows": 4, "short_windows": 1, "long_windows": 2,
       "page_burn_rate": 3, "ticket_burn_rate": 1.5}
KEY = ["monitor_name", "subject_type", "subject"]
NO_GATE = ("--exclude", "assert_slos_not_paging")  # the example SLO gate of the project: this SLO pages


def _project():
    predictions, outcomes = _data()
    # latency: 20 ms, 400 ms on day 3 (warn at 300): an operational subject that warned once
    day = (pd.to_datetime(predictions.predicted_at) - pd.Timestamp("2024-05-01")).dt.days
    predictions["latency_ms"] = np.where(day == 3, 400.0, 20.0)
    monitors = _monitors(latency_ms_column="latency_ms", slos=[SLO])
    thresholds = monitors["model_monitor"]["monitors"][0]["thresholds"]
    thresholds["latency_p50"] = {"warn": 300.0}
    return predictions, outcomes, monitors


def _subject_windows(metrics: pd.DataFrame, slos: pd.DataFrame) -> pd.DataFrame:
    """One row per subject and window: its worst metric (the documented choice), written
    independently of the SQL."""
    rows = metrics.copy()
    rows["subject_type"] = rows.metric_group.map(lambda g: "feature" if g in ("drift", "data_quality") else g)
    if len(slos):
        s = slos.copy()
        burn = s[["short_burn_rate", "long_burn_rate"]].astype(float)
        s = s.assign(subject_type="slo", subject=s.slo_name, model_version=None, segment_name=None, segment_value=None,
                     metric_name="burn_rate", metric_group="slo",
                     metric_value=burn.min(axis=1, skipna=False),
                     warn_threshold=float(SLO["ticket_burn_rate"]), alert_threshold=float(SLO["page_burn_rate"]),
                     status=s.slo_status.map({"page": "alert", "ticket": "warn"}).fillna(s.slo_status))
        rows = pd.concat([rows, s[list(rows.columns)]], ignore_index=True)
    rows["rank"] = rows.status.map(RANK)
    rows["no_threshold"] = rows.warn_threshold.isna() & rows.alert_threshold.isna()
    rows["order"] = rows.metric_name.map(ORDER).fillna(len(ORDER))
    rows["breached"] = rows.status.isin(["warn", "alert"]).astype(int)
    rows = rows.sort_values(KEY + ["window_start", "rank", "no_threshold", "order", "metric_name"],
                            ascending=[True] * 4 + [False, True, True, True])
    breached = rows.groupby(KEY + ["window_start"]).breached.sum().rename("breached_metric_count")
    first = rows.groupby(KEY + ["window_start"], as_index=False).head(1)
    return first.join(breached, on=KEY + ["window_start"]).sort_values(KEY + ["window_start"])


def _expected_status(metrics: pd.DataFrame, slos: pd.DataFrame) -> pd.DataFrame:
    out = []
    for _, windows in _subject_windows(metrics, slos).groupby(KEY, sort=False):
        statuses = list(windows.status)
        latest = windows.iloc[-1]
        run = 1
        while run < len(statuses) and statuses[-run - 1] == statuses[-1]:
            run += 1
        threshold = {"alert": latest.alert_threshold, "warn": latest.warn_threshold}.get(latest.status)
        out.append({**{c: latest[c] for c in ["monitor_name", "subject_type", "subject", "model_version", "segment_name",
                                              "segment_value", "window_start", "window_end", "status", "metric_name",
                                              "metric_group", "metric_value"]},
                    "threshold": threshold, "warn_threshold": latest.warn_threshold,
                    "alert_threshold": latest.alert_threshold,
                    "breached_metric_count": latest.breached_metric_count,
                    "status_since": windows.window_start.iloc[-run], "status_windows": run,
                    "previous_status": statuses[-run - 1] if run < len(statuses) else None})
    return _normalize(pd.DataFrame(out))


def _normalize(df: pd.DataFrame) -> pd.DataFrame:
    df = df.copy()
    for c in ["window_start", "window_end", "status_since"]:
        df[c] = pd.to_datetime(df[c])
    for c in ["metric_value", "threshold", "warn_threshold", "alert_threshold"]:
        df[c] = pd.to_numeric(df[c]).astype(float)
    for c in ["breached_metric_count", "status_windows"]:
        df[c] = df[c].astype(int)
    for c in ["model_version", "segment_name", "segment_value", "previous_status"]:
        df[c] = df[c].astype(object).where(df[c].notna(), None)
    return df.sort_values(KEY).reset_index(drop=True)


def _check(engine) -> pd.DataFrame:
    status = _normalize(engine.table("model_monitor__status"))
    metrics = engine.table("model_monitor__metrics")
    for c in ["window_start", "window_end"]:
        metrics[c] = pd.to_datetime(metrics[c])
    slos = engine.table("model_monitor__slos")
    slos["window_start"] = pd.to_datetime(slos.window_start)
    expected = _expected_status(metrics, slos)
    assert not status.duplicated(KEY).any()
    pdt.assert_frame_equal(status[list(expected.columns)], expected, check_exact=False, rtol=0, atol=1e-12,
                           check_dtype=False)
    return status


def test_status_matches_pandas_from_the_metrics(engine):
    predictions, outcomes, monitors = _project()
    _load(engine, predictions, outcomes)

    # as of day 6 (2024-05-07 10:30): the shifted window is every feature's latest
    _build(engine, *NO_GATE, as_of="2024-05-07 10:30:00", monitors=monitors)
    status = _check(engine).set_index(["subject_type", "subject"])
    assert set(status.index.get_level_values("subject_type")) == {"feature", "performance", "freshness",
                                                                 "operational", "slo"}
    amount = status.loc[("feature", "amount")]
    assert amount.status == "alert" and amount.metric_name == "psi"  # psi first in the catalogue order
    assert amount.metric_value >= amount.threshold == amount.alert_threshold == 1.0  # the feature's own psi threshold
    # the window before was empty: the run starts at 2024-05-07, after a no_data window
    assert amount.status_since == pd.Timestamp("2024-05-07") and amount.status_windows == 1
    assert amount.previous_status == "no_data"
    segment = status.loc[("feature", "segment")]
    assert segment.status == "alert" and segment.previous_status == "no_data"
    # performance slices carry their version and segment as columns
    perf = status.xs("performance", level="subject_type")
    assert set(perf.model_version) == {"v1", "v2"} and "__all__" in set(perf.segment_name)
    assert status.loc[("freshness", "__monitor__")].metric_group == "freshness"

    # as of the day after the last prediction (incremental): day 7 is clean again
    _build(engine, *NO_GATE, as_of="2024-05-09 00:00:00", monitors=monitors)
    status = _check(engine).set_index(["subject_type", "subject"])
    amount = status.loc[("feature", "amount")]
    assert amount.window_start == pd.Timestamp("2024-05-08")
    assert amount.status != "alert" and amount.previous_status == "alert"
    assert amount.status_since == pd.Timestamp("2024-05-08") and amount.status_windows == 1
    # a subject whose status held over several windows; the operational latency warned once (day 3)
    assert (status.status_windows > 1).any()
    # latency warned on day 3, day 5 had no rows (no_data): ok since day 6, two windows
    latency = status.loc[("operational", "__all__")]
    assert latency.status == "ok" and latency.status_since == pd.Timestamp("2024-05-07")
    assert latency.previous_status == "no_data" and latency.status_windows == 2
