"""`model-monitor notify` and model_monitor__alert_digest.

One small DuckDB project is built once for the module (the drift-and-alerts fixture of
tests/test_freshness_metrics_alerts.py, as two monitors of the same log). The notifier posts to a
local HTTP server on 127.0.0.1 (a thread, random port) that records every post and answers as a
test asks: 200, 500 then 200, always 500, too slowly, or never (the notifier is then killed with
SIGKILL). The alerts posted are compared with the mart's rows read directly with duckdb; the
digest with a pandas groupby of model_monitor__alerts.
"""
from __future__ import annotations

import contextlib
import http.server
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from dbt_harness import PROJECT_DIR, REPO, Engine
from report_fixtures import dbt_env
from test_freshness_metrics_alerts import _data, _load, _monitors

from model_monitor import notify as nt
from model_monitor.cli import main

AS_OF = "2024-05-07 10:30:00"
MONITORS = ["loans", "loans_b"]
FAST = nt.RetryPolicy(attempts=3, base_delay=0.01, timeout=2.0)


OWNERS = {  # monitor loans names who answers, at three levels; loans_b names nobody
    "owner": "risk-ml@example.com", "response": "https://runbooks.example.com/loans?step=1&x='quoted'",
    "thresholds": {"accuracy": {"warn": 0.6, "alert": 0.5, "owner": "label-team"},
                   "psi": {"response": "Check the upstream feature job; it's usually the ETL"}},
    "amount_psi": {"owner": "amount owner \\ back\\slash", "response": "recompute amount"},
}


def _two_monitors() -> dict:
    plain = _monitors()["model_monitor"]["monitors"][0]
    owned = _monitors()["model_monitor"]["monitors"][0]
    owned.update(owner=OWNERS["owner"], response=OWNERS["response"])
    owned["thresholds"] = {**owned["thresholds"], **OWNERS["thresholds"]}
    amount = owned["features"]["numeric"][0]
    amount["thresholds"] = {"psi": {**amount["thresholds"]["psi"], **OWNERS["amount_psi"]}}
    return {"model_monitor": {"monitors": [owned, {**plain, "name": "loans_b"}]}, "model_monitor_as_of": AS_OF}


def expected_response(monitor: str, subject: str, metric: str, field: str) -> str | None:
    """Who answers an alert, by the documented precedence: the feature's rule, the monitor's rule,
    the monitor. Written from the configuration above, independently of the SQL."""
    if monitor != "loans":
        return None
    if subject == "amount" and metric == "psi" and field in OWNERS["amount_psi"]:
        return OWNERS["amount_psi"][field]
    if field in OWNERS["thresholds"].get(metric, {}):
        return OWNERS["thresholds"][metric][field]
    return OWNERS[field]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    engine = Engine("duckdb", tmp_path_factory.mktemp("notify"))
    _load(engine, *_data())
    run = engine.dbt("run", "--select", "package:model_monitor", vars=_two_monitors())
    assert run.success, run.messages[-6000:]
    run = engine.dbt("test", "--select", "model_monitor__alert_digest", vars=_two_monitors())  # its YAML tests
    assert run.success and len(run.results.results) >= 3, run.messages[-6000:]
    return engine


def _mart_alerts(engine) -> list[dict]:
    """model_monitor__alerts read directly with duckdb, normalized as the notifier does."""
    rows = engine.table("model_monitor__alerts")
    assert set(rows.monitor_name) == set(MONITORS) and len(rows) > 4
    return [nt.normalize_alert(r) for r in rows.to_dict("records")]


def _env(engine, directory: Path, db: Path | None = None) -> dict[str, str]:
    env = {**engine.env, **dbt_env(directory)}
    if db is not None:
        env["MODEL_MONITOR_DUCKDB_PATH"] = str(db)
    return env


# -- the local webhook -----------------------------------------------------------------------------

