"""Benchmark the tracker against its baselines and write BENCHMARKS.md.

    python scripts/bench.py --start-postgres   # W1, W10, one large week; writes BENCHMARKS.md
    python scripts/bench.py --w100             # W100 too (half an hour more)
    python scripts/bench.py --quick            # W1, one run: a smoke test (prints only, no bounds)
    python scripts/bench.py --runs 9 --out results.md --database-url postgresql://...
    python scripts/bench.py --fleet            # only the fleet of agents (about 2 minutes)

A full run exits 1 when it misses a bound (the targets table says which); --quick never does.

The claimers' figures compare PostgreSQL with the YAML files when there is a server:
--start-postgres starts a throwaway one (initdb, loopback only, fsync on) for the
run, --database-url names one where the benchmark may create databases; without
either, PostgreSQL is skipped (the report says why).

Workloads are built in a temporary folder and removed afterwards (--keep keeps them).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from collections.abc import Sequence
from contextlib import ExitStack
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.fleetreport import fleet_only, with_fleet
from benchmarks.pgserver import ServerError, throwaway
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
    parser.add_argument(
        "--fleet", action="store_true",
        help="only the fleet of agents on many clones: update its section of BENCHMARKS.md",
    )  # fmt: skip
    server = parser.add_mutually_exclusive_group()
    server.add_argument(
        "--database-url", metavar="URL",
        help="a PostgreSQL server (a database on it) where the benchmark may create databases",
    )  # fmt: skip
    server.add_argument(
        "--start-postgres", action="store_true",
        help="start a throwaway PostgreSQL server for the run (needs Debian's postgresql)",
    )  # fmt: skip
    return parser.parse_args(argv)


def _log(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.fleet:
        return fleet_only(
            args.quick, args.out or (None if args.quick else DEFAULT_OUT), args.keep, _log
        )
    with ExitStack() as stack:
        url = args.database_url
        if args.start_postgres:
            _log("starting a throwaway PostgreSQL server")
            try:
                url = stack.enter_context(throwaway(durable=True))
            except ServerError as error:
                _log(f"cannot start PostgreSQL: {error}")
                return 1
        options = Options.quick_run(url) if args.quick else Options(database_url=url)
        options = replace(options, runs=args.runs or options.runs, w100=args.w100)
        folder = Path(tempfile.mkdtemp(prefix="tracker-bench-"))
        try:
            results = run(folder, options, _log)
        finally:
            if args.keep:
                _log(f"kept {folder}")
            else:
                shutil.rmtree(folder)
    out = args.out or (None if args.quick else DEFAULT_OUT)
    title = "Benchmarks" + (" (quick: W1, one run)" if options.quick else "")
    text = with_fleet(markdown(results, title), options.quick, _log)
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
