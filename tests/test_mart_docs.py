"""The marts are BI-ready: every column of every mart has a description of its own in dbt's
manifest, the Lightdash metadata in models/marts/_marts.yml names only columns and metrics that
exist, and the example dashboard under bi/lightdash/ names only fields that metadata defines.

`dbt parse` of the integration project gives the manifest (what dbt docs and Lightdash read);
`dbt docs generate` after a build on DuckDB gives the catalog, the columns the marts really have,
so a column added to a model without its YAML entry fails here too. Lightdash's own dbt compiler
(@lightdash/common, installed by scripts/lightdash.sh) compiles the marts of that manifest and
validates the example charts and dashboard against its as-code schemas
(scripts/lightdash_check.cjs).
"""
from __future__ import annotations

import json
import os
import re
import subprocess

import pytest
import yaml

from dbt_harness import REPO

LIGHTDASH = REPO / "bi" / "lightdash"
LIGHTDASH_MODULES = REPO / "build" / "lightdash" / "node_modules"
# Lightdash's default time intervals of a timestamp dimension without `time_intervals`
DEFAULT_INTERVALS = ["RAW", "DAY", "WEEK", "MONTH", "QUARTER", "YEAR"]
AGGREGATE = {"average", "count", "count_distinct", "max", "min", "sum", "median", "percentile", "sum_distinct",
             "average_distinct"}
NON_AGGREGATE = {"number", "boolean", "string", "date", "timestamp"}
REFERENCE = re.compile(r"\$\{([^}]+)\}")
# a model's dynamic columns documented once: segment_1 stands for segment_2, segment_3, ...
PATTERNS = {"model_monitor__prediction_outcomes": {re.compile(r"segment_\d+"): "segment_1"}}


def _marts(manifest: dict) -> dict[str, dict]:
    return {n["name"]: n for n in manifest["nodes"].values()
            if n["resource_type"] == "model" and n["package_name"] == "model_monitor"
            and n["original_file_path"].startswith("models/marts/")}


@pytest.fixture(scope="module")
def manifest(tmp_path_factory) -> dict:
    from dbt_harness import Engine

    engine = Engine("duckdb", tmp_path_factory.mktemp("parse"))
    run = engine.dbt("parse")
    assert run.success, run.messages[-4000:]
    return json.loads((engine.workdir / "target" / "manifest.json").read_text())


def _meta(entry: dict) -> dict:
    return {**(entry.get("meta") or {}), **((entry.get("config") or {}).get("meta") or {})}


def _lightdash_fields(node: dict) -> tuple[set[str], dict[str, dict]]:
    """The dimensions (with their time-interval variants) and metrics Lightdash makes of a model."""
    dimensions, metrics = set(), {}
    for name, column in node["columns"].items():
        dimensions.add(name)
        meta = _meta(column)
        dim = meta.get("dimension") or {}
        kind = dim.get("type") or ("timestamp" if (column.get("data_type") or "").startswith("timestamp") else None)
        intervals = dim.get("time_intervals", "default")
        if kind in ("timestamp", "date") and intervals != "OFF":
            for interval in DEFAULT_INTERVALS if intervals == "default" else intervals:
                dimensions.add(f"{name}_{interval.lower()}")
        for metric, spec in (meta.get("metrics") or {}).items():
            metrics[metric] = {**spec, "_column": name}
    for metric, spec in (_meta(node).get("metrics") or {}).items():
        metrics[metric] = {**spec, "_column": None}
    return dimensions, metrics


def test_every_mart_and_column_has_a_description(manifest):
    marts = _marts(manifest)
    assert "model_monitor__status" in marts and len(marts) >= 15
    problems = []
    for name, node in sorted(marts.items()):
        if len(node["description"].strip()) < 40:
            problems.append(f"{name}: no description")
        for column, entry in node["columns"].items():
            text = (entry.get("description") or "").strip()
            if not text:
                problems.append(f"{name}.{column}: no description")
            elif "readme" in text.lower() or text.lower().startswith("see "):
                problems.append(f"{name}.{column}: points elsewhere instead of describing ({text!r})")
    assert not problems, "\n".join(problems)