class Hook:
    """An HTTP server on 127.0.0.1 recording every POST; ``answers`` gives each request's answer in
    turn (an HTTP status, ``("slow", seconds)``, or ``"hang"``: wait until released), the last one
    repeating."""

    def __init__(self, answers=(200,)):
        self.answers = list(answers)
        self.posts: list[dict] = []  # every request received, answered or not
        self.accepted: list[dict] = []  # the requests answered 2xx
        self.lock = threading.Lock()
        self.second_request = threading.Event()
        self.release = threading.Event()
        hook = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                with hook.lock:
                    hook.posts.append({"path": self.path, "body": body,
                                       "content_type": self.headers.get("Content-Type")})
                    n = len(hook.posts)
                    answer = hook.answers[min(n - 1, len(hook.answers) - 1)]
                if n >= 2:
                    hook.second_request.set()
                if answer == "hang":
                    hook.release.wait(60)
                    return
                if isinstance(answer, tuple):
                    time.sleep(answer[1])
                    answer = 200
                try:
                    self.send_response(answer)
                    self.send_header("Content-Type", "text/plain")
                    self.end_headers()
                    self.wfile.write(b"ok" if answer < 300 else b"error")
                except (BrokenPipeError, ConnectionResetError):
                    return
                if answer < 300:
                    with hook.lock:
                        hook.accepted.append(body)

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.server.block_on_close = False
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/services/T000/B000/secret-token"

    def close(self):
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


@contextlib.contextmanager
def hook(*answers):
    h = Hook(answers or (200,))
    try:
        yield h
    finally:
        h.close()


def _free_port_url() -> str:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/hook"  # nothing listens there: connection refused


def _posted_alerts(bodies: list[dict]) -> list[dict]:
    return [a for body in bodies for a in body["alerts"]]


def _key_set(alerts) -> set[str]:
    return {nt.alert_key(a) for a in alerts}


def _sent_keys(state: Path) -> set[str]:
    return set(json.loads(state.read_text())["sent"]) if state.exists() else set()


# -- the digest --------------------------------------------------------------------------------------

def test_the_digest_equals_a_groupby_of_the_alerts(built):
    alerts = built.table("model_monitor__alerts")
    digest = built.table("model_monitor__alert_digest").sort_values(["monitor_name", "window_start"])
    expected = (alerts.assign(is_alert=alerts.severity.eq("alert").astype(int),
                              is_warn=alerts.severity.eq("warn").astype(int))
                .groupby(["monitor_name", "window_start"], as_index=False)
                .agg(window_end=("window_end", "max"), breach_count=("subject", "size"),
                     alert_count=("is_alert", "sum"), warn_count=("is_warn", "sum"),
                     subject_count=("subject", "nunique"), metric_count=("metric_name", "nunique")))
    expected["worst_severity"] = expected.alert_count.gt(0).map({True: "alert", False: "warn"})
    assert len(digest) == len(expected) > 2
    assert set(digest.worst_severity) <= {"alert", "warn"}
    got = digest[list(expected.columns)].reset_index(drop=True)
    for column in ["breach_count", "alert_count", "warn_count", "subject_count", "metric_count"]:
        got[column] = got[column].astype("int64")
        expected[column] = expected[column].astype("int64")
    pd.testing.assert_frame_equal(got, expected.reset_index(drop=True), check_dtype=False)
    # the digest names the monitor's own owner and response
    for r in digest.itertuples():
        got = tuple(None if pd.isna(v) else v for v in (r.owner, r.response))
        assert got == ((OWNERS["owner"], OWNERS["response"]) if r.monitor_name == "loans" else (None, None))


