"""``scripts/pgserver.py``: a throwaway PostgreSQL server, started and stopped for real."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "pgserver.py"
HAVE_POSTGRES = shutil.which("initdb") is not None or any(
    Path("/usr/lib/postgresql").glob("*/bin/initdb")
)


@pytest.fixture
def folder():
    if not HAVE_POSTGRES:
        reason = "PostgreSQL's initdb is not installed (Debian: apt-get install postgresql)"
        if os.environ.get("CI"):
            pytest.fail(f"{reason} (CI is set: it must run)")
        pytest.skip(reason)
    # Not under pytest's tmp_path: as root, the server runs as `postgres`, who must reach it.
    path = Path(tempfile.mkdtemp(prefix="tracker-pgserver-test-"))
    path.chmod(0o755)
    yield path / "cluster"
    shutil.rmtree(path, ignore_errors=True)


def _script(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args], capture_output=True, text=True, check=False
    )


@pytest.mark.slow
def test_start_serves_on_loopback_then_stop_removes_everything(folder: Path):
    import psycopg

    started = _script("start", str(folder), "--no-fsync")
    assert started.returncode == 0, started.stderr
    url = started.stdout.strip()
    assert url.startswith("postgresql://tracker@127.0.0.1:")
    try:
        with psycopg.connect(url) as conn:
            listen = conn.execute("SHOW listen_addresses").fetchone()
            fsync = conn.execute("SHOW fsync").fetchone()
        assert listen == ("127.0.0.1",) and fsync == ("off",)
    finally:
        stopped = _script("stop", str(folder))
    assert stopped.returncode == 0, stopped.stderr
    assert not folder.exists()
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(url, connect_timeout=2)


def test_start_refuses_a_folder_that_is_not_empty(folder: Path):
    folder.mkdir()
    (folder / "precious").write_text("keep me")
    done = _script("start", str(folder))
    assert done.returncode == 1
    assert done.stderr == f"pgserver: {folder} is not empty\n"
    assert (folder / "precious").read_text() == "keep me"


@pytest.mark.skipif(os.geteuid() != 0, reason="only root hands the folder to postgres")
def test_a_folder_postgres_cannot_reach_is_explained(folder: Path):
    folder.mkdir(mode=0o700)
    done = _script("start", str(folder / "inner"))
    assert done.returncode == 1
    assert "the postgres user cannot reach" in done.stderr
