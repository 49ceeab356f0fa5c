"""The one factory of the Jinja2 environment: loaders, escaping, filters."""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemBytecodeCache,
    FileSystemLoader,
    PackageLoader,
    StrictUndefined,
    select_autoescape,
)
from jinja2.bccache import Bucket

from tracker.cachedir import cache_folder
from tracker.exceptions import RenderError
from tracker.report.filters import markdown_text, number, safe_url

TEMPLATES_PACKAGE = ("tracker.report", "templates")
"""Our templates: package data in ``tracker/report/templates/``, read with importlib.resources,
so an installed wheel renders as a source checkout does."""

FILTERS: dict[str, Callable[..., Any]] = {
    "safe_url": safe_url,
    "markdown": markdown_text,
    "number": number,
}


class _CompiledTemplates(FileSystemBytecodeCache):
    """Templates compiled once and kept in the user's cache folder (as Python keeps its
    bytecode): each entry is checked against its template's source, and a cache that cannot
    be written is only a slower render, never an error."""

    def dump_bytecode(self, bucket: Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def _compiled_templates() -> _CompiledTemplates | None:
    """The compiled templates of this version of this module: Jinja2 checks each entry
    against the template's source and its own version, not against the environment's
    options, so a change to them here must not reuse older entries."""
    digest = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]
    folder = cache_folder("templates", digest)
    return None if folder is None else _CompiledTemplates(str(folder))


def make_environment(overrides: Path | None = None) -> Environment:
    """The environment every page is rendered with.

    Templates in ``overrides`` replace ours file by file. Autoescape is on for
    HTML (and SVG/XML), off for Markdown and CSS; an undefined variable is an
    error, never a blank.
    """
    loaders: list[FileSystemLoader | PackageLoader] = [PackageLoader(*TEMPLATES_PACKAGE)]
    if overrides is not None:
        if not overrides.is_dir():
            raise RenderError(f"{overrides}: templates folder does not exist")
        loaders.insert(0, FileSystemLoader(overrides))
    env = Environment(
        loader=ChoiceLoader(loaders),
        autoescape=select_autoescape(["html", "htm", "svg", "xml"], default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # One render per process: without this, every {% include %} stats its file again.
        auto_reload=False,
        bytecode_cache=_compiled_templates(),
    )
    env.filters.update(FILTERS)
    return env