def test_every_alert_names_its_owner_and_response_by_precedence(built):
    alerts = built.table("model_monitor__alerts")
    loans = alerts[alerts.monitor_name == "loans"]
    # the fixture breaches all three levels: the feature rule, a monitor rule, the monitor's default
    assert ((loans.subject == "amount") & (loans.metric_name == "psi")).any()
    assert (loans.metric_name == "accuracy").any() and (loans.metric_name == "psi").any()
    assert (~loans.metric_name.isin(["psi", "accuracy"])).any()
    for r in alerts.itertuples():
        for field in ["owner", "response"]:
            got = getattr(r, field)
            assert (None if pd.isna(got) else got) == expected_response(r.monitor_name, r.subject, r.metric_name,
                                                                        field), (r, field)
    # and the message carries them
    rows = nt.group_by_monitor(nt.new_alerts(_mart_alerts(built), []))["loans"]
    text = "\n".join(b["text"]["text"] for b in nt.slack_payload("loans", rows)["blocks"] if b["type"] == "section")
    assert "; owner: label-team" in text  # Slack mrkdwn escapes &, < and >
    assert "; response: " + OWNERS["response"].replace("&", "&amp;") in text
    generic = nt.generic_payload("loans", rows)["alerts"]
    assert {(a["owner"], a["response"]) for a in generic} >= {("label-team", OWNERS["response"]),
                                                              (OWNERS["amount_psi"]["owner"], "recompute amount")}


# -- pure functions ----------------------------------------------------------------------------------

def test_payloads_list_every_breach_and_the_key_ignores_the_value(built):
    alerts = _mart_alerts(built)
    groups = nt.group_by_monitor(nt.new_alerts(alerts, []))
    assert list(groups) == MONITORS
    rows = groups["loans"]
    slack = nt.slack_payload("loans", rows)
    assert set(slack) == {"text", "blocks"} and slack["blocks"][0]["type"] == "header"
    text = "\n".join(b["text"]["text"] for b in slack["blocks"] if b["type"] == "section")
    for a in rows:  # window, subject, metric, value, threshold and severity of each breach
        assert f"[{a['severity']}] {a['subject']} {a['metric_name']} = " in text
        assert f"*Window {a['window_start']} to {a['window_end']}*" in text
    assert text.count("\n• ") == len(rows)
    generic = nt.generic_payload("loans", rows)
    assert generic["alerts"] == [{c: a[c] for c in nt.ALERT_COLUMNS} for a in rows]
    assert generic["breach_count"] == len(rows) == generic["alert_count"] + generic["warn_count"]
    json.dumps(generic, allow_nan=False)  # valid JSON
    moved = {**rows[0], "metric_value": 123.0, "threshold": 9.0}
    assert nt.alert_key(moved) == nt.alert_key(rows[0])
    assert nt.alert_key({**rows[0], "severity": "warn" if rows[0]["severity"] == "alert" else "alert"}) \
        != nt.alert_key(rows[0])
    assert nt.new_alerts(alerts + alerts, _key_set(alerts[1:])) == [alerts[0]]
    # a long listing is split and capped at Slack's 50 blocks, never longer than 3000 per section
    many = [{**rows[0], "subject": f"feature_{i:05d}_" + "x" * 40} for i in range(3000)]
    big = nt.slack_payload("loans", many)
    assert len(big["blocks"]) == 50 and big["blocks"][-1]["type"] == "context"
    assert max(len(b["text"]["text"]) for b in big["blocks"] if b["type"] == "section") <= 3000
    listed = sum(b["text"]["text"].count("\n• ") for b in big["blocks"] if b["type"] == "section")
    assert big["blocks"][-1]["elements"][0]["text"].startswith(f"{3000 - listed} more breaches")
    assert nt.redact_url("https://hooks.slack.com/services/T1/B2/XYZ") == "https://hooks.slack.com/***"


# -- delivery through the command --------------------------------------------------------------------

