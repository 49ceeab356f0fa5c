"""A wheel carries everything the tracker needs: installed from it, not from this checkout,
``tracker`` syncs, checks and renders from an unrelated folder."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT


def _run(*args: str | Path, cwd: Path, env: dict[str, str]) -> str:
    done = subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.slow
def test_an_installed_wheel_syncs_checks_and_renders(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "TRACKER_DATA_DIR")}
    dist, site, work = tmp_path / "dist", tmp_path / "site-packages", tmp_path / "work"
    work.mkdir()
    pip = (sys.executable, "-m", "pip", "--disable-pip-version-check", "-q")
    _run(
        *pip,
        "wheel",
        "--no-deps",
        "--no-build-isolation",
        "-w",
        dist,
        REPO_ROOT,
        cwd=tmp_path,
        env=env,
    )
    (wheel,) = dist.glob("*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "tracker/report/templates/index.html" in names
    assert "tracker/report/templates/partials/chart.svg" in names
    _run(*pip, "install", "--no-deps", "--target", site, wheel, cwd=tmp_path, env=env)
    # -S: no site-packages hooks, so this checkout's editable install cannot answer the import;
    # the dependencies come from this environment's site-packages, after the wheel's files.
    env["PYTHONPATH"] = os.pathsep.join([str(site), sysconfig.get_paths()["purelib"]])
    tracker = (sys.executable, "-S", "-m", "tracker")
    where = _run(
        sys.executable, "-S", "-c", "import tracker; print(tracker.__file__)", cwd=work, env=env
    )
    assert Path(where.strip()).is_relative_to(site)
    _run(*tracker, "sync", "A", "Argo", "Backstage", cwd=work, env=env)
    _run(*tracker, "start", "A", "Argo", "research", cwd=work, env=env)
    _run(*tracker, "check", cwd=work, env=env)
    out = _run(*tracker, "render", "--out", "site", cwd=work, env=env)
    assert "wrote" in out
    assert "Argo" in (work / "site" / "weeks" / "00-A.html").read_text()
    assert (work / "site" / "style.css").stat().st_size > 0
