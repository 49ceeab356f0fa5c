"""The public API: every name of ``tracker.__all__`` resolves, from one declaration of where."""

from __future__ import annotations

import ast
import importlib

import tracker
from tests.conftest import REPO_ROOT


def _type_checking_names() -> set[str]:
    """The names the ``if TYPE_CHECKING:`` block of ``tracker/__init__.py`` imports."""
    tree = ast.parse((REPO_ROOT / "tracker" / "__init__.py").read_text())
    block = next(
        n for n in tree.body if isinstance(n, ast.If) and "TYPE_CHECKING" in ast.unparse(n.test)
    )
    return {
        alias.name
        for node in block.body
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }


def test_every_exported_name_resolves_to_its_module_s_object() -> None:
    assert set(tracker._HOME) < set(tracker.__all__)
    for name, module in tracker._HOME.items():
        assert getattr(tracker, name) is getattr(importlib.import_module(module), name)
    for name in tracker.__all__:
        assert getattr(tracker, name) is not None
    assert set(dir(tracker)) >= set(tracker.__all__)


def test_type_checkers_see_the_same_names() -> None:
    assert _type_checking_names() == set(tracker._HOME)


def test_an_unknown_name_is_an_attribute_error() -> None:
    try:
        tracker.no_such_name  # noqa: B018
    except AttributeError as error:
        assert "no_such_name" in str(error)
    else:
        raise AssertionError("no error")