def test_first_run_posts_one_message_per_monitor_then_nothing_then_only_the_new_alert(built, tmp_path, monkeypatch,
                                                                                      capsys):
    state = tmp_path / "state.json"
    for key, value in _env(built, tmp_path / "dbt").items():
        monkeypatch.setenv(key, value)
    args = ["notify", "--format", "generic", "--state", str(state), "--retry-delay", "0.01",
            "--project-dir", str(PROJECT_DIR), "--profiles-dir", str(PROJECT_DIR), "--target", "duckdb"]
    mart = _mart_alerts(built)
    with hook(200) as h:
        monkeypatch.setenv(nt.ENV_URL, h.url)  # the URL from the environment
        assert main(args) == 0
        assert [b["monitor_name"] for b in h.accepted] == MONITORS  # one message per monitor
        assert all(p["content_type"].startswith("application/json") for p in h.posts)
        posted = _posted_alerts(h.accepted)
        assert len(posted) == len(mart) and _key_set(posted) == _key_set(mart)
        by_key = {nt.alert_key(a): a for a in mart}
        assert all(a == by_key[nt.alert_key(a)] for a in posted)  # values too
        assert _sent_keys(state) == _key_set(mart)
        err = capsys.readouterr().err
        assert "secret-token" not in err and "127.0.0.1" in err  # the URL's secret part is never printed

        assert main(args) == 0  # second run: nothing new, nothing posted
        assert len(h.posts) == 2 and "no new alerts" in capsys.readouterr().err

        # a new alert later (a new window's breach written into the mart): only it is posted
        with duckdb.connect(str(built.duckdb_path)) as con:
            con.execute("insert into main.model_monitor__alerts (monitor_name, window_start, window_end, subject, "
                        "metric_name, metric_value, threshold, severity, metric_group) values ('loans_b', "
                        "timestamp '2024-05-09', timestamp '2024-05-10', 'amount', 'psi', 2.5, 1.0, 'alert', 'drift')")
        try:
            assert main(args) == 0
            assert len(h.accepted) == 3
            assert h.accepted[2]["monitor_name"] == "loans_b"
            assert h.accepted[2]["alerts"] == [{
                "monitor_name": "loans_b", "window_start": "2024-05-09T00:00:00", "window_end": "2024-05-10T00:00:00",
                "subject": "amount", "metric_name": "psi", "metric_value": 2.5, "threshold": 1.0, "severity": "alert",
                "metric_group": "drift", "owner": None, "response": None}]
            assert len(_sent_keys(state)) == len(mart) + 1
        finally:
            with duckdb.connect(str(built.duckdb_path)) as con:
                con.execute("delete from main.model_monitor__alerts where window_start = timestamp '2024-05-09'")
    # no URL: status 2, nothing read or written
    monkeypatch.delenv(nt.ENV_URL)
    assert main(args) == 2


def test_slack_format_through_the_command_and_one_monitor(built, tmp_path, monkeypatch):
    for key, value in _env(built, tmp_path / "dbt").items():
        monkeypatch.setenv(key, value)
    with hook(200) as h:
        assert main(["notify", "--webhook", h.url, "--state", str(tmp_path / "s.json"), "--monitor", "loans_b",
                     "--project-dir", str(PROJECT_DIR), "--profiles-dir", str(PROJECT_DIR), "--target", "duckdb"]) == 0
        assert len(h.accepted) == 1
        body = h.accepted[0]
        assert set(body) == {"text", "blocks"} and "monitor loans_b" in body["text"]
        n = sum(1 for a in _mart_alerts(built) if a["monitor_name"] == "loans_b")
        assert sum(b["text"]["text"].count("\n• ") for b in body["blocks"] if b["type"] == "section") == n


def test_a_500_then_200_is_retried(built, tmp_path):
    alerts = _mart_alerts(built)
    state = tmp_path / "state.json"
    with hook(500, 200) as h:
        result = nt.notify(h.url, alerts, state, "generic", FAST)
    assert result.ok and result.delivered == {m: sum(a["monitor_name"] == m for a in alerts) for m in MONITORS}
    assert len(h.posts) == 3 and len(h.accepted) == 2  # loans: 500, then 200; loans_b: 200
    assert h.posts[0]["body"] == h.posts[1]["body"]
    assert _sent_keys(state) == _key_set(alerts)


