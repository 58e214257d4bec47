"""The report in a real browser: Debian's chromium (scripts/chromium.sh installs it; `make test`
runs that script) driven by Playwright, with the network disabled. Each view opens without a
console error, its charts draw (canvases with non-transparent pixels), choosing another feature
and window redraws the charts with that feature's and window's data, and an alert's link opens
its chart. Screenshots go to build/report-screenshots/ for people to look at."""
from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest

from model_monitor.report import decode_counts, drift_series
from report_fixtures import demo_report, synthetic_report  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
SCREENSHOTS = REPO / "build" / "report-screenshots"
VIEWS = ["executive", "oncall", "debug"]

# pixels drawn per canvas (a canvas Chart.js has not drawn on is fully transparent)
DRAWN = """sel => Array.from(document.querySelectorAll(sel)).map(c => {
  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let n = 0;
  for (let i = 3; i < d.length; i += 4) if (d[i]) n++; return n; })"""
CHART_DATA = """id => { const c = document.querySelector('#' + id + ' canvas'); const ch = Chart.getChart(c);
  return {labels: ch.data.labels, data: ch.data.datasets.map(d => d.data), names: ch.data.datasets.map(d => d.label),
          image: c.toDataURL()}; }"""


def _require_browser() -> None:
    problem = None
    if not CHROMIUM.exists():
        problem = f"{CHROMIUM} is missing (bash scripts/chromium.sh installs it)"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            problem = "playwright is not installed (pip install -c constraints-dev.txt -e '.[test]')"
    if problem:
        if os.environ.get("MODEL_MONITOR_REQUIRE_BROWSER") == "1":
            pytest.fail(f"browser tests required but {problem}")
        pytest.skip(f"browser tests skipped: {problem}")


@pytest.fixture(scope="module")
def browser():
    _require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


class Page:
    """A page in an offline context; every request other than the file itself is aborted and kept."""

    def __init__(self, browser, path: Path):
        self.context = browser.new_context(offline=True, viewport={"width": 1400, "height": 1000})
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.path = path

        def route(r):
            if r.request.url.split("#")[0] == path.as_uri():
                r.continue_()
            else:
                self.requests.append(r.request.url)
                r.abort()

        self.context.route("**/*", route)
        self.page = self.context.new_page()
        self.page.on("console", lambda m: self.errors.append(f"{m.type}: {m.text}") if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(f"page error: {e}"))

    def open(self, fragment: str, view: str) -> None:
        self.page.goto(f"{self.path.as_uri()}#{fragment}")
        self.wait(view)

    def wait(self, view: str) -> None:
        self.page.wait_for_selector(f"body[data-rendered={view}]")
        self.page.wait_for_timeout(150)  # a frame for Chart.js

    def drawn(self, selector: str = "canvas") -> list[int]:
        return self.page.evaluate(DRAWN, selector)

    def chart(self, box_id: str) -> dict:
        return self.page.evaluate(CHART_DATA, box_id)

    def screenshot(self, name: str) -> None:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def demo_page(browser, demo_report):
    page = Page(browser, demo_report.report)
    yield page
    page.close()


def test_every_view_renders_offline_without_console_errors(demo_page, synthetic_report, browser):
    for name, page in (("demo", demo_page), ("synthetic-100x365", Page(browser, synthetic_report.report))):
        for view in VIEWS:
            page.open(f"view={view}", view)
            drawn = page.drawn()
            # the demo has no SLO and no latency column: its on-call view is tables only
            assert (drawn or (name, view) == ("demo", "oncall")) and all(n > 200 for n in drawn), (name, view, drawn)
            page.screenshot(f"{name}-{view}")
        assert page.errors == [], (name, page.errors)
        assert page.requests == [], (name, page.requests)
    # the synthetic history has SLOs and latency: their charts are on the on-call view
    page.open("view=oncall", "oncall")
    for box in ("chart-latency",):
        assert page.chart(box)["data"][0], box
    page.close()


def test_choosing_another_feature_and_window_changes_the_charts(demo_page, demo_report):
    data = demo_report.data()["monitors"]["car_loan"]
    page = demo_page
    page.open("view=debug&feature=credit_score&window=2026-02-10T00:00:00", "debug")
    before = page.chart("chart-histogram"), page.chart("chart-stat-psi")
    # the psi chart plots the page's data (test_report.py compares that with the mart)
    psi = drift_series(data["features"]["credit_score"])["psi"]
    assert before[1]["data"][0] == psi
    page.page.select_option("#sel-feature", "vehicle_make")
    page.wait("debug")
    assert "feature=vehicle_make" in page.page.url
    after_feature = page.chart("chart-histogram"), page.chart("chart-stat-psi")
    assert after_feature[1]["data"][0] == drift_series(data["features"]["vehicle_make"])["psi"]
    assert after_feature[0]["labels"] != before[0]["labels"]  # categories by name instead of numeric bins
    assert "__unseen__" in after_feature[0]["labels"]
    assert after_feature[0]["image"] != before[0]["image"] and after_feature[1]["image"] != before[1]["image"]
    page.screenshot("demo-debug-vehicle_make")
    # another window: the window's bars change to that window's counts
    page.page.select_option("#sel-window", "2026-03-06T00:00:00")
    page.wait("debug")
    after_window = page.chart("chart-histogram")
    hist = data["features"]["vehicle_make"]["hist"]
    k = [demo_report.data()["windows"][i] for i in _runs(hist["w"])].index("2026-03-06T00:00:00")
    width = len(hist["refs"][0]["labels"])
    counts = decode_counts(hist["counts"])[k * width:(k + 1) * width]
    assert after_window["data"][1] == [c / sum(counts) for c in counts]
    assert after_window["image"] != after_feature[0]["image"]
    assert "2026-03-06" in page.page.inner_text("main h2")
    page.screenshot("demo-debug-vehicle_make-2026-03-06")
    assert page.errors == [] and page.requests == []


