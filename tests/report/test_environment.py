"""The one Jinja2 environment: escaping by file type, strict undefined, overrides."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

import pytest
from jinja2 import UndefinedError

from tracker.exceptions import RenderError
from tracker.report.environment import FILTERS, make_environment


def _templates(tmp_path: Path, **files: str) -> Path:
    folder = tmp_path / "templates"
    folder.mkdir()
    for name, text in files.items():
        (folder / name.replace("__", ".")).write_text(text)
    return folder


@pytest.mark.parametrize(
    ("name", "escaped"),
    [("x.html", True), ("x.svg", True), ("x.md", False), ("x.css", False), ("x.js", False)],
)
def test_autoescape_by_file_type(tmp_path, name, escaped):
    folder = tmp_path / "t"
    folder.mkdir()
    (folder / name).write_text("{{ text }}")
    rendered = make_environment(folder).get_template(name).render(text="<b>&")
    assert rendered == ("&lt;b&gt;&amp;" if escaped else "<b>&")


def test_undefined_is_an_error(tmp_path):
    folder = _templates(tmp_path, page__html="{{ missing }}")
    with pytest.raises(UndefinedError):
        make_environment(folder).get_template("page.html").render()


def test_overrides_replace_ours_file_by_file(tmp_path):
    folder = _templates(tmp_path, style__css="body { color: red }\n")
    env = make_environment(folder)
    assert env.get_template("style.css").render() == "body { color: red }\n"
    ours = (files("tracker.report") / "templates" / "base.html").read_text("utf-8")
    assert env.loader is not None and env.loader.get_source(env, "base.html")[0] == ours


def test_missing_overrides_folder_is_a_clear_error(tmp_path):
    with pytest.raises(RenderError, match="templates folder does not exist"):
        make_environment(tmp_path / "nope")


def test_every_filter_is_registered():
    env = make_environment()
    assert all(env.filters[name] is function for name, function in FILTERS.items())