def test_lightdash_meta_names_existing_columns_and_metrics(manifest):
    problems = []
    metric_count = 0
    for name, node in sorted(_marts(manifest).items()):
        columns = set(node["columns"])
        dimensions, metrics = _lightdash_fields(node)
        metric_count += len(metrics)
        for key in _meta(node):
            if key not in ("metrics", "joins", "group_details", "label", "order_fields_by", "required_filters"):
                problems.append(f"{name}: unknown model meta key {key!r}")
        for column, entry in node["columns"].items():
            meta = _meta(entry)
            unknown = set(meta) - {"dimension", "metrics", "additional_dimensions"}
            if unknown:
                problems.append(f"{name}.{column}: unknown meta keys {sorted(unknown)}")
        for metric, spec in metrics.items():
            where = f"{name}: metric {metric}"
            if metric in dimensions:
                problems.append(f"{where} has the name of a dimension")
            kind = spec.get("type")
            if kind not in AGGREGATE | NON_AGGREGATE:
                problems.append(f"{where}: unknown type {kind!r}")
            if spec["_column"] is None and "sql" not in spec:
                problems.append(f"{where}: a model-level metric needs sql")
            for ref in REFERENCE.findall(spec.get("sql", "")):
                ok = ref == "TABLE" or (ref in metrics if kind in NON_AGGREGATE and spec["_column"] is None
                                        else ref in dimensions | set(metrics))
                if not ok:
                    problems.append(f"{where}: sql references {ref!r}, not a {'metric' if kind in NON_AGGREGATE else 'column'} of {name}")
            for rule in spec.get("filters") or []:
                for field in rule:
                    if field not in columns:
                        problems.append(f"{where}: filter on {field!r}, not a column")
            for field in spec.get("show_underlying_values") or []:
                if field not in dimensions | set(metrics):
                    problems.append(f"{where}: show_underlying_values names {field!r}")
    assert metric_count >= 30, metric_count
    assert not problems, "\n".join(problems)


def _charts() -> dict[str, dict]:
    return {p.stem: yaml.safe_load(p.read_text()) for p in sorted((LIGHTDASH / "charts").glob("*.yml"))}


def test_the_example_dashboard_names_only_defined_fields(manifest):
    marts = _marts(manifest)
    charts = _charts()
    assert len(charts) >= 5
    problems = []
    for slug, chart in charts.items():
        missing = {"name", "tableName", "slug", "spaceSlug", "version", "chartConfig", "metricQuery"} - set(chart)
        if missing or chart.get("slug") != slug or chart.get("version") != 1:
            problems.append(f"chart {slug}: missing {sorted(missing)} or slug/version wrong")
            continue
        table = chart["tableName"]
        if table not in marts:
            problems.append(f"chart {slug}: table {table} is not a mart")
            continue
        dimensions, metrics = _lightdash_fields(marts[table])
        fields = {f"{table}_{f}" for f in dimensions | set(metrics)}
        query = chart["metricQuery"]
        selected = list(query["dimensions"]) + list(query["metrics"])
        shown = [s["fieldId"] for s in query["sorts"]] + (chart.get("pivotConfig") or {}).get("columns", [])
        config = chart["chartConfig"].get("config") or {}
        layout = config.get("layout") or {}
        if layout:
            shown += [layout["xField"], *layout.get("yField", [])]
        for series in (config.get("eChartsConfig") or {}).get("series", []):
            shown += [series["encode"]["xRef"]["field"], series["encode"]["yRef"]["field"]]
        shown += chart.get("tableConfig", {}).get("columnOrder", [])
        filtered = [r["target"]["fieldId"] for group in (query.get("filters") or {}).values()
                    for r in group.get("and", [])]
        for field in selected + shown + filtered:
            if field not in fields:
                problems.append(f"chart {slug}: field {field} is not defined by {table}'s YAML")
        for field in set(shown) - set(selected):
            problems.append(f"chart {slug}: shows {field}, which its query does not select")
    dashboards = [yaml.safe_load(p.read_text()) for p in (LIGHTDASH / "dashboards").glob("*.yml")]
    assert len(dashboards) == 1
    dashboard = dashboards[0]
    missing = {"name", "slug", "spaceSlug", "version", "tiles", "tabs"} - set(dashboard)
    assert not missing and re.fullmatch(r"[a-z0-9-]+", dashboard["slug"]), missing
    tiled = [t["properties"]["chartSlug"] for t in dashboard["tiles"] if t["type"] == "saved_chart"]
    assert sorted(tiled) == sorted(charts), "every chart on the dashboard, every tile a chart of bi/lightdash"
    for tile in dashboard["tiles"]:
        if not (0 <= tile["x"] and tile["x"] + tile["w"] <= 36 and tile["h"] >= 1):
            problems.append(f"tile {tile['properties']}: outside the 36-column grid")
    assert not problems, "\n".join(problems)


