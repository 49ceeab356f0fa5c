"""Pausing the cyclic garbage collector while a file's objects are built or looked at."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a file's objects are built.

    Parsing allocates many objects and frees none, so every collection it
    triggers is wasted; worse, full collections rescan every object alive
    (every week loaded before, a large week's model while its positions are
    indexed), which made loading all weeks grow faster than the data.
    Reference counting still frees everything; nothing parsed is cyclic.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
