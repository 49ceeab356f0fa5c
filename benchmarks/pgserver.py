"""A throwaway PostgreSQL server for tests and benchmarks: one folder, loopback only.

    python scripts/pgserver.py start DIR     # initdb DIR, start it, print its URL
    python scripts/pgserver.py stop DIR      # stop it and remove DIR

The cluster lives in DIR (data, log and unix socket), listens on 127.0.0.1 at
a free port and trusts local connections (nobody else can reach it), so it
needs no password. PostgreSQL refuses to run as root: as root, the folder is
handed to the ``postgres`` user and ``initdb``/``pg_ctl`` run as that user.
``.ci/run`` starts one for the test suite; ``scripts/bench.py --start-postgres``
starts one for a full benchmark run. Both make a fresh database on it for
each test or run (:func:`fresh_database`). Only the standard library is
needed to start and stop a server (``.ci/run`` does so before installing).
"""

from __future__ import annotations

import argparse
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

SUPERUSER = "tracker"
PG_BIN_DIRS = sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)
"""Debian keeps the server programs here (newest version first), not on PATH."""


class ServerError(Exception):
    """The server could not be set up or started; the message says why."""


def _program(name: str) -> str:
    found = shutil.which(name) or next(
        (str(d / name) for d in PG_BIN_DIRS if (d / name).exists()), None
    )
    if found is None:
        raise ServerError(
            f"{name} not found: install PostgreSQL (Debian: apt-get install postgresql)"
        )
    return found


def _as_owner(argv: list[str]) -> list[str]:
    """Run as ``postgres`` when we are root (the server refuses root)."""
    if os.geteuid() != 0:
        return argv
    runuser = shutil.which("runuser", path=f"{os.environ.get('PATH', '')}:/usr/sbin:/sbin")
    return [runuser or "runuser", "-u", "postgres", "--", *argv]


def _run(argv: list[str]) -> None:
    done = subprocess.run(_as_owner(argv), capture_output=True, text=True, check=False)
    if done.returncode != 0:
        said = (done.stderr or done.stdout).strip().splitlines()
        raise ServerError(f"{Path(argv[0]).name} failed: {said[-1] if said else done.returncode}")


def free_port() -> int:
    """A TCP port on 127.0.0.1 nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def url_of(folder: Path) -> str:
    """The URL of the server started in ``folder`` (its ``url`` file)."""
    return (folder / "url").read_text().strip()


def start(folder: Path, *, durable: bool = True) -> str:
    """Create a cluster in ``folder`` (which must be empty or absent), start it, return its URL.

    ``durable=False`` turns fsync off: faster for tests, which throw the data away.
    """
    folder.mkdir(parents=True, exist_ok=True)
    if any(folder.iterdir()):
        raise ServerError(f"{folder} is not empty")
    if os.geteuid() == 0:
        owner = pwd.getpwnam("postgres")
        os.chown(folder, owner.pw_uid, owner.pw_gid)
        reach = subprocess.run(_as_owner(["test", "-w", str(folder)]), check=False)
        if reach.returncode != 0:
            raise ServerError(
                f"the postgres user cannot reach {folder} (a folder above it is private): "
                "choose one it can, e.g. under /tmp"
            )
    data = folder / "data"
    _run([_program("initdb"), "-D", str(data), "-U", SUPERUSER, "--auth=trust",
          "--encoding=UTF8", "--locale=C", "--no-sync"])  # fmt: skip
    settings = f"-c listen_addresses=127.0.0.1 -c unix_socket_directories={folder}"
    settings += "" if durable else " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    for attempt in range(3):
        port = free_port()
        try:
            _run([_program("pg_ctl"), "start", "-w", "-t", "60", "-D", str(data),
                  "-l", str(folder / "server.log"), "-o", f"{settings} -p {port}"])  # fmt: skip
        except ServerError:
            if attempt == 2:
                raise ServerError(
                    f"the server would not start; see {folder / 'server.log'}"
                ) from None
            continue
        break
    url = f"postgresql://{SUPERUSER}@127.0.0.1:{port}/postgres"
    (folder / "url").write_text(url + "\n")
    return url


def stop(folder: Path) -> None:
    """Stop the server in ``folder`` (if it runs) and remove the folder."""
    data = folder / "data"
    if (data / "postmaster.pid").exists():
        _run([_program("pg_ctl"), "stop", "-m", "fast", "-w", "-D", str(data)])
    shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def throwaway(*, durable: bool = True) -> Iterator[str]:
    """A server for the block, in a temporary folder; yields its URL."""
    folder = Path(tempfile.mkdtemp(prefix="tracker-pg-"))
    try:
        yield start(folder, durable=durable)
    finally:
        stop(folder)


def database_url(server: str, name: str) -> str:
    """``server``'s URL with its database name replaced by ``name``."""
    return urlsplit(server)._replace(path=f"/{name}").geturl()


def fresh_database(server: str, prefix: str = "tracker") -> str:
    """A new, empty database on ``server`` (a URL with rights to create one); its URL."""
    import psycopg
    from psycopg import sql

    name = f"{prefix}_{uuid.uuid4().hex[:16]}"
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return database_url(server, name)


def drop_database(server: str, url: str) -> None:
    """Drop the database ``url`` names (made by :func:`fresh_database` on ``server``)."""
    import psycopg
    from psycopg import sql

    name = urlsplit(url).path.lstrip("/")
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["start", "stop"])
    parser.add_argument("folder", type=Path)
    parser.add_argument(
        "--no-fsync", action="store_true", help="faster, for tests that throw the data away"
    )
    args = parser.parse_args(argv)
    try:
        if args.action == "start":
            print(start(args.folder, durable=not args.no_fsync))
        else:
            stop(args.folder)
    except ServerError as error:
        print(f"pgserver: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":  # python -m benchmarks.pgserver
    sys.exit(main())
