"""A failing gate leaves every mart built in the same `dbt build` (issue 13, item 5), when it is
declared, as the README says, on a release-gate model of the project placed after the package's
leaf (model_monitor__monitor_state). The control shows why: the same gate on the predictions
model skips the marts a dashboard reads on the very day drift happens.
"""
from __future__ import annotations

import textwrap

import numpy as np
import pandas as pd

from dbt_harness import REPO

_PROJECT = """
name: release_gate
version: "0.1.0"
config-version: 2
profile: release_gate
flags: {send_anonymous_usage_stats: false}
vars:
  model_monitor:
    monitors:
      - {name: drifting, predictions: predictions, id_column: prediction_id, timestamp_column: predicted_at,
         task: binary_classification, score_column: score, window: day, features: {numeric: [amount]},
         reference: {start: '2025-06-01', end: '2025-06-03'}}
"""
# the release-gate model of the README: nothing depends on it, it depends on the package's leaf
_GATE_MODEL = "select monitor_name from {{ ref('model_monitor__monitor_state') }} where 1 = 0"
_GATE = "- model_monitor.drift_within: {name: psi_gate, arguments: {monitor: drifting, threshold: 0.25, window: all}}"


def _project(root, gate_on: str):
    rng = np.random.default_rng(4)
    n = 400
    days = np.repeat(np.arange(5), n // 5)
    frame = pd.DataFrame({"prediction_id": [f"p{i}" for i in range(n)],
                          "predicted_at": pd.Timestamp("2025-06-01") + pd.to_timedelta(days * 86400 + np.arange(n), unit="s"),
                          "score": rng.random(n), "amount": rng.normal(0, 1, n) + 3 * (days >= 3)})  # drift from day 3
    import duckdb

    with duckdb.connect(str(root / "w.duckdb")) as con:
        con.register("f", frame)
        con.execute("create table raw_predictions as select * from f")
    (root / "models").mkdir()
    (root / "dbt_packages").mkdir()
    (root / "dbt_packages" / "model_monitor").symlink_to(REPO)
    (root / "dbt_project.yml").write_text(_PROJECT)
    (root / "profiles.yml").write_text(
        f"release_gate:\n  target: d\n  outputs:\n    d: {{type: duckdb, path: '{root / 'w.duckdb'}', threads: 1}}\n")
    (root / "models" / "predictions.sql").write_text("select * from raw_predictions")
    (root / "models" / "release_gate.sql").write_text(_GATE_MODEL)
    (root / "models" / "gates.yml").write_text(textwrap.dedent(f"""
        version: 2
        models:
          - name: {gate_on}
            data_tests:
              {_GATE}
        """))


def _build(root):
    from dbt.cli.main import dbtRunner

    res = dbtRunner().invoke(["build", "--project-dir", str(root), "--profiles-dir", str(root),
                              "--log-path", str(root / "logs"), "--target-path", str(root / "target"),
                              "--no-partial-parse", "--quiet"])
    return {r.node.name: str(r.status) for r in res.result.results}


def test_a_failing_gate_after_the_leaf_leaves_every_mart_built(tmp_path):
    (tmp_path / "after").mkdir()
    _project(tmp_path / "after", gate_on="release_gate")
    status = _build(tmp_path / "after")
    assert status["psi_gate"] == "fail"
    marts = {name: s for name, s in status.items() if name.startswith("model_monitor__")}
    # every model of the package, the views over the marts included, is upstream of the leaf
    assert set(marts) == {p.stem for p in (REPO / "models").rglob("model_monitor__*.sql")}, marts
    assert set(marts.values()) == {"success"}, marts
    # ... by the manifest's edges: the leaf's ancestors are every other model of the package
    import json
    nodes = json.loads((tmp_path / "after" / "target" / "manifest.json").read_text())["nodes"]
    seen, todo = set(), ["model.model_monitor.model_monitor__monitor_state"]
    while todo:
        for parent in nodes[todo.pop()]["depends_on"]["nodes"]:
            if parent.startswith("model.model_monitor.") and parent not in seen:
                seen.add(parent)
                todo.append(parent)
    assert {u.rsplit(".", 1)[1] for u in seen} == set(marts) - {"model_monitor__monitor_state"}


def test_control_the_same_gate_on_the_predictions_skips_the_marts(tmp_path):
    (tmp_path / "before").mkdir()
    _project(tmp_path / "before", gate_on="predictions")
    status = _build(tmp_path / "before")
    assert status["psi_gate"] == "fail"
    assert status["model_monitor__metrics"] == "skipped" and status["model_monitor__alerts"] == "skipped"