def test_an_alert_links_to_its_chart(demo_page):
    page = demo_page
    page.open("view=oncall", "oncall")
    row = page.page.locator("tr.alert-row").first
    window, subject = row.locator("td").nth(0).inner_text(), row.locator("td").nth(3).inner_text()
    row.locator("a").click()
    page.wait("debug")
    heading = page.page.inner_text("main h2")
    assert subject in heading and window in heading, (subject, window, heading)
    assert all(n > 200 for n in page.drawn())
    assert page.errors == [] and page.requests == []


def test_oncall_names_owners_the_live_version_and_the_pipeline_runs(demo_page, demo_report):
    """On-call: each alert's owner and response as the demo configures them (psi rule: its own
    owner; others: the monitor's), the version live in the last window, and the recorded runs."""
    import duckdb

    page = demo_page
    page.open("view=oncall", "oncall")
    header = [c.inner_text() for c in page.page.locator("#alerts ~ div table").first.locator("th").all()]
    rows = page.page.locator("tr.alert-row").all()[:50]
    assert rows and {"owner", "response"} <= set(header)
    for row in rows:
        cells = dict(zip(header, [c.inner_text() for c in row.locator("td").all()]))
        want = "feature-store-team" if cells["statistic"] == "psi" else "credit-risk-ml"
        assert cells["owner"] == want, cells
    with duckdb.connect(str(demo_report.db), read_only=True) as con:
        live = con.execute("select model_version from main.model_monitor__model_versions where monitor_name = 'car_loan' "
                           "and window_start = (select max(window_start) from main.model_monitor__model_versions "
                           "where monitor_name = 'car_loan')").fetchall()
        runs = con.execute("select count(*), sum(case when run_succeeded then 1 else 0 end) "
                           "from main.model_monitor__pipeline_runs").fetchone()
    text = page.page.inner_text("main")
    assert "Live in the window of" in text and all(v in text for (v,) in live)
    assert runs[0] >= 1 and f"{runs[1]} of {runs[0]} recorded runs succeeded" in text
    page.screenshot("demo-oncall-owners-versions-runs")
    assert page.errors == [] and page.requests == []


def test_latest_error_delta_equals_the_performance_mart(demo_page, demo_report):
    """On-call: each realized metric of a version's latest labeled window minus its labeled window
    before, read from the performance mart here."""
    import duckdb

    page = demo_page
    page.open("view=oncall", "oncall")
    table = page.page.locator("#error-delta + div table")
    header = [c.inner_text() for c in table.locator("th").all()]
    shown = [dict(zip(header, [c.inner_text() for c in r.locator("td").all()])) for r in table.locator("tbody tr").all()]
    with duckdb.connect(str(demo_report.db), read_only=True) as con:
        perf = con.execute("select * from main.model_monitor__performance where monitor_name = 'car_loan' "
                           "and segment_name = '__all__' and evaluated_count > 0 order by window_start").df()
    expected = {}
    for version, rows in perf.groupby("model_version"):
        if len(rows) < 2:
            continue
        cur, prev = rows.iloc[-1], rows.iloc[-2]
        for metric in ("roc_auc", "accuracy", "f1", "precision", "recall", "average_precision", "log_loss", "brier_score"):
            if metric in rows and pd.notna(cur[metric]) and pd.notna(prev[metric]):
                expected[(version, metric)] = (cur.window_start.strftime("%Y-%m-%d"), cur[metric] - prev[metric])
    got = {(r["model_version"], r["metric"]): (r["window"], float(r["delta"])) for r in shown}
    assert expected and {k: v[0] for k, v in got.items() if k in expected} == {k: v[0] for k, v in expected.items()}
    assert set(expected) <= set(got)
    assert all(abs(got[k][1] - expected[k][1]) <= 1e-4 * max(1, abs(expected[k][1])) for k in expected), (got, expected)
    assert page.errors == [] and page.requests == []


def test_fairness_gaps_equal_the_fairness_mart(demo_page, demo_report):
    """The page computes the gaps from the performance rows; they are the mart's."""
    import duckdb

    page = demo_page
    page.open("view=executive&version=v1&segment=salary_range%3D%3C25k&metric=accuracy", "executive")
    chart = page.chart("chart-fairness")
    assert chart["names"]
    with duckdb.connect(str(demo_report.db), read_only=True) as con:
        mart = con.execute("select window_start, segment_value, gap_to_overall from main.model_monitor__fairness "
                           "where monitor_name = 'car_loan' and model_version = 'v1' and segment_name = 'salary_range' "
                           "and metric_name = 'accuracy'").fetchall()
    plotted = {(label, name): value for name, values in zip(chart["names"], chart["data"])
               for label, value in zip(chart["labels"], values) if value is not None}
    expected = {(w.strftime("%Y-%m-%d"), v): g for w, v, g in mart if g is not None}
    assert plotted.keys() == expected.keys() and len(expected) > 50
    assert all(abs(plotted[k] - expected[k]) <= 1e-12 for k in expected), \
        max(abs(plotted[k] - expected[k]) for k in expected)
    assert page.errors == [] and page.requests == []


def _runs(runs):
    return [first + k for first, length in runs for k in range(length)]
