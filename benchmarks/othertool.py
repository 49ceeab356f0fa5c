"""A workload as another tool writes it: the same data, not in the tracker's canonical form.

Files a person edits, or a script rewrites with PyYAML, are valid but not
canonical, so every reader takes libyaml's path instead of the fast reader.
``yaml.safe_dump`` with its defaults is such a tool: keys sorted, block style,
plain scalars wherever YAML allows, no schema modeline. Histories are copied.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from benchmarks.workload import Workload

SUFFIX = " (another tool)"


def rewritten(workload: Workload, folder: Path) -> Workload:
    """A copy of ``workload`` in ``folder`` whose tracker files ``yaml.safe_dump`` wrote."""
    other = workload.copy(folder, workload.name + SUFFIX)
    for path in other.tracker_files():
        data = yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
        path.write_text(yaml.dump(data, Dumper=yaml.CSafeDumper, allow_unicode=True), "utf-8")
    return other
