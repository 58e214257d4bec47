"""``model-monitor notify``: post the alerts not yet sent to a webhook, one message per monitor.

The alerts are the rows of ``model_monitor__alerts``, read through dbt's own connection like the
report (:func:`model_monitor.report.read_marts_with_dbt`), so it works on every engine. A local
JSON state file remembers which alerts were delivered, keyed by the alert's identity
(monitor, window_start, subject, metric_name, severity):

- nothing is sent twice: an alert in the state file is never posted again (a warn that becomes an
  alert is a new identity, and is posted);
- nothing is lost: a monitor's alerts are marked sent only after its message was accepted (HTTP
  2xx). A failed post (HTTP error, timeout, refused connection) is retried with exponential
  backoff; if it still fails its alerts stay unsent, the next run posts them, and the command
  exits with status 1. The state file is rewritten atomically (temporary file + ``os.replace``)
  after each delivered monitor, so a notifier killed half-way re-sends nothing it had delivered.

The pure parts (identities, diffing with the state, the Slack and generic payloads) are separate
from the I/O (reading the mart, posting, the state file). HTTP uses only the standard library.
The webhook URL is a secret (a Slack incoming-webhook URL is its own credential): it is never
printed; messages name only its scheme and host.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import json
import math
import os
import socket
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from model_monitor.report import iso_utc, plain_number, sql_literal

__all__ = ["ALERT_COLUMNS", "DEFAULT_STATE", "ENV_URL", "Delivery", "NotifyError", "NotifyResult", "RetryPolicy",
           "alert_key", "alerts_query", "breach_line", "build_payload", "generic_payload", "group_by_monitor",
           "iso_timestamp", "load_state", "new_alerts", "normalize_alert", "notify", "post_json", "read_alerts",
           "redact_url", "run", "save_state", "slack_payload"]

ENV_URL = "MODEL_MONITOR_WEBHOOK_URL"
DEFAULT_STATE = Path("target") / "model_monitor_notify_state.json"
STATE_VERSION = 1
ALERT_COLUMNS = ["monitor_name", "window_start", "window_end", "subject", "metric_name", "metric_value",
                 "threshold", "severity", "metric_group", "owner", "response"]
SEVERITY_RANK = {"alert": 0, "warn": 1}
# Slack's limits: 50 blocks per message, 3000 characters per section text
SLACK_MAX_BLOCKS = 50
SLACK_MAX_TEXT = 3000

Alert = dict[str, Any]
Key = str


class NotifyError(RuntimeError):
    """The alerts could not be read, or the state file could not be read or written."""


# -- pure functions --------------------------------------------------------------------------------

iso_timestamp = iso_utc  # the report's: one rule for timestamps as text in both outputs
_number = plain_number


def normalize_alert(row: Mapping[str, Any]) -> Alert:
    """One row of model_monitor__alerts as JSON-ready values (timestamps as ISO text, numbers as
    float/int, NULL as None), with the columns of :data:`ALERT_COLUMNS`."""
    out: Alert = {}
    for column in ALERT_COLUMNS:
        value = row.get(column)
        if column in ("window_start", "window_end"):
            out[column] = iso_timestamp(value)
        elif column in ("metric_value", "threshold"):
            number = _number(value)
            out[column] = number if number is None or not isinstance(number, float) or math.isfinite(number) \
                else ("inf" if number > 0 else "-inf")
        else:  # text; a missing value read through pandas arrives as NaN
            missing = value is None or (isinstance(value, float) and math.isnan(value))
            out[column] = None if missing else str(value)
    return out


def alert_key(alert: Mapping[str, Any]) -> Key:
    """The identity of an alert: monitor, window_start, subject, metric_name and severity, as one
    JSON text (the state file's key). The value is not part of it: a recomputed window whose value
    moved but still breaches at the same severity is the same alert."""
    return json.dumps([alert["monitor_name"], iso_timestamp(alert["window_start"]), alert["subject"],
                       alert["metric_name"], alert["severity"]], separators=(",", ":"))


def _order(alert: Mapping[str, Any]) -> tuple:
    return (alert["window_start"] or "", SEVERITY_RANK.get(alert["severity"], 9), alert["subject"] or "",
            alert["metric_name"] or "")


def new_alerts(alerts: Iterable[Mapping[str, Any]], sent: Iterable[Key]) -> list[Alert]:
    """The alerts whose identity is not in ``sent``, each once, sorted by monitor, window,
    severity (alert first), subject and metric."""
    sent = set(sent)
    out: dict[Key, Alert] = {}
    for alert in alerts:
        key = alert_key(alert)
        if key not in sent and key not in out:
            out[key] = dict(alert)
    return sorted(out.values(), key=lambda a: (a["monitor_name"], *_order(a)))


def group_by_monitor(alerts: Iterable[Mapping[str, Any]]) -> dict[str, list[Alert]]:
    """Alerts per monitor (monitors in name order, alerts in :func:`new_alerts`' order)."""
    out: dict[str, list[Alert]] = {}
    for alert in sorted(alerts, key=lambda a: (a["monitor_name"], *_order(a))):
        out.setdefault(alert["monitor_name"], []).append(dict(alert))
    return out


def _fmt(value: Any) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, float):
        return f"{value:.6g}"
    return str(value)


def _summary(monitor: str, alerts: Sequence[Mapping[str, Any]]) -> str:
    n_alert = sum(a["severity"] == "alert" for a in alerts)
    n_warn = len(alerts) - n_alert
    windows = len({a["window_start"] for a in alerts})
    return (f"model-monitor: {len(alerts)} new breach{'es' if len(alerts) != 1 else ''} for monitor {monitor} "
            f"({n_alert} alert, {n_warn} warn) in {windows} window{'s' if windows != 1 else ''}")


def breach_line(alert: Mapping[str, Any]) -> str:
    """One breach as a line of text: severity, subject, metric, value and threshold, then who
    answers it and what to do (the alert's owner and response) when the configuration names them."""
    line = (f"[{alert['severity']}] {alert['subject']} {alert['metric_name']} = {_fmt(alert['metric_value'])} "
            f"(threshold {_fmt(alert['threshold'])})")
    if alert.get("owner"):
        line += f"; owner: {alert['owner']}"
    if alert.get("response"):
        line += f"; response: {alert['response']}"
    return line


def _escape(text: str) -> str:
    """Slack mrkdwn control characters."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def slack_payload(monitor: str, alerts: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """A Slack-compatible message (``{"text", "blocks"}``) listing each breach of ``alerts`` (one
    monitor's, in order), grouped by window: a header, then per window a section whose lines give
    severity, subject, metric, value and threshold. Slack accepts at most 50 blocks and 3000
    characters per section: a longer listing is split into more sections, and what does not fit
    is counted in a last context block (the generic payload always carries every row)."""
    text = _summary(monitor, alerts)
    header = {"type": "header", "text": {"type": "plain_text", "text": text[:150]}}
    max_sections = SLACK_MAX_BLOCKS - 2  # the header, and a context block when some are not listed
    sections: list[str] = []
    listed = 0
    by_window: dict[tuple, list[Mapping[str, Any]]] = {}
    for alert in alerts:
        by_window.setdefault((alert["window_start"], alert["window_end"]), []).append(alert)
    for (start, end), rows in by_window.items():
        if len(sections) >= max_sections:
            break
        title = f"*Window {start} to {end}*"
        chunk, in_chunk = title, 0
        for alert in rows:
            line = "\n• " + _escape(breach_line(alert))
            if len(chunk) + len(line) > SLACK_MAX_TEXT:
                sections.append(chunk)
                listed += in_chunk
                chunk, in_chunk = title + " (continued)", 0
                if len(sections) >= max_sections:
                    break
            chunk += line
            in_chunk += 1
        if in_chunk and len(sections) < max_sections:
            sections.append(chunk)
            listed += in_chunk
    blocks: list[dict[str, Any]] = [header] + [
        {"type": "section", "text": {"type": "mrkdwn", "text": s}} for s in sections]
    if listed < len(alerts):
        blocks.append({"type": "context", "elements": [{
            "type": "mrkdwn", "text": f"{len(alerts) - listed} more breaches not listed: see model_monitor__alerts "
                                      f"where monitor_name = '{_escape(monitor)}'"}]})
    return {"text": text, "blocks": blocks}


def generic_payload(monitor: str, alerts: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """A plain JSON message with the structured rows: the monitor, counts, the windows and every
    alert with the columns of :data:`ALERT_COLUMNS` (timestamps as ISO text, UTC)."""
    n_alert = sum(a["severity"] == "alert" for a in alerts)
    return {"source": "model-monitor", "monitor_name": monitor, "text": _summary(monitor, alerts),
            "breach_count": len(alerts), "alert_count": n_alert, "warn_count": len(alerts) - n_alert,
            "windows": sorted({a["window_start"] for a in alerts}),
            "alerts": [{c: a.get(c) for c in ALERT_COLUMNS} for a in alerts]}


def build_payload(monitor: str, alerts: Sequence[Mapping[str, Any]], fmt: str = "slack") -> dict[str, Any]:
    """The message of one monitor in format ``slack`` or ``generic``."""
    if fmt == "slack":
        return slack_payload(monitor, alerts)
    if fmt == "generic":
        return generic_payload(monitor, alerts)
    raise ValueError(f"unknown format {fmt!r} (slack or generic)")


def redact_url(url: str) -> str:
    """What may be printed of a webhook URL: its scheme and host (the path of a Slack webhook URL
    is its secret)."""
    parts = urllib.parse.urlsplit(url)
    host = parts.hostname or "?"
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme or '?'}://{host}{port}/***"


# -- state file ------------------------------------------------------------------------------------

def load_state(path: Path) -> dict[str, Any]:
    """The state file's content (``{"version": 1, "sent": {key: sent_at}}``); an empty state when
    the file does not exist. Raises :class:`NotifyError` on a file that is not such JSON (it is
    never overwritten then: deleting it would re-send every alert)."""
    path = Path(path)
    if not path.exists():
        return {"version": STATE_VERSION, "sent": {}}
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise NotifyError(f"cannot read the state file {path}: {exc}") from exc
    if not isinstance(state, dict) or not isinstance(state.get("sent"), dict):
        raise NotifyError(f"{path} is not a model-monitor notify state file (no 'sent' object)")
    return state


def save_state(path: Path, state: Mapping[str, Any]) -> None:
    """Write the state atomically: a temporary file in the same directory, flushed to disk, then
    ``os.replace`` (a reader or a crash sees the old file or the new one, never half of one)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(state, f, indent=1, sort_keys=True)
            f.write("\n")
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


@contextlib.contextmanager
def _exclusive(path: Path) -> Iterator[None]:
    """One notifier per state file at a time (a lock file beside it; Unix only)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: no lock
        yield
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_name(path.name + ".lock"), "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            raise NotifyError(f"another model-monitor notify is using {path}") from exc
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


# -- HTTP ------------------------------------------------------------------------------------------

@dataclass
class RetryPolicy:
    """Attempts per message and the exponential backoff between them: ``base_delay * 2**i``
    seconds after the i-th failure (capped at ``max_delay``); ``timeout`` per attempt."""

    attempts: int = 4
    base_delay: float = 1.0
    max_delay: float = 30.0
    timeout: float = 10.0

    def delay(self, failure: int) -> float:
        return min(self.max_delay, self.base_delay * (2 ** failure))


@dataclass
class Delivery:
    """What posting one message did."""

    ok: bool
    attempts: int
    status: int | None = None  # the last HTTP status, None when no response came
    error: str | None = None  # the last failure, without the URL


def _retryable(status: int) -> bool:
    return status in (408, 425, 429) or status >= 500


def post_json(url: str, payload: Mapping[str, Any], policy: RetryPolicy | None = None,
              sleep: Callable[[float], None] = time.sleep) -> Delivery:
    """POST ``payload`` as JSON to ``url`` until a 2xx answer, retrying timeouts, refused or reset
    connections and HTTP 408/425/429/5xx with exponential backoff (:class:`RetryPolicy`). Other
    4xx answers are not retried (the message or the URL is wrong). Never raises for a failed post;
    error texts never contain the URL."""
    policy = policy or RetryPolicy()
    body = json.dumps(payload).encode("utf-8")
    status: int | None = None
    error: str | None = None
    for attempt in range(1, policy.attempts + 1):
        request = urllib.request.Request(url, data=body, method="POST",
                                         headers={"Content-Type": "application/json; charset=utf-8",
                                                  "User-Agent": "model-monitor-notify"})
        retry = True
        try:
            with urllib.request.urlopen(request, timeout=policy.timeout) as response:
                status = response.status
                response.read()
            if 200 <= status < 300:
                return Delivery(True, attempt, status)
            error = f"HTTP {status}"
        except urllib.error.HTTPError as exc:
            status, error = exc.code, f"HTTP {exc.code} {exc.reason}"
            retry = _retryable(exc.code)
        except urllib.error.URLError as exc:
            status = None
            reason = exc.reason
            error = "timed out" if isinstance(reason, (socket.timeout, TimeoutError)) else \
                f"connection failed: {type(reason).__name__}: {getattr(reason, 'strerror', None) or reason}"
        except (TimeoutError, socket.timeout):
            status, error = None, "timed out"
        except (ConnectionError, OSError) as exc:
            status, error = None, f"connection failed: {type(exc).__name__}: {getattr(exc, 'strerror', None) or exc}"
        error = (error or "").replace(url, redact_url(url))
        if not retry or attempt == policy.attempts:
            break
        sleep(policy.delay(attempt - 1))
    return Delivery(False, attempt, status, error)


# -- reading the mart ------------------------------------------------------------------------------

def alerts_query(monitors: Sequence[str] | None = None) -> str:
    """The SQL (with ``ref()``) that reads the alerts to consider."""
    where = f" where monitor_name in ({', '.join(sql_literal(m) for m in monitors)})" if monitors else ""
    return f"select {', '.join(ALERT_COLUMNS)} from {{{{ ref('model_monitor__alerts') }}}}{where}"


def read_alerts(monitors: Sequence[str] | None = None, project_dir: str | Path | None = None,
                profiles_dir: str | Path | None = None, target: str | None = None,
                env: Mapping[str, str] | None = None,
                progress: Callable[[str], None] | None = None) -> list[Alert]:
    """Every row of model_monitor__alerts (of ``monitors``), read through dbt, normalized. Raises
    :class:`NotifyError` when the mart cannot be read (never "no alerts" for a failed read)."""
    from model_monitor.report import Query, ReportError, read_marts_with_dbt

    try:
        collected = read_marts_with_dbt([Query("alerts", "model_monitor__alerts", alerts_query(monitors))],
                                        project_dir, profiles_dir, target, env, progress)
    except ReportError as exc:
        raise NotifyError(str(exc)) from exc
    if collected.warnings:
        raise NotifyError("; ".join(collected.warnings))
    return [normalize_alert(row) for row in collected.tables["alerts"].dicts()]


# -- the command -----------------------------------------------------------------------------------

@dataclass
class NotifyResult:
    """What one run did, per monitor: alerts posted, or the failure that kept them unsent."""

    delivered: dict[str, int] = field(default_factory=dict)  # monitor -> alerts marked sent
    failed: dict[str, str] = field(default_factory=dict)  # monitor -> last error
    pending: int = 0  # alerts new at the start of the run

    @property
    def ok(self) -> bool:
        return not self.failed


def notify(url: str | None, alerts: Sequence[Mapping[str, Any]], state_path: Path, fmt: str = "slack",
           policy: RetryPolicy | None = None, dry_run: bool = False, mark_only: bool = False,
           log: Callable[[str], None] = lambda line: None,
           post: Callable[..., Delivery] = post_json,
           now: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.timezone.utc)) -> NotifyResult:
    """Post each monitor's new alerts (not in the state file) as one message, and record them in
    the state file after that message was accepted. ``dry_run`` prints the payloads instead of
    posting and records nothing; ``mark_only`` records every new alert as sent without posting (to
    start from now on a long history). ``post`` is :func:`post_json` (replaceable in tests)."""
    state_path = Path(state_path)
    result = NotifyResult()
    with _exclusive(state_path):
        state = load_state(state_path)
        pending = new_alerts(alerts, state["sent"])
        result.pending = len(pending)
        for monitor, rows in group_by_monitor(pending).items():
            payload = build_payload(monitor, rows, fmt)
            if dry_run:
                print(json.dumps(payload, indent=1))
                continue
            if mark_only:
                delivery = Delivery(True, 0)
            elif not url:
                raise NotifyError(f"no webhook URL (--webhook or {ENV_URL})")
            else:
                delivery = post(url, payload, policy)
            if not delivery.ok:
                result.failed[monitor] = delivery.error or "failed"
                log(f"{monitor}: {len(rows)} alert(s) NOT delivered after {delivery.attempts} attempt(s) "
                    f"({delivery.error}); they stay unsent and the next run retries them")
                continue
            sent_at = now().astimezone(dt.timezone.utc).replace(tzinfo=None).isoformat(timespec="seconds")
            for row in rows:
                state["sent"][alert_key(row)] = sent_at
            state["version"] = STATE_VERSION
            save_state(state_path, state)  # after every delivered monitor: a crash re-sends nothing
            result.delivered[monitor] = len(rows)
            log(f"{monitor}: {len(rows)} alert(s) marked sent without posting" if mark_only else
                f"{monitor}: {len(rows)} alert(s) posted to {redact_url(url or '')} "
                f"(HTTP {delivery.status}, {delivery.attempts} attempt(s))")
    return result


def run(url: str | None, state_path: Path, fmt: str = "slack", monitors: Sequence[str] | None = None,
        project_dir: str | Path | None = None, profiles_dir: str | Path | None = None, target: str | None = None,
        env: Mapping[str, str] | None = None, policy: RetryPolicy | None = None, dry_run: bool = False,
        mark_only: bool = False, log: Callable[[str], None] | None = None) -> int:
    """The command: read the alerts, notify, and return the exit status (0 every new alert
    delivered or none, 1 some monitor's message not delivered, 2 alerts or state unreadable or no
    URL)."""
    log = log or (lambda line: print(f"model-monitor notify: {line}", file=sys.stderr))
    if not url and not dry_run and not mark_only:
        log(f"no webhook URL: pass --webhook URL or set {ENV_URL}")
        return 2
    try:
        alerts = read_alerts(monitors, project_dir, profiles_dir, target, env)
        result = notify(url, alerts, state_path, fmt, policy, dry_run, mark_only, log)
    except NotifyError as exc:
        log(str(exc))
        return 2
    if not result.pending:
        log("no new alerts")
    return 0 if result.ok else 1
