"""The command line says what it is: its version, and a description for every subcommand."""
from __future__ import annotations

import argparse
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from model_monitor import __version__, cli

REPO = Path(__file__).resolve().parents[1]


def test_version_is_the_package_version():
    declared = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["version"]
    assert __version__ == declared
    out = subprocess.run([sys.executable, "-m", "model_monitor.cli", "--version"], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == f"model-monitor {declared}"


def _subcommands() -> dict[str, argparse.ArgumentParser]:
    captured = {}

    class Stop(Exception):
        pass

    def capture(self, *args, **kwargs):
        captured["parser"] = self
        raise Stop

    original = argparse.ArgumentParser.parse_args
    argparse.ArgumentParser.parse_args = capture
    try:
        with pytest.raises(Stop):
            cli.main([])
    finally:
        argparse.ArgumentParser.parse_args = original
    action = next(a for a in captured["parser"]._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def test_every_subcommand_is_described():
    commands = _subcommands()
    assert {"demo", "generate", "dbt-spark", "udf-macros"} <= set(commands)
    for name, parser in commands.items():
        assert parser.description and len(parser.description) > 40, name
