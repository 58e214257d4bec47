"""``model-monitor report``: one self-contained HTML page over the package's marts.

The marts are read through dbt's own connection (the user's ``profiles.yml`` and target), so the
report works on every engine the package supports: the project is parsed once, then each mart is
read with one ``dbt show --inline`` query (``ref()`` finds the mart wherever the project builds
it). Only the marts' aggregates are read, never raw predictions: drift per feature and window,
histogram bin counts, performance per window, alerts, freshness runs, SLOs, operational metrics.

The page inlines Chart.js (``report_assets/``, MIT), its styles and script, and the data as one
JSON block (``<script type="application/json" id="report-data">``), so it opens offline. The
layout of that block is described in docs/report.md. Drift statistics are stored exactly, as
little-endian float64 arrays in base64 (NaN for NULL), which keeps 100 features x 365 windows
under 5 MB.
"""
from __future__ import annotations

import base64
import contextlib
import datetime as dt
import html
import json
import math
import struct
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

__all__ = ["DEFAULT_OUTPUT", "DRIFT_STATS", "MARTS", "Query", "ReportError", "assemble", "decode_counts", "decode_f8",
           "decode_runs", "drift_series", "queries",
           "read_marts_with_dbt", "render_html", "write_report"]

ASSETS = Path(__file__).resolve().parent / "report_assets"
DEFAULT_OUTPUT = Path("build") / "report.html"

# The drift statistics plotted per feature (model_monitor__feature_drift); hellinger, kl_divergence
# and chi2_statistic stay in the mart (and in model_monitor__metrics).
DRIFT_STATS = ["psi", "js_distance", "ks_statistic", "ks_pvalue", "wasserstein", "chi2_pvalue",
               "null_rate", "null_rate_increase", "new_category_rate"]
# The marts the report reads (model_monitor__metrics for the thresholds only).
MARTS = ["model_monitor__alerts", "model_monitor__feature_drift", "model_monitor__feature_histograms",
         "model_monitor__new_categories", "model_monitor__metrics", "model_monitor__performance",
         "model_monitor__freshness", "model_monitor__slos", "model_monitor__operational_metrics",
         "model_monitor__champion_challenger"]
STATUS_CODES = {"ok": "o", "warn": "w", "alert": "a", "no_data": "n"}


class ReportError(RuntimeError):
    """The report could not be written (dbt could not parse the project, no mart could be read)."""


@dataclass
class Query:
    """One query of the report: a mart and the SQL that reads it (with ``{{ ref() }}``)."""

    name: str  # key in the collected tables
    mart: str
    sql: str


@dataclass
class Table:
    """Rows of one query as plain Python values (str, int, float, datetime, bool, None)."""

    columns: list[str]
    rows: list[tuple]

    def dicts(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, row)) for row in self.rows]


@dataclass
class Collected:
    tables: dict[str, Table] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    timings: list[dict[str, Any]] = field(default_factory=list)


# -- queries ---------------------------------------------------------------------------------------

def sql_literal(value: str) -> str:
    """A SQL string literal, kept out of dbt's Jinja (a name may hold ``{{``)."""
    text = "'" + value.replace("'", "''") + "'"
    return text if "{" not in text and "%" not in text else "{% raw %}" + text + "{% endraw %}"


def _filters(monitors: Sequence[str] | None, since: dt.datetime | None, time_column: str | None) -> str:
    parts = []
    if monitors:
        parts.append(f"monitor_name in ({', '.join(sql_literal(m) for m in monitors)})")
    if since is not None and time_column:
        parts.append(f"{time_column} >= cast({sql_literal(since.strftime('%Y-%m-%d %H:%M:%S'))} "
                     "as {{ dbt.type_timestamp() }})")
    return " and ".join(parts)


def _where(*conditions: str) -> str:
    """``where 1 = 1 and (c1) and (c2)``: never ``where (``, which Spark SQL reads as a table alias
    named ``where`` with a column list (ASSIGNMENT_ARITY_MISMATCH)."""
    conditions = tuple(c for c in conditions if c)
    return ("where 1 = 1 and " + " and ".join(f"({c})" for c in conditions)) if conditions else ""


