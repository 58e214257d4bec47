"""`model-monitor generate/demo --db PATH` never replaces a file it did not create, unless --force:
it recognises its own files by the table main.model_monitor_demo_meta it writes into them."""
from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from model_monitor import cli, demo_data, demo_store

ROWS = str(demo_data.DAYS)  # the smallest log --rows accepts
MODEL_MONITOR = Path(sys.executable).with_name("model-monitor")


def _user_database(path: Path) -> Path:
    with duckdb.connect(str(path)) as con:
        con.execute("create table my_table as select 42 as answer")
    return path


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _tables(path: Path) -> set[tuple[str, str]]:
    with duckdb.connect(str(path), read_only=True) as con:
        return set(con.execute("select table_schema, table_name from information_schema.tables").fetchall())


def test_a_foreign_duckdb_file_is_refused_and_left_intact(tmp_path):
    db = _user_database(tmp_path / "mine.duckdb")
    before = _digest(db)
    result = subprocess.run([str(MODEL_MONITOR), "generate", "--rows", ROWS, "--db", str(db)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1, result
    assert str(db) in result.stderr and "--force" in result.stderr, result.stderr
    assert "generated" not in result.stdout
    assert _digest(db) == before
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("select answer from my_table").fetchall() == [(42,)]


def test_demo_refuses_too_before_generating_or_running_dbt(tmp_path, capsys):
    db = _user_database(tmp_path / "mine.duckdb")
    before = _digest(db)
    assert cli.main(["demo", "--rows", ROWS, "--db", str(db)]) == 1
    out, err = capsys.readouterr()
    assert f"refusing to overwrite {db}" in err and "--force" in err and out == ""
    assert _digest(db) == before


def test_force_overwrites_a_foreign_file(tmp_path):
    db = _user_database(tmp_path / "mine.duckdb")
    assert cli.main(["generate", "--rows", ROWS, "--db", str(db), "--force"]) == 0
    tables = _tables(db)
    assert ("main", "my_table") not in tables
    assert {("demo", "loan_predictions"), ("main", demo_store.MARKER_TABLE)} <= tables


def test_a_file_it_created_is_replaced_without_force(tmp_path):
    db = tmp_path / "log.duckdb"
    assert cli.main(["generate", "--rows", ROWS, "--seed", "1", "--db", str(db)]) == 0
    with duckdb.connect(str(db)) as con:  # what `demo` adds: dbt's tables next to the log
        con.execute("create table main.model_monitor__feature_drift as select 1 as x")
    assert cli.main(["generate", "--rows", ROWS, "--seed", "2", "--db", str(db)]) == 0
    assert ("main", "model_monitor__feature_drift") not in _tables(db)
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute(f"select seed from main.{demo_store.MARKER_TABLE}").fetchall() == [(2,)]
        assert con.execute("select count(*) from demo.loan_predictions").fetchone() == (demo_data.DAYS,)


def test_a_file_that_is_not_duckdb_is_refused(tmp_path, capsys):
    notes = tmp_path / "notes.duckdb"
    notes.write_text("not a database\n")
    assert cli.main(["generate", "--rows", ROWS, "--db", str(notes)]) == 1
    assert "not a DuckDB database" in capsys.readouterr().err
    assert notes.read_text() == "not a database\n"


def test_an_empty_file_is_used_and_a_directory_refused(tmp_path, capsys):
    empty = tmp_path / "empty.duckdb"  # e.g. from mktemp: nothing to lose
    empty.touch()
    assert cli.main(["generate", "--rows", ROWS, "--db", str(empty)]) == 0
    assert ("main", demo_store.MARKER_TABLE) in _tables(empty)
    folder = tmp_path / "folder"
    folder.mkdir()
    assert cli.main(["generate", "--rows", ROWS, "--db", str(folder), "--force"]) == 1
    assert "not a file" in capsys.readouterr().err and folder.is_dir()


def test_an_unmarked_demo_log_is_replaced_only_at_the_default_path(tmp_path, monkeypatch):
    """Demo databases of versions before the marker, e.g. integration_tests/target's after an upgrade."""
    old = tmp_path / "old.duckdb"
    predictions, outcomes = demo_data.generate(rows=demo_data.DAYS, seed=1)
    demo_store.write_duckdb(old, predictions, outcomes)
    assert cli.main(["generate", "--rows", ROWS, "--db", str(old)]) == 1
    monkeypatch.setattr(cli, "DEFAULT_DB", old)
    assert cli.main(["generate", "--rows", ROWS, "--db", str(old)]) == 0
    assert ("main", demo_store.MARKER_TABLE) in _tables(old)


@pytest.mark.parametrize("command", ["generate", "demo"])
def test_help_documents_the_rule(command, capsys):
    with pytest.raises(SystemExit):
        cli.main([command, "--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    assert "--force" in help_text and demo_store.MARKER_TABLE in help_text
