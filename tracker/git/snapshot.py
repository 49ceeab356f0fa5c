"""The files of one commit under one folder, read through git, never from the work tree.

Listed once (``git ls-tree``, with each file's object and size) and read in
batches (``git cat-file --batch``); contents are kept by object id, so the
files a newer commit did not change are not read again.
"""

from __future__ import annotations

from typing import NamedTuple

from tracker.exceptions import UnsafeFileError
from tracker.git.repo import Repo


class Entry(NamedTuple):
    """A file in a commit: its blob and size."""

    blob: str
    size: int


class Snapshot:
    """The files under ``folder`` (a path from the repository root, ``/``-separated) in
    ``commit``; files larger than ``max_size`` are refused when read. ``cache`` (blob ->
    contents) may be shared with the snapshot this one replaces: what it still holds is kept."""

    def __init__(
        self, repo: Repo, commit: str, folder: str, max_size: int, cache: dict[str, bytes]
    ) -> None:
        self.repo = repo
        self.commit = commit
        self.folder = folder.rstrip("/")
        self.max_size = max_size
        self._cache = cache
        self._entries: dict[str, Entry] | None = None
        self._by_path: dict[str, bytes | None] = {}

    @property
    def entries(self) -> dict[str, Entry]:
        """Every file under the folder, by path from the repository root."""
        if self._entries is None:
            out = self.repo.text(
                "ls-tree", "-r", "-l", "--full-tree", self.commit, "--", self.folder
            )
            entries = {}
            for line in out.splitlines():
                info, _, path = line.partition("\t")
                mode, kind, blob, size = info.split()
                if kind == "blob" and mode in ("100644", "100755"):
                    entries[path] = Entry(blob, int(size))
            self._entries = entries
            kept = {entry.blob for entry in entries.values()}
            for blob in [blob for blob in self._cache if blob not in kept]:
                del self._cache[blob]
        return self._entries

    @property
    def listed(self) -> bool:
        """Whether the folder was listed (then contents are read by object, once each)."""
        return self._entries is not None

    def read(self, paths: list[str]) -> dict[str, bytes | None]:
        """The contents of ``paths`` (None for a path the commit does not have), fetched from
        git in one batch for those not read before. Before the folder is listed, paths are
        read by name (the few files one change needs cost no listing)."""
        if not self.listed:
            return self._read_by_path(paths)
        found = {path: self.entries.get(path) for path in paths}
        for path, entry in found.items():
            if entry is not None:
                self._check_size(path, entry.size)
        wanted = sorted({e.blob for e in found.values() if e and e.blob not in self._cache})
        if wanted:
            for blob, data in zip(wanted, self.repo.read_blobs(wanted), strict=True):
                self._cache[blob] = data or b""
        return {path: None if e is None else self._cache[e.blob] for path, e in found.items()}

    def _read_by_path(self, paths: list[str]) -> dict[str, bytes | None]:
        wanted = [path for path in dict.fromkeys(paths) if path not in self._by_path]
        specs = [f"{self.commit}:{path}" for path in wanted]
        for path, data in zip(wanted, self.repo.read_blobs(specs), strict=True):
            self._check_size(path, len(data or b""))
            self._by_path[path] = data
        return {path: self._by_path[path] for path in paths}

    def _check_size(self, path: str, size: int) -> None:
        if size > self.max_size:
            raise UnsafeFileError(
                f"{self.commit[:12]}:{path}: larger than max_file_size "
                f"({size:,} > {self.max_size:,} bytes); not read"
            )

    def blob(self, path: str) -> bytes | None:
        """One file's contents, or None."""
        return self.read([path])[path]