def queries(monitors: Sequence[str] | None = None, since: dt.datetime | None = None) -> list[Query]:
    """The report's queries, one per mart (two for the histograms: the reference bins with their
    labels and edges, and the windows' counts folded into one text per feature and window)."""
    def ref(mart: str) -> str:
        return "{{ ref('" + mart + "') }}"

    windowed = _filters(monitors, since, "window_start")
    monitor_only = _filters(monitors, None, None)
    drift_columns = ", ".join(["monitor_name", "feature_name", "feature_type", "window_start", "row_count",
                               *DRIFT_STATS, "reference_null_rate", "drift_status", "drift_reason"])
    # bin_index:row_count pairs, comma-separated: Spark's listagg ignores an order by, so the
    # pairs carry their index
    pairs = ("{{ dbt.listagg(dbt.concat(['cast(bin_index as ' ~ dbt.type_string() ~ ')', \"':'\", "
             "'cast(row_count as ' ~ dbt.type_string() ~ ')']), \"','\") }}")
    hist = "model_monitor__feature_histograms"
    return [
        Query("drift", "model_monitor__feature_drift",
              f"select {drift_columns} from {ref('model_monitor__feature_drift')} {_where(windowed)}"),
        Query("histogram_reference", hist,
              "select monitor_name, feature_name, feature_type, window_start, window_end, bin_index, bin_label, "
              "lower_edge, upper_edge, row_count, period_row_count, period_null_count, period_invalid_count "
              f"from {ref(hist)} {_where('is_reference', monitor_only)}"),
        Query("histogram_windows", hist,
              "select monitor_name, feature_name, window_start, "
              f"{pairs} as bin_counts, "
              "max(period_row_count) as period_row_count, max(period_null_count) as period_null_count, "
              "max(period_invalid_count) as period_invalid_count "
              f"from {ref(hist)} {_where('not is_reference', windowed)} "
              "group by monitor_name, feature_name, window_start"),
        Query("new_categories", "model_monitor__new_categories",
              f"select * from {ref('model_monitor__new_categories')} {_where(windowed)}"),
        Query("thresholds", "model_monitor__metrics",
              "select monitor_name, subject, metric_name, warn_threshold, alert_threshold, "
              "min(window_start) as first_window, max(window_start) as last_window "
              f"from {ref('model_monitor__metrics')} "
              f"{_where('warn_threshold is not null or alert_threshold is not null', windowed)} "
              "group by monitor_name, subject, metric_name, warn_threshold, alert_threshold"),
        Query("alerts", "model_monitor__alerts", f"select * from {ref('model_monitor__alerts')} {_where(windowed)}"),
        Query("performance", "model_monitor__performance",
              f"select * from {ref('model_monitor__performance')} {_where(windowed)}"),
        Query("freshness", "model_monitor__freshness",
              f"select * from {ref('model_monitor__freshness')} "
              f"{_where(_filters(monitors, since, 'measured_at'))}"),
        Query("slos", "model_monitor__slos", f"select * from {ref('model_monitor__slos')} {_where(windowed)}"),
        Query("operational", "model_monitor__operational_metrics",
              f"select * from {ref('model_monitor__operational_metrics')} {_where(windowed)}"),
        Query("champion_challenger", "model_monitor__champion_challenger",
              f"select * from {ref('model_monitor__champion_challenger')} {_where(windowed)}"),
        Query("prediction_quality", "model_monitor__prediction_quality",
              f"select * from {ref('model_monitor__prediction_quality')} "
              f"{_where(_filters(monitors, since, 'measured_at'))}"),
        Query("outcome_quality", "model_monitor__outcome_quality",
              f"select * from {ref('model_monitor__outcome_quality')} "
              f"{_where(_filters(monitors, since, 'measured_at'))}"),
        Query("model_versions", "model_monitor__model_versions",
              f"select * from {ref('model_monitor__model_versions')} {_where(windowed)}"),
        # the pipeline's runs are not per monitor: the whole log (one row per dbt invocation)
        Query("pipeline_runs", "model_monitor__pipeline_runs",
              f"select * from {ref('model_monitor__pipeline_runs')} "
              f"{_where(_filters(None, since, 'run_started_at'))}"),
    ]


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() and abs(value) < 2 ** 53 and \
            value.as_tuple().exponent >= 0 else float(value)
    return value


