"""The one Jinja2 environment: escaping by file type, strict undefined, overrides."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

import jinja2.bccache
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


# -- compiled templates, kept in the user's cache folder ---------------------------------


def _cached(cache: Path) -> list[Path]:
    return sorted(cache.glob("tracker/templates/*/__jinja2_*.cache"))


def test_templates_are_compiled_once_and_kept(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    folder = _templates(tmp_path, page__html="<p>{{ text }}</p>")
    first = make_environment(folder).get_template("page.html").render(text="<a>")
    kept = _cached(tmp_path / "cache")
    assert len(kept) == 1
    loaded: list[str] = []
    env = make_environment(folder)
    assert env.bytecode_cache is not None
    original = env.bytecode_cache.load_bytecode

    def spy(bucket):  # type: ignore[no-untyped-def]
        original(bucket)
        loaded.append("hit" if bucket.code is not None else "miss")

    monkeypatch.setattr(env.bytecode_cache, "load_bytecode", spy)
    assert env.get_template("page.html").render(text="<a>") == first == "<p>&lt;a&gt;</p>"
    assert loaded == ["hit"]


def test_a_changed_template_is_compiled_again(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    folder = _templates(tmp_path, page__html="old {{ text }}")
    assert make_environment(folder).get_template("page.html").render(text="x") == "old x"
    (folder / "page.html").write_text("new {{ text }}")
    assert make_environment(folder).get_template("page.html").render(text="x") == "new x"


def test_a_corrupt_or_unwritable_cache_only_costs_time(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    folder = _templates(tmp_path, page__html="{{ text }}!")
    make_environment(folder).get_template("page.html").render(text="x")
    for kept in _cached(cache):
        kept.write_bytes(b"\x00garbage")
    assert make_environment(folder).get_template("page.html").render(text="x") == "x!"
    for kept in _cached(cache):
        kept.unlink()

    def refused(*args: object, **kwargs: object) -> object:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(jinja2.bccache.tempfile, "NamedTemporaryFile", refused)
    assert make_environment(folder).get_template("page.html").render(text="y") == "y!"
    assert _cached(cache) == []


def test_no_cache_when_turned_off(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("TRACKER_NO_CACHE", "1")
    folder = _templates(tmp_path, page__html="{{ text }}")
    env = make_environment(folder)
    assert env.bytecode_cache is None
    env.get_template("page.html").render(text="x")
    assert not (tmp_path / "cache").exists()