def test_a_failing_server_marks_nothing_and_the_next_run_delivers(built, tmp_path, monkeypatch):
    alerts = _mart_alerts(built)
    state = tmp_path / "state.json"
    sleeps: list[float] = []
    with hook(500) as h:
        result = nt.notify(h.url, alerts, state, "generic", FAST, post=lambda url, payload, policy: nt.post_json(
            url, payload, policy, sleep=lambda s: sleeps.append(s)))
        assert not result.ok and set(result.failed) == set(MONITORS) and "HTTP 500" in result.failed["loans"]
        assert len(h.posts) == 2 * FAST.attempts and not h.accepted
    assert sleeps == [0.01, 0.02] * 2  # exponential backoff between the attempts
    assert not state.exists()
    # a refused connection, through the command: exit status 1, nothing marked
    for key, value in _env(built, tmp_path / "dbt").items():
        monkeypatch.setenv(key, value)
    args = ["notify", "--state", str(state), "--attempts", "2", "--retry-delay", "0.01", "--project-dir",
            str(PROJECT_DIR), "--profiles-dir", str(PROJECT_DIR), "--target", "duckdb"]
    assert main([*args, "--webhook", _free_port_url()]) == 1
    assert not state.exists()
    with hook(200) as h:  # the next run, a good server: everything is delivered
        assert main([*args, "--webhook", h.url]) == 0
        assert len(h.accepted) == 2
    assert _sent_keys(state) == _key_set(alerts)


def test_a_4xx_is_not_retried_and_a_slow_server_times_out(built, tmp_path):
    alerts = _mart_alerts(built)
    state = tmp_path / "state.json"
    with hook(404) as h:
        result = nt.notify(h.url, alerts, state, "generic", FAST)
        assert len(h.posts) == 2 and set(result.failed) == set(MONITORS)  # one attempt per monitor
    slow = nt.RetryPolicy(attempts=2, base_delay=0.01, timeout=0.3)
    with hook(("slow", 1.5)) as h:
        started = time.perf_counter()
        result = nt.notify(h.url, alerts, state, "generic", slow)
        elapsed = time.perf_counter() - started
        assert set(result.failed) == set(MONITORS) and "timed out" in result.failed["loans"]
        assert len(h.posts) == 4 and elapsed < 4  # 2 monitors x 2 attempts of 0.3 s, not 1.5 s each
    assert not state.exists()
    with hook(("slow", 0.1)) as h:  # slow but within the timeout: delivered
        assert nt.notify(h.url, alerts, state, "generic", slow).ok
    assert _sent_keys(state) == _key_set(alerts)


def test_a_notifier_stopped_after_the_first_monitor_resends_only_the_rest(built, tmp_path):
    alerts = _mart_alerts(built)
    state = tmp_path / "state.json"
    delivered: list[str] = []

    def post_then_crash(url, payload, policy):
        if delivered:
            raise KeyboardInterrupt  # the process stops before the second monitor's post
        delivered.append(payload["monitor_name"])
        return nt.post_json(url, payload, policy)

    with hook(200) as h:
        with pytest.raises(KeyboardInterrupt):
            nt.notify(h.url, alerts, state, "generic", FAST, post=post_then_crash)
        assert [b["monitor_name"] for b in h.accepted] == ["loans"]
        assert _sent_keys(state) == _key_set(a for a in alerts if a["monitor_name"] == "loans")
        assert nt.notify(h.url, alerts, state, "generic", FAST).ok  # restarted
        assert [b["monitor_name"] for b in h.accepted] == ["loans", "loans_b"]
    assert _sent_keys(state) == _key_set(alerts)