@contextlib.contextmanager
def _without_show_printout() -> Iterator[None]:
    """``dbt show`` formats its whole result as text or JSON for its log line even when nothing is
    printed (seconds for 36,500 rows); the report reads the result object, so that step is skipped
    for its calls (dbt's ShowTask.task_end_messages; left as it is when a dbt version lacks it)."""
    try:
        from dbt.task.show import ShowTask
    except ImportError:  # pragma: no cover - another dbt layout: only slower
        yield
        return
    original = ShowTask.__dict__.get("task_end_messages")
    if original is None:  # pragma: no cover
        yield
        return
    ShowTask.task_end_messages = lambda self, results: None
    try:
        yield
    finally:
        ShowTask.task_end_messages = original


def read_marts_with_dbt(query_list: Sequence[Query], project_dir: str | Path | None = None,
                        profiles_dir: str | Path | None = None, target: str | None = None,
                        env: Mapping[str, str] | None = None,
                        progress: Callable[[str], None] | None = None,
                        dbt_vars: Mapping[str, Any] | None = None) -> Collected:
    """Run each query with ``dbt show --inline`` in this process, after one ``dbt parse`` whose
    manifest every query reuses. A query that fails (a mart the project does not have or has not
    built) gives an empty table and a warning; a failing parse raises :class:`ReportError`."""
    from model_monitor.dbt_runner import invoke

    progress = progress or (lambda line: None)
    common = (["--target", target] if target else []) + (["--vars", json.dumps(dict(dbt_vars))] if dbt_vars else [])
    started = time.perf_counter()
    parsed = invoke(["parse", "--quiet", *common], project_dir, profiles_dir, env)
    if not parsed.success or parsed.result is None:
        raise ReportError("dbt parse failed: " + str(parsed.exception or parsed.output[-3000:]))
    manifest = parsed.result
    progress(f"parsed the dbt project ({time.perf_counter() - started:.1f} s)")
    collected = Collected()
    missing = {q.mart for q in query_list
               if not any(getattr(n, "name", None) == q.mart for n in manifest.nodes.values())}
    for i, q in enumerate(query_list, 1):
        started = time.perf_counter()
        if q.mart in missing:
            collected.warnings.append(f"{q.mart}: not a model of this project (skipped)")
            collected.tables[q.name] = Table([], [])
            progress(f"[{i}/{len(query_list)}] {q.mart}: not in the project, skipped")
            continue
        with _without_show_printout():
            run = invoke(["show", "--inline", q.sql, "--limit", "-1", "--quiet", *common],
                         project_dir, profiles_dir, env, manifest=manifest)
        # a failed show leaves its inline node in the manifest, and the next one would clash with it
        for unique_id in [k for k in manifest.nodes if k.startswith("sql_operation.")]:
            manifest.nodes.pop(unique_id, None)
        results = getattr(run.result, "results", None) or []
        table = getattr(results[0], "agate_table", None) if results else None
        seconds = time.perf_counter() - started
        if not run.success or table is None:
            message = str(run.exception or (getattr(results[0], "message", "") if results else "")
                          or run.output[-500:]).strip().splitlines()
            collected.warnings.append(f"{q.mart} ({q.name}): query failed: {message[0] if message else '?'}")
            collected.tables[q.name] = Table([], [])
            progress(f"[{i}/{len(query_list)}] {q.mart} ({q.name}): FAILED ({seconds:.1f} s)")
            continue
        columns = [c.lower() for c in table.column_names]
        rows = sorted((tuple(_plain(v) for v in row) for row in table.rows), key=row_sort_key(columns))
        collected.tables[q.name] = Table(columns, rows)
        collected.timings.append({"query": q.name, "mart": q.mart, "rows": len(rows), "seconds": round(seconds, 2)})
        progress(f"[{i}/{len(query_list)}] {q.mart} ({q.name}): {len(rows):,} rows ({seconds:.1f} s)")
    if not any(t.rows or t.columns for t in collected.tables.values()):
        raise ReportError("no mart could be read: " + "; ".join(collected.warnings))
    return collected


