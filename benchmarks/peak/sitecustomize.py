"""Report this process's peak memory when it exits, for the benchmark (``interleave.py``).

Python imports ``sitecustomize`` at start-up from the path; the benchmark puts
this folder first on ``PYTHONPATH`` of the commands it times and names a file
in ``BENCH_PEAK_FILE``. ``VmHWM`` is the peak resident size of this program
alone: ``wait4``'s figure also counts the benchmark's own memory, which the
child shared between ``fork`` and ``exec``.
"""

from __future__ import annotations

import atexit
import os

_TARGET = os.environ.get("BENCH_PEAK_FILE")


def _report() -> None:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                with open(str(_TARGET), "w", encoding="ascii") as out:
                    out.write(str(int(line.split()[1]) * 1024))
                return


if _TARGET and os.path.exists("/proc/self/status"):
    atexit.register(_report)