def test_every_built_column_is_documented(duckdb_engine):
    """After a build of every mart (drift, performance with segments, freshness, operational
    metrics and an SLO), the catalog of `dbt docs generate` holds no column the YAML lacks."""
    import test_status

    predictions, outcomes, monitors = test_status._project()
    test_status._load(duckdb_engine, predictions, outcomes)
    variables = {**monitors, "model_monitor_as_of": "2024-05-09"}
    run = duckdb_engine.dbt("build", "--select", "package:model_monitor", *test_status.NO_GATE, vars=variables)
    assert run.success, run.messages[-6000:]
    docs = duckdb_engine.dbt("docs", "generate", "--select", "package:model_monitor", vars=variables)
    assert docs.success, docs.messages[-4000:]
    target = duckdb_engine.workdir / "target"
    catalog = json.loads((target / "catalog.json").read_text())
    marts = _marts(json.loads((target / "manifest.json").read_text()))
    problems, seen = [], 0
    for node_id, table in catalog["nodes"].items():
        name = node_id.split(".")[-1]
        if name not in marts:
            continue
        seen += 1
        documented = {c for c, e in marts[name]["columns"].items() if (e.get("description") or "").strip()}
        for column in (c.lower() for c in table["columns"]):
            alias = next((a for p, a in PATTERNS.get(name, {}).items() if p.fullmatch(column)), column)
            if alias not in documented:
                problems.append(f"{name}.{column}: in the table, not described in models/marts/_marts.yml")
    assert seen == len(marts), f"{seen} of {len(marts)} marts in the catalog"
    assert not problems, "\n".join(problems)


def test_docs_page_names_the_dashboard_files():
    text = (REPO / "docs" / "bi.md").read_text()
    assert "bi/lightdash" in text and "lightdash upload" in text and "model_monitor__status" in text
    for path in (LIGHTDASH / "dashboards").glob("*.yml"):
        assert path.stem in text, path


def _lightdash_check(manifest: dict, folder) -> dict:
    """scripts/lightdash_check.cjs on a manifest: Lightdash's compilation of the package's models
    and the validation of bi/lightdash."""
    if not (LIGHTDASH_MODULES / "@lightdash" / "common").is_dir():
        problem = f"{LIGHTDASH_MODULES}/@lightdash/common is missing (bash scripts/lightdash.sh installs it)"
        if os.environ.get("MODEL_MONITOR_REQUIRE_LIGHTDASH") == "1":
            pytest.fail(problem)
        pytest.skip(problem)
    path = folder / "manifest.json"
    path.write_text(json.dumps(manifest))
    done = subprocess.run(["node", str(REPO / "scripts" / "lightdash_check.cjs"), str(path), str(LIGHTDASH),
                           str(LIGHTDASH_MODULES)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-4000:]
    return json.loads(done.stdout)


def test_lightdash_compiles_the_marts_and_the_example_dashboard(manifest, tmp_path):
    """Lightdash's compiler makes an explore of every mart without an error, with exactly the
    fields this module's reading of the metadata expects (so the chart checks above use
    Lightdash's names), every chart's fields exist in its explore, and the chart and dashboard
    files pass Lightdash's as-code schemas. A manifest with a metric of an unknown type and a
    metric naming no field gets both errors, so the check is not vacuous."""
    out = _lightdash_check(manifest, tmp_path)
    assert out["model_errors"] == {} and out["explore_errors"] == {} and out["file_errors"] == {}, out
    marts = _marts(manifest)
    problems = []
    for table, node in sorted(marts.items()):
        dimensions, metrics = _lightdash_fields(node)
        expected = {f"{table}_{f}" for f in dimensions | set(metrics)}
        got = set(out["explores"].get(table, []))
        if got != expected:
            problems.append(f"{table}: only Lightdash {sorted(got - expected)}, only expected {sorted(expected - got)}")
    for chart, query in out["charts"].items():
        missing = set(query["fields"]) - set(out["explores"].get(query["explore"], []))
        if not query["fields"] or missing:
            problems.append(f"{chart}: fields {sorted(missing)} not in Lightdash's explore {query['explore']}")
    assert len(out["charts"]) >= 5 and not problems, "\n".join(problems)

    broken = json.loads(json.dumps(manifest))
    for node in broken["nodes"].values():
        if node.get("name") == "model_monitor__alerts" and node["resource_type"] == "model":
            node["meta"].setdefault("metrics", {})["bogus"] = {"type": "not_a_type", "sql": "1"}
        if node.get("name") == "model_monitor__slos" and node["resource_type"] == "model":
            node["meta"].setdefault("metrics", {})["ratio"] = {"type": "number", "sql": "${nope} / 2"}
    out = _lightdash_check(broken, tmp_path)
    assert "/meta/metrics/bogus/type" in out["model_errors"]["model_monitor__alerts"], out["model_errors"]
    assert "${nope}" in " ".join(out["explore_errors"]["model_monitor__slos"]), out["explore_errors"]
