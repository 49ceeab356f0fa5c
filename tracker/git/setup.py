"""Setting up a clone for tracker data: the merge driver and the attributes that use it.

git reads merge drivers from each clone's own config (never from the
repository), so every clone runs ``tracker git-setup`` once; the attributes
that route tracker files to the driver are committed in ``.gitattributes``.
A clone without the driver still merges (as text), and checks catch the rest.
"""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

from tracker.git.repo import Repo
from tracker.project import TRACKER_FILE, Project

DRIVER = "tracker"
"""The merge driver's name in ``.gitattributes`` (``merge=tracker``)."""


def attribute_lines(project: Project, repo: Repo) -> list[str]:
    """The ``.gitattributes`` lines tracker files need, relative to the repository root."""
    data = repo.relative(project.data_dir)
    return [f"{data}/*/{TRACKER_FILE} merge={DRIVER}"]


def setup_clone(project: Project, python: str = sys.executable) -> list[str]:
    """Configure this clone's merge driver and make sure ``.gitattributes`` routes tracker
    files to it; what was done, one line each."""
    repo = Repo(project.data_dir if project.data_dir.is_dir() else project.root)
    command = f"{shlex.quote(python)} -m tracker merge-driver %O %A %B %P"
    repo.run("config", f"merge.{DRIVER}.name", "tracker: merge tracker.yaml task by task")
    repo.run("config", f"merge.{DRIVER}.driver", command)
    done = [f"git config merge.{DRIVER}.driver {command!r}"]
    attributes = repo.toplevel() / ".gitattributes"
    present = attributes.read_text("utf-8").splitlines() if attributes.is_file() else []
    missing = [line for line in attribute_lines(project, repo) if line not in present]
    if missing:
        text = "\n".join([*present, *missing]) + "\n"
        attributes.write_text(text, encoding="utf-8")
        done += [f"added to {_shown(attributes)}: {line}" for line in missing]
    return done


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)
