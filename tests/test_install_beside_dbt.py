"""The package installs into an existing dbt environment of another supported version and builds
there (issue 14, item 5): a fresh venv gets dbt-core 1.10 and dbt-duckdb 1.10 first, then
``pip install`` of this repository, which must keep them (ranges, not pins). The package then
builds a small monitor on dbt 1.10, p-value UDF plugin included, and its feature_drift equals the
same build on the development venv's dbt 1.11."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap
import venv
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

REPO = Path(__file__).resolve().parents[1]
OLDER = ["dbt-core==1.10.*", "dbt-duckdb==1.10.*"]

_PROJECT = """
name: beside
version: "1.0.0"
config-version: 2
profile: beside
flags: {send_anonymous_usage_stats: false}
vars:
  model_monitor:
    monitors:
      - name: m
        predictions: predictions
        id_column: prediction_id
        timestamp_column: predicted_at
        task: binary_classification
        score_column: score
        features: {numeric: [x], categorical: [c]}
        window: day
        reference: {start: '2024-01-01', end: '2024-01-03'}
"""

_READ = """
import json, sys, duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
rows = con.execute("select feature_name, cast(window_start as varchar), row_count, psi, ks_statistic, ks_pvalue, "
                   "chi2_pvalue, drift_status from main.model_monitor__feature_drift order by 1, 2").fetchall()
print(json.dumps(rows))
"""


def _project(root: Path, bin_dir: Path) -> Path:
    rng = np.random.default_rng(3)
    n = 600
    (root / "seeds").mkdir(parents=True)
    pd.DataFrame({
        "prediction_id": [f"p{i}" for i in range(n)],
        "predicted_at": (pd.Timestamp("2024-01-01") + pd.to_timedelta(np.arange(n) * 600, unit="s")).astype(str),
        "score": rng.random(n).round(6),
        "x": (rng.normal(size=n) + (np.arange(n) > 432) * 0.7).round(4),
        "c": rng.choice(["a", "b", "c"], n),
    }).to_csv(root / "seeds" / "predictions.csv", index=False)
    (root / "dbt_project.yml").write_text(_PROJECT)
    (root / "packages.yml").write_text(f"packages:\n  - local: {REPO}\n")
    (root / "profiles.yml").write_text(textwrap.dedent(f"""
        beside:
          target: d
          outputs:
            d:
              type: duckdb
              path: '{root / "w.duckdb"}'
              threads: 1
              plugins: [{{module: model_monitor.duckdb_plugin}}]
        """))
    for args in (["deps"], ["build", "--select", "predictions", "package:model_monitor"]):
        run = subprocess.run([str(bin_dir / "dbt"), *args, "--project-dir", str(root), "--profiles-dir", str(root)],
                             capture_output=True, text=True, env={"PATH": "/usr/bin:/bin", "DO_NOT_TRACK": "1",
                                                                  "HOME": str(root)})
        assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    out = subprocess.run([str(bin_dir / "python"), "-c", _READ, str(root / "w.duckdb")],
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out)


def test_installs_and_builds_beside_older_dbt(tmp_path):
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    pip = [str(env_dir / "bin" / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    subprocess.run([*pip, *OLDER], check=True, capture_output=True)
    before = subprocess.run([str(env_dir / "bin" / "python"), "-m", "pip", "freeze"], capture_output=True,
                            text=True, check=True).stdout
    # pip builds in the source tree (build/, *.egg-info): build from a copy, not the repository
    source = tmp_path / "source"
    shutil.copytree(REPO, source, symlinks=True, ignore=shutil.ignore_patterns(
        ".git", ".venv", "build", "target", "dbt_packages", "logs", "*.egg-info", "__pycache__"))
    install = subprocess.run([*pip, str(source)], capture_output=True, text=True)
    assert install.returncode == 0, install.stderr[-3000:]
    after = subprocess.run([str(env_dir / "bin" / "python"), "-m", "pip", "freeze"], capture_output=True,
                           text=True, check=True).stdout
    versions = {line.split("==")[0].lower(): line.split("==")[1] for line in after.splitlines() if "==" in line}
    assert versions["dbt-core"].startswith("1.10.") and versions["dbt-duckdb"].startswith("1.10."), versions
    kept = {line for line in before.splitlines() if line.lower().startswith(("dbt-core==", "dbt-duckdb=="))}
    assert kept <= set(after.splitlines())
    assert subprocess.run([str(env_dir / "bin" / "python"), "-m", "pip", "check"], capture_output=True).returncode == 0

    older = _project(tmp_path / "older", env_dir / "bin")
    current = _project(tmp_path / "current", Path(sys.executable).parent)
    assert older and any(row[5] is not None for row in older)  # the plugin's p-values on dbt 1.10
    assert len(older) == len(current)
    for a, b in zip(older, current):
        assert a[:3] == b[:3] and a[7] == b[7], (a, b)
        for u, v in zip(a[3:7], b[3:7]):
            assert (u is None and v is None) or abs(u - v) <= 1e-12, (a, b)
