"""The package's metric catalogue (``macros/config/metric_catalogue.sql``), read by the tests
from the same text the macros evaluate (a Jinja list literal that is also a YAML flow sequence),
so that defaults, directions and metric lists are never copied into a test."""
from __future__ import annotations

import re
from pathlib import Path

import yaml

FILE = Path(__file__).resolve().parents[1] / "macros" / "config" / "metric_catalogue.sql"


def load() -> list[dict]:
    text = FILE.read_text()
    match = re.search(r"metric_catalogue:begin -#\}\s*\{%- set catalogue = (\[.*?\]) -%\}\s*\{#- metric_catalogue:end",
                      text, re.S)
    assert match, f"{FILE}: no metric_catalogue:begin/end block"
    return yaml.safe_load(match.group(1))


CATALOGUE = load()
ENTRIES = {m["name"]: m for m in CATALOGUE}


def names(**filters) -> list[str]:
    """Names in catalogue order whose entry matches every filter (``applies_to`` matches one
    member of the entry's list; a missing boolean key is false)."""
    out = []
    for m in CATALOGUE:
        ok = True
        for key, want in filters.items():
            have = m.get(key, False if key in ("rule", "needs_outcomes", "metric_column", "needs_error_model") else None)
            ok &= (want in have) if key == "applies_to" else (have == want)
        if ok:
            out.append(m["name"])
    return out


# {metric: (warn, alert)} for the metrics with a default threshold
DEFAULT_THRESHOLDS = {m["name"]: (m.get("warn"), m.get("alert")) for m in CATALOGUE
                      if m.get("warn") is not None or m.get("alert") is not None}
LOWER_IS_WORSE = set(names(worse="lower"))

# What the drift oracles need: the feature_drift rules in the order drift_reason lists them, and
# their default thresholds as {metric: {'warn': x, 'alert': y}} (a level without a default absent).
DRIFT_RULE_ORDER = names(source="feature_drift", rule=True)
DRIFT_DEFAULT_THRESHOLDS = {
    m: {level: value for level, value in zip(("warn", "alert"), DEFAULT_THRESHOLDS[m]) if value is not None}
    for m in DRIFT_RULE_ORDER if m in DEFAULT_THRESHOLDS}