def row_sort_key(columns: Sequence[str]) -> Callable[[tuple], tuple]:
    """A sort key for a query's rows that does not depend on the engine: the values taken in the
    order of the column names (an engine may put a table's columns in another order: Spark puts
    partition columns last), NULL last. Queries have no ORDER BY (NULL ordering differs between
    engines); sorting here makes the page the same on every engine."""
    order = sorted(range(len(columns)), key=lambda i: columns[i])

    def part(v: Any) -> tuple:
        if v is None:
            return (2, "", 0)
        if isinstance(v, (int, float)):  # bool included
            return (0, "", 0.0 if v != v else v)  # NaN (never from the marts) kept sortable
        return (1, type(v).__name__, v)
    return lambda row: tuple(part(row[i]) for i in order)


# -- assembling the page's data --------------------------------------------------------------------

def iso_utc(value: Any) -> str | None:
    """A timestamp as ISO text (``2026-03-06T00:00:00``); text stays as it is."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None).isoformat(timespec="seconds") if value.tzinfo is None else \
            value.astimezone(dt.timezone.utc).replace(tzinfo=None).isoformat(timespec="seconds")
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day).isoformat(timespec="seconds")
    if hasattr(value, "to_pydatetime"):  # pandas Timestamp
        return iso_utc(value.to_pydatetime())
    return str(value).replace(" ", "T")


def plain_number(value: Any) -> float | int | None:
    """A number as JSON can hold it: bool and int as int, others (Decimal, numpy) as float; NaN is None."""
    if value is None:
        return None
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    if hasattr(value, "item"):  # numpy scalar
        return plain_number(value.item())
    value = float(value)
    return None if math.isnan(value) else value


def _float(value: Any) -> float | None:
    if value is None:
        return None
    value = float(value)
    return None if math.isnan(value) else value


def _minus(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None else a - b


def _same(a: float | None, b: float | None) -> bool:
    return (a is None and b is None) or (a is not None and b is not None and a == b)


def drift_series(feature: Mapping[str, Any]) -> dict[str, list[float | None]]:
    """A feature's plotted drift statistics, decoded from the page's data as the page does it
    (for tests and for readers of the data block)."""
    drift = feature.get("drift") or {}
    out = {stat: decode_f8(text) for stat, text in drift.get("stats", {}).items()}
    for stat, rule in drift.get("derived", {}).items():
        ref = rule["reference_null_rate"]
        refs = decode_f8(ref) if isinstance(ref, str) else [ref] * len(out[rule["minus"]])
        out[stat] = [_minus(a, b) for a, b in zip(out[rule["minus"]], refs)]
    return out


def _json_safe(value: Any) -> Any:
    if isinstance(value, (dt.datetime, dt.date)) or hasattr(value, "to_pydatetime"):
        return iso_utc(value)
    if isinstance(value, float):
        if math.isnan(value):
            return None
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return value
    if isinstance(value, Decimal):
        return _json_safe(_plain(value))
    if hasattr(value, "item"):  # numpy scalar
        return _json_safe(value.item())
    return value


def encode_f8(values: Iterable[Any]) -> str:
    """float64 little-endian, base64; NULL as NaN (the page decodes it with a Float64Array)."""
    floats = [math.nan if v is None else float(v) for v in values]
    return base64.b64encode(struct.pack(f"<{len(floats)}d", *floats)).decode("ascii")


def decode_f8(text: str) -> list[float | None]:
    """The inverse of the page's encoding: NaN back to None."""
    raw = base64.b64decode(text)
    return [None if math.isnan(v) else v for v in struct.unpack(f"<{len(raw) // 8}d", raw)]