def test_a_notifier_killed_with_sigkill_in_the_middle(built, tmp_path):
    """A real process, killed (SIGKILL) while its second monitor's post waits for an answer: the
    first monitor, delivered, is not sent again; the second is sent by the next run."""
    db = tmp_path / "copy.duckdb"  # dbt keeps the module's file open (locked) in this process
    with duckdb.connect(str(built.duckdb_path)) as con:
        con.execute("checkpoint")
    shutil.copy(built.duckdb_path, db)
    state = tmp_path / "state.json"
    env = {**os.environ, **_env(built, tmp_path / "dbt", db), "PYTHONPATH": str(REPO)}
    with hook(200, "hang") as h:
        proc = subprocess.Popen(
            [sys.executable, "-m", "model_monitor.cli", "notify", "--webhook", h.url, "--format", "generic",
             "--state", str(state), "--timeout", "60", "--project-dir", str(PROJECT_DIR), "--profiles-dir",
             str(PROJECT_DIR), "--target", "duckdb"],
            env=env, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        try:
            assert h.second_request.wait(180), proc.communicate(timeout=5)[0].decode()[-3000:]
            proc.send_signal(signal.SIGKILL)
            proc.wait(30)
        finally:
            if proc.poll() is None:
                proc.kill()
        assert proc.returncode == -signal.SIGKILL
        assert [b["monitor_name"] for b in h.accepted] == ["loans"]
    alerts = _mart_alerts(built)
    assert _sent_keys(state) == _key_set(a for a in alerts if a["monitor_name"] == "loans")
    assert not list(tmp_path.glob("state.json.*.tmp"))  # the atomic write leaves no temporary file
    with hook(200) as h:  # restarted
        assert nt.notify(h.url, alerts, state, "generic", FAST).ok
        assert [b["monitor_name"] for b in h.accepted] == ["loans_b"]
        assert _key_set(_posted_alerts(h.accepted)) == _key_set(a for a in alerts if a["monitor_name"] == "loans_b")
    assert _sent_keys(state) == _key_set(alerts)


def test_state_file_errors(tmp_path, built):
    state = tmp_path / "state.json"
    state.write_text("{not json")
    with pytest.raises(nt.NotifyError, match="cannot read the state file"):
        nt.notify("http://127.0.0.1:9/x", _mart_alerts(built), state)
    assert state.read_text() == "{not json"  # never overwritten: that would re-send everything


@pytest.mark.postgres
def test_digest_and_notify_on_postgres(postgres_engine, tmp_path):
    engine = postgres_engine
    _load(engine, *_data())
    run = engine.dbt("run", "--select", "package:model_monitor", vars=_two_monitors())
    assert run.success, run.messages[-6000:]
    test_the_digest_equals_a_groupby_of_the_alerts(engine)
    alerts = nt.read_alerts(project_dir=PROJECT_DIR, profiles_dir=PROJECT_DIR, target="postgres",
                            env=_env(engine, tmp_path / "dbt"))
    assert _key_set(alerts) == _key_set(_mart_alerts(engine))
    state = tmp_path / "state.json"
    with hook(200) as h:
        assert nt.notify(h.url, alerts, state, "generic", FAST).ok
        assert [b["monitor_name"] for b in h.accepted] == MONITORS
        assert nt.notify(h.url, alerts, state, "generic", FAST).ok and len(h.posts) == 2


def test_dry_run_records_nothing_and_mark_sent_posts_nothing(built, tmp_path, capsys):
    alerts = _mart_alerts(built)
    state = tmp_path / "state.json"
    with hook(200) as h:
        result = nt.notify(h.url, alerts, state, "slack", FAST, dry_run=True)
        printed = capsys.readouterr().out
        assert result.ok and not h.posts and not state.exists() and printed.count('"blocks"') == 2
        assert nt.notify(None, alerts, state, "slack", FAST, mark_only=True).ok
        assert not h.posts and _sent_keys(state) == _key_set(alerts)
        assert nt.notify(h.url, alerts, state, "slack", FAST).pending == 0 and not h.posts
