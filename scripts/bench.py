"""Benchmark the tracker against its baselines and write BENCHMARKS.md.

    python scripts/bench.py                 # W1, W10, one large week, 5 runs; writes BENCHMARKS.md
    python scripts/bench.py --w100          # W100 too (several minutes more)
    python scripts/bench.py --quick         # W1, one run: a smoke test (prints only, no bounds)
    python scripts/bench.py --runs 9 --out results.md

Exits 1 when a full run misses a bound (the targets table says which); --quick never does.

Workloads are built in a temporary folder and removed afterwards (--keep keeps them).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.report import markdown, missed
from benchmarks.run import Options, run

DEFAULT_OUT = Path(__file__).resolve().parent.parent / "BENCHMARKS.md"


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="W1 only, one run, few samples")
    parser.add_argument("--runs", type=int, help="measured runs per figure (default 5; quick 1)")
    parser.add_argument(
        "--out", type=Path, help="write the Markdown here (default: BENCHMARKS.md unless --quick)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the workload folder")
    parser.add_argument(
        "--w100", action="store_true", help="also W100: every name a hundred times (minutes more)"
    )
    return parser.parse_args(argv)


def _log(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    options = Options.quick_run() if args.quick else Options()
    options = replace(options, runs=args.runs or options.runs, w100=args.w100)
    out = args.out or (None if args.quick else DEFAULT_OUT)
    folder = Path(tempfile.mkdtemp(prefix="tracker-bench-"))
    try:
        results = run(folder, options, _log)
    finally:
        if args.keep:
            _log(f"kept {folder}")
        else:
            shutil.rmtree(folder)
    title = "Benchmarks" + (" (quick: W1, one run)" if options.quick else "")
    text = markdown(results, title)
    print(text)
    if out is not None:
        out.write_text(text, "utf-8")
        _log(f"wrote {out}")
    misses = [] if options.quick else missed(results)
    for label in misses:
        _log(f"bound missed: {label}")
    return 1 if misses else 0


if __name__ == "__main__":
    sys.exit(main())