def encode_counts(values: Sequence[Any]) -> str | list:
    """Whole numbers >= 0 as unsigned LEB128 varints in base64 (2-3 bytes for the usual counts);
    any other list (a NULL, a negative number) stays a JSON list. The page and
    :func:`decode_counts` accept both."""
    out = bytearray()
    for v in values:
        if not isinstance(v, int) or isinstance(v, bool) or v < 0:
            return list(values)
        while True:
            byte = v & 0x7F
            v >>= 7
            out.append(byte | (0x80 if v else 0))
            if not v:
                break
    return base64.b64encode(bytes(out)).decode("ascii")


def decode_counts(encoded: str | list) -> list:
    if isinstance(encoded, list):
        return encoded
    values, value, shift = [], 0, 0
    for byte in base64.b64decode(encoded):
        value |= (byte & 0x7F) << shift
        if byte & 0x80:
            shift += 7
        else:
            values.append(value)
            value, shift = 0, 0
    return values


def encode_runs(indexes: Sequence[int]) -> list[list[int]]:
    """Sorted window indexes as runs [[first, length], ...] (one run for a gapless history)."""
    runs: list[list[int]] = []
    for i in indexes:
        if runs and runs[-1][0] + runs[-1][1] == i:
            runs[-1][1] += 1
        else:
            runs.append([i, 1])
    return runs


def decode_runs(runs: Sequence[Sequence[int]]) -> list[int]:
    return [first + k for first, length in runs for k in range(length)]


def _table(table: Table | None, drop: Sequence[str] = ()) -> dict[str, Any]:
    """A mart's rows as {"columns": [...], "rows": [[...]]}, every column it has (so columns a
    later release adds come along), timestamps as ISO text."""
    if table is None or not table.columns:
        return {"columns": [], "rows": []}
    keep = [i for i, c in enumerate(table.columns) if c not in drop]
    return {"columns": [table.columns[i] for i in keep],
            "rows": [[_json_safe(row[i]) for i in keep] for row in table.rows]}


def _group(rows: list[dict[str, Any]], key: str) -> dict[Any, list[dict[str, Any]]]:
    out: dict[Any, list[dict[str, Any]]] = {}
    for row in rows:
        out.setdefault(row.get(key), []).append(row)
    return out


