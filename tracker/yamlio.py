"""The only module that imports PyYAML: libyaml loading and scalar quoting.

Loading always uses libyaml (``CSafeLoader``); the pure-Python parser is
roughly ten times slower and the tracker loads files on every command.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

import yaml

try:
    from yaml import CSafeLoader as SafeLoader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader  # type: ignore[assignment]

YAMLError = yaml.YAMLError
MarkedYAMLError = yaml.MarkedYAMLError

_STR_TAG = "tag:yaml.org,2002:str"
_RESOLVER = yaml.resolver.Resolver()
# Conservative: what may stand unquoted. Anything else is double-quoted.
_PLAIN_SAFE = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_ ./()+&,@=-]*")
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r", "\0": "\\0"}


def load(text: str | bytes) -> Any:
    """Parse one YAML document with libyaml. Raises :data:`YAMLError`."""
    return yaml.load(text, Loader=SafeLoader)


def _is_yaml_printable(char: str) -> bool:
    code = ord(char)
    return (
        0x20 <= code <= 0x7E
        or 0xA0 <= code <= 0xD7FF
        or 0xE000 <= code <= 0xFFFD
        or code >= 0x10000
    ) and code not in (0xFEFF, 0x2028, 0x2029)  # BOM and YAML line breaks


def _escape(char: str) -> str:
    if char in _ESCAPES:
        return _ESCAPES[char]
    if _is_yaml_printable(char):
        return char
    code = ord(char)
    if code <= 0xFF:
        return f"\\x{code:02X}"
    if code <= 0xFFFF:
        return f"\\u{code:04X}"
    return f"\\U{code:08X}"


@lru_cache(maxsize=65536)
def scalar(text: str) -> str:
    """``text`` as a YAML scalar that loads back as the same string.

    Plain when it is unambiguous (and would not resolve to a bool, number,
    null or timestamp), double-quoted with YAML escapes otherwise.
    """
    if (
        _PLAIN_SAFE.fullmatch(text)
        and not text.endswith(" ")
        and _RESOLVER.resolve(yaml.ScalarNode, text, (True, False)) == _STR_TAG  # type: ignore[no-untyped-call]
    ):
        return text
    return '"' + "".join(_escape(c) for c in text) + '"'
