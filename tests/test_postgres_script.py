"""scripts/postgres.sh in a checkout other users cannot enter (pytest's tmp_path, mode 700 like
`mktemp -d` or a private home): run as root, the server runs as user postgres, so the cluster
must live in a directory of its own under /tmp, found again by status and stop, which removes it."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PGBIN = Path("/usr/lib/postgresql/15/bin")

pytestmark = pytest.mark.postgres


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _listening(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


def test_start_status_stop_in_a_private_checkout(tmp_path):
    if not ((PGBIN / "initdb").exists() and Path("/usr/lib/postgresql/15/lib/plpython3.so").exists()):
        if os.environ.get("MODEL_MONITOR_REQUIRE_POSTGRES") == "1":
            pytest.fail("PostgreSQL 15 with PL/Python is not installed")
        pytest.skip("PostgreSQL 15 with PL/Python is not installed (scripts/postgres.sh start installs it)")
    checkout = tmp_path / "checkout"  # only scripts/: postgres.sh needs nothing else
    shutil.copytree(REPO / "scripts", checkout / "scripts")
    tmp_path.chmod(0o700)
    port = _free_port()
    env = {**os.environ, "MODEL_MONITOR_PG_PORT": str(port)}

    def script(command: str) -> subprocess.CompletedProcess:
        return subprocess.run(["bash", str(checkout / "scripts" / "postgres.sh"), command], env=env,
                              capture_output=True, text=True, timeout=60)

    pointer = checkout / "build" / "postgres" / "rundir"
    try:
        started = script("start")
        assert started.returncode == 0, started
        assert f"started on 127.0.0.1:{port}" in started.stdout
        assert script("status").returncode == 0
        import psycopg2

        with psycopg2.connect(host="127.0.0.1", port=port, user="postgres", dbname="postgres") as con:
            with con.cursor() as cur:
                cur.execute("show data_directory")
                data = Path(cur.fetchone()[0])
        con.close()
        if os.geteuid() == 0:  # the server runs as postgres, which cannot enter tmp_path
            assert not data.is_relative_to(tmp_path) and data.name == "data"
            assert pointer.read_text().strip() == str(data.parent)
    finally:
        stopped = script("stop")
    assert stopped.returncode == 0, stopped
    assert not _listening(port)
    assert not pointer.exists()
    if os.geteuid() == 0:
        assert not data.parent.exists()
        assert (checkout / "build" / "postgres" / "server.log").exists()  # kept for a post-mortem
    assert script("status").returncode == 3  # not running