def assemble(collected: Collected, meta: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The page's data (JSON-ready) from the query results."""
    t = collected.tables
    get = lambda name: t.get(name) or Table([], [])  # noqa: E731
    drift = get("drift").dicts()
    hist_ref = get("histogram_reference").dicts()
    hist_win = get("histogram_windows").dicts()

    # every window any time series uses, sorted: series refer to windows by their index here
    stamps: set[str] = set()
    for name in ("drift", "histogram_windows", "performance", "slos", "operational", "alerts",
                 "champion_challenger", "new_categories", "model_versions"):
        for row in get(name).dicts():
            if row.get("window_start") is not None:
                stamps.add(iso_utc(row["window_start"]))
    windows = sorted(stamps)
    index = {w: i for i, w in enumerate(windows)}

    monitors: dict[str, dict[str, Any]] = {}

    def monitor(name: str) -> dict[str, Any]:
        return monitors.setdefault(name, {"features": {}})

    def feature(m: str, f: str, ftype: str | None) -> dict[str, Any]:
        entry = monitor(m)["features"].setdefault(f, {"type": ftype})
        if ftype and not entry.get("type"):
            entry["type"] = ftype
        return entry

    # drift: per feature, the window indexes, a status letter per window, and each statistic
    for (m, f), rows in _group_pairs(drift, "monitor_name", "feature_name").items():
        rows.sort(key=lambda r: iso_utc(r["window_start"]))
        entry = feature(m, f, rows[0].get("feature_type"))
        stats, derived = {}, {}
        for stat in DRIFT_STATS:
            values = [r.get(stat) for r in rows]
            if any(v is not None for v in values):
                stats[stat] = encode_f8(values)
        # null_rate_increase is null_rate - reference_null_rate (in IEEE doubles, as the page
        # subtracts): stored as that rule when it gives every value exactly
        reference = [_float(r.get("reference_null_rate")) for r in rows]
        if "null_rate_increase" in stats and all(
                _same(_minus(_float(r.get("null_rate")), ref), _float(r.get("null_rate_increase")))
                for r, ref in zip(rows, reference)):
            del stats["null_rate_increase"]
            constant = len(set(map(repr, reference))) == 1 and reference[0] is not None
            derived["null_rate_increase"] = {"minus": "null_rate",
                                             "reference_null_rate": reference[0] if constant else encode_f8(reference)}
        entry["drift"] = {
            "w": encode_runs([index[iso_utc(r["window_start"])] for r in rows]),
            "status": "".join(STATUS_CODES.get(r.get("drift_status"), "n") for r in rows),
            "row_count": encode_counts([plain_number(r.get("row_count")) for r in rows]),
            "reasons": {str(i): r["drift_reason"] for i, r in enumerate(rows) if r.get("drift_reason")},
            "stats": stats,
        }
        if derived:
            entry["drift"]["derived"] = derived

    # histograms: each reference once with its bins (labels, edges, counts), each window's counts
    # in the bin order of its reference
    refs_by_feature: dict[tuple[str, str], dict[tuple, list[dict[str, Any]]]] = {}
    for row in hist_ref:
        key = (row["monitor_name"], row["feature_name"])
        period = (iso_utc(row.get("window_start")), iso_utc(row.get("window_end")))
        refs_by_feature.setdefault(key, {}).setdefault(period, []).append(row)
    for (m, f), periods in refs_by_feature.items():
        entry = feature(m, f, next(iter(periods.values()))[0].get("feature_type"))
        refs = []
        for (start, end), rows in sorted(periods.items(), key=lambda p: (p[0][1] or "", p[0][0] or "")):
            rows.sort(key=lambda r: r["bin_index"])
            first = rows[0]
            refs.append({"start": start, "end": end,
                         "bin_index": [r["bin_index"] for r in rows],
                         "labels": [r.get("bin_label") for r in rows],
                         "lower": [_json_safe(plain_number(r.get("lower_edge"))) for r in rows],
                         "upper": [_json_safe(plain_number(r.get("upper_edge"))) for r in rows],
                         "counts": [plain_number(r.get("row_count")) for r in rows],
                         "rows": plain_number(first.get("period_row_count")),
                         "nulls": plain_number(first.get("period_null_count")),
                         "invalid": plain_number(first.get("period_invalid_count"))})
        entry["hist"] = {"refs": refs, "w": [], "ref": [], "counts": [], "rows": [], "nulls": [], "invalid": []}
    for (m, f), rows in _group_pairs(hist_win, "monitor_name", "feature_name").items():
        entry = feature(m, f, None)
        hist = entry.setdefault("hist", {"refs": [], "w": [], "ref": [], "counts": [], "rows": [],
                                         "nulls": [], "invalid": []})
        refs = hist["refs"]
        by_end = {r["end"]: i for i, r in enumerate(refs)}
        rows.sort(key=lambda r: iso_utc(r["window_start"]))
        for r in rows:
            start = iso_utc(r["window_start"])
            ref_i = by_end.get(start, 0 if len(refs) == 1 else None)
            if ref_i is None:
                ref_i = 0 if refs else -1
            pairs = {}
            for item in (r.get("bin_counts") or "").split(","):
                if ":" in item:
                    b, c = item.split(":", 1)
                    pairs[int(float(b))] = int(float(c))
            order = refs[ref_i]["bin_index"] if ref_i >= 0 else sorted(pairs)
            hist["w"].append(index[start])
            hist["ref"].append(ref_i)
            hist["counts"].append([pairs.get(b, 0) for b in order])
            hist["rows"].append(plain_number(r.get("period_row_count")))
            hist["nulls"].append(plain_number(r.get("period_null_count")))
            hist["invalid"].append(plain_number(r.get("period_invalid_count")))
        if len(refs) <= 1:
            hist.pop("ref")  # every window uses the one reference
        drift_rows = entry.get("drift", {})
        if (hist["w"] == decode_runs(drift_rows.get("w", [])) and hist["rows"] == decode_counts(drift_rows.get("row_count", []))):
            hist["rows"] = "drift"  # the same as the drift's row_count, window by window
        if not any(hist["invalid"]):
            hist["invalid"] = "zero"
        hist["w"] = encode_runs(hist["w"])
        hist["counts"] = encode_counts([c for counts in hist["counts"] for c in counts])  # window after window
        for key in ("rows", "nulls", "invalid"):
            if isinstance(hist[key], list):
                hist[key] = encode_counts(hist[key])
    for entry in (f for mon in monitors.values() for f in mon["features"].values()):
        for ref in entry.get("hist", {}).get("refs", []):
            ref.pop("bin_index", None)

    # the categories a window has that its reference never had, by name
    for (m, f), rows in _group_pairs(get("new_categories").dicts(), "monitor_name", "feature_name").items():
        entry = feature(m, f, "categorical")
        named: dict[str, list] = {}
        for r in sorted(rows, key=lambda r: (r.get("category_rank") is None, r.get("category_rank") or 0)):
            named.setdefault(str(index[iso_utc(r["window_start"])]), []).append([r.get("category"), plain_number(r.get("row_count"))])
        entry["new_categories"] = named

    # thresholds per subject and metric, with the windows they held for (first..last index)
    for r in get("thresholds").dicts():
        first, last = iso_utc(r.get("first_window")), iso_utc(r.get("last_window"))
        monitor(r["monitor_name"]).setdefault("thresholds", []).append(
            [r.get("subject"), r.get("metric_name"), _json_safe(plain_number(r.get("warn_threshold"))),
             _json_safe(plain_number(r.get("alert_threshold"))), first, last])

    # the small marts: every row, every column, per monitor
    for name in ("alerts", "performance", "freshness", "slos", "operational", "champion_challenger", "model_versions",
                 "prediction_quality", "outcome_quality"):
        table = get(name)
        if not table.columns:
            continue
        m_i = table.columns.index("monitor_name") if "monitor_name" in table.columns else None
        by_monitor: dict[str, list[tuple]] = {}
        for row in table.rows:
            by_monitor.setdefault(row[m_i] if m_i is not None else "", []).append(row)
        for m, rows in by_monitor.items():
            monitor(m)[name] = _table(Table(table.columns, rows), drop=("monitor_name",))

    for mon in monitors.values():
        mon["features"] = dict(sorted(mon["features"].items()))
    return {"meta": {**(meta or {}), "warnings": collected.warnings, "queries": collected.timings,
                     "drift_stats": DRIFT_STATS, "status_codes": {v: k for k, v in STATUS_CODES.items()}},
            "windows": windows, "monitors": dict(sorted(monitors.items())),
            "pipeline_runs": _table(get("pipeline_runs"))}


def _group_pairs(rows: list[dict[str, Any]], a: str, b: str) -> dict[tuple, list[dict[str, Any]]]:
    out: dict[tuple, list[dict[str, Any]]] = {}
    for row in rows:
        out.setdefault((row.get(a), row.get(b)), []).append(row)
    return out


# -- the page --------------------------------------------------------------------------------------

def _inline_script(text: str) -> str:
    """Text safe inside <script>: no closing tag, no source map request."""
    lines = [line for line in text.splitlines() if not line.startswith("//# sourceMappingURL=")]
    return "\n".join(lines).replace("</script", "<\\/script").replace("<!--", "<\\!--")


def render_html(data: Mapping[str, Any]) -> str:
    """The page: styles, Chart.js, the data block and the report's script, all inline."""
    chart_js = (ASSETS / "chart.umd.min.js").read_text(encoding="utf-8")
    script = (ASSETS / "report.js").read_text(encoding="utf-8")
    css = (ASSETS / "report.css").read_text(encoding="utf-8")
    payload = json.dumps(data, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    payload = payload.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    title = "Model monitoring report"
    monitors = data.get("monitors", {})
    if len(monitors) == 1:
        title += f": {next(iter(monitors))}"
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        # no request leaves the page: every script, style and datum is inline
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
        "script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:\">\n"
        f"<title>{html.escape(title)}</title>\n<style>\n{css}\n</style>\n</head>\n<body>\n"
        f"<header><h1>{html.escape(title)}</h1><div id=\"meta\"></div>\n"
        "<nav id=\"tabs\"><button data-view=\"executive\">Executive</button>"
        "<button data-view=\"oncall\">On-call</button><button data-view=\"debug\">Debug</button></nav>\n"
        "<div id=\"controls\"></div></header>\n<main id=\"main\"></main>\n"
        "<noscript>This report needs JavaScript (inline only; it makes no network request).</noscript>\n"
        f"<script type=\"application/json\" id=\"report-data\">{payload}</script>\n"
        "<!-- Chart.js v4 (MIT License, https://www.chartjs.org), bundled by dbt-model-monitor -->\n"
        f"<script>\n{_inline_script(chart_js)}\n</script>\n"
        f"<script>\n{_inline_script(script)}\n</script>\n</body>\n</html>\n"
    )


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("dbt-model-monitor")
    except Exception:
        from model_monitor import __version__

        return __version__


def write_report(output: str | Path = DEFAULT_OUTPUT, monitors: Sequence[str] | None = None,
                 since: dt.datetime | None = None, target: str | None = None,
                 profiles_dir: str | Path | None = None, project_dir: str | Path | None = None,
                 env: Mapping[str, str] | None = None,
                 progress: Callable[[str], None] | None = None,
                 dbt_vars: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Query the marts through dbt, write the page to ``output``; returns what was written
    (path, size, timings, warnings). ``dbt_vars``: the ``--vars`` of the build just run, if any,
    so that dbt reuses its partial parse."""
    if progress is None:
        def progress(line: str) -> None:
            print(f"model-monitor report: {line}", file=sys.stderr, flush=True)

    started = time.perf_counter()
    collected = read_marts_with_dbt(queries(monitors, since), project_dir, profiles_dir, target, env, progress,
                                    dbt_vars)
    queried = time.perf_counter()
    meta = {"generated_at": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC"),
            "package_version": _version(), "target": target, "monitors": list(monitors or []),
            "since": since.strftime("%Y-%m-%d %H:%M:%S") if since else None,
            "project_dir": str(Path(project_dir or ".").resolve().name)}
    data = assemble(collected, meta)
    missing = [m for m in (monitors or []) if m not in data["monitors"]]
    if missing:  # a typo must not pass as "nothing wrong"
        raise ReportError(f"no rows in the marts for monitor(s) {', '.join(repr(m) for m in missing)}; "
                          f"monitors found: {', '.join(repr(m) for m in data['monitors']) or 'none'}")
    page = render_html(data)
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(page, encoding="utf-8")
    written = time.perf_counter()
    progress(f"wrote {output} ({len(page.encode('utf-8')) / 1e6:.2f} MB; queries {queried - started:.1f} s, "
             f"page {written - queried:.1f} s)")
    for warning in collected.warnings:
        progress(f"warning: {warning}")
    return {"path": output, "bytes": len(page.encode("utf-8")), "query_seconds": queried - started,
            "render_seconds": written - queried, "warnings": collected.warnings}
