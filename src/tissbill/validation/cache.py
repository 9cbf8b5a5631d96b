"""Reports of files already validated, kept so that an unchanged file costs a hash of its bytes.

Used by ``tissbill validate`` only: :func:`tissbill.validation.api.validate` itself never reads
or writes it. The settings a verdict depends on besides the file's bytes are digested into the
run key (:meth:`ReportCache.for_run`): tissbill's version and code, the profile's content, the
installed schema files, the size limit and today's date. All the reports of one run key live in
one index file named by it, keyed by the SHA-256 of each file's bytes: a warm run reads one file,
not one per lote. The index starts with a header line carrying the run key and the SHA-256 of
the rest, so a torn, truncated or edited index is a miss as a whole (and rewritten), never a
verdict; it is replaced with :func:`tissbill.files.atomic_write` under a lock on the folder, so
concurrent runs merge their reports and a run killed while writing leaves the old index whole.

The index holds findings, which may quote values of the lote (names, numbers): the folder and
the files are private to the user.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import os
import time
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tissbill.errors import TissBillError
from tissbill.files import atomic_write, locked_folder, read_file, remove_stale_temps
from tissbill.validation.findings import Finding, Report, Severity

if TYPE_CHECKING:
    from tissbill.validation.profile import Profile

ENV_VAR = "TISSBILL_CACHE"

_FORMAT = 2
"""Bumped when the index layout changes; part of every key and of every index header."""

MAX_AGE_SECONDS = 2 * 24 * 3600
"""Indexes older than this are removed: today's date is in the key, so an index is never
served again after its day (two days leave room for time zones and runs across midnight)."""

MAX_ENTRIES = 100_000
"""Reports kept per index, the most recent ones: bounds what a warm run reads and parses."""

_MAX_INDEX_BYTES = 512 * 1024 * 1024
"""An index larger than this is not read (a miss): far above MAX_ENTRIES reports."""

_PRUNE_EVERY_SECONDS = 3600
"""How often, at most, a run scans the folder for old indexes."""

_PRUNED_MARKER = "podado"
_SUFFIX = ".indice"
_MAGIC = "tissbill-relatorios"
_FINDING_FIELDS = frozenset(f.name for f in dataclasses.fields(Finding))


def default_cache_root() -> Path:
    """``$TISSBILL_CACHE``, else the user cache folder (``~/.cache/tissbill`` on Linux)."""
    configured = os.environ.get(ENV_VAR, "").strip()
    if configured:
        return Path(configured).expanduser()
    # Deferred for start-up time: only needed without TISSBILL_CACHE.
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("tissbill"))


@dataclass(frozen=True, slots=True)
class ReportCache:
    """The reports of one run's settings; ``run_key`` digests everything but the file's bytes.

    Plain data, so it travels to the worker processes with each task.
    """

    folder: Path
    run_key: str
    max_bytes: int

    @classmethod
    def for_run(
        cls,
        *,
        profile: Profile,
        schemas: Path,
        max_bytes: int,
        root: Path | None = None,
        today: dt.date | None = None,
    ) -> ReportCache:
        """The cache for a run with these settings; ``schemas`` is the schema store's root.

        Computed once per run: the schema files and tissbill's own files are identified by
        their status (inode, size, change time), never read.
        """
        # Deferred: only needed to compute a key, once per run.
        import tissbill

        parts = {
            "format": _FORMAT,
            "tissbill": tissbill.__version__,
            "code": _folder_status(Path(tissbill.__file__).parent),
            "profile": _canonical(profile),
            "schemas": _schema_status(schemas),
            "max_bytes": max_bytes,
            # No rule reads today's date yet; keyed anyway so that one never gets a stale
            # verdict the day it does.
            "today": (today or dt.date.today()).isoformat(),
        }
        text = json.dumps(parts, sort_keys=True, ensure_ascii=True, default=str)
        digest = hashlib.sha256(text.encode("ascii")).hexdigest()
        return cls(root or default_cache_root(), digest, max_bytes)

    @property
    def index(self) -> Path:
        """The file holding every report kept under this run key."""
        return self.folder / (self.run_key + _SUFFIX)

    @staticmethod
    def key(data: bytes) -> str:
        """The name of the report on a file with these bytes, within this run's index."""
        return hashlib.sha256(data).hexdigest()

    def open(self) -> CachedReports:
        """The reports kept so far under this run key (none when the index is absent or
        damaged); read once per run."""
        return CachedReports(self, self._read())

    def _read(self) -> dict[str, Any]:
        try:
            text = read_file(self.index, max_bytes=_MAX_INDEX_BYTES)
            header, _, body = text.partition(b"\n")
            if header != self._header(body):
                return {}
            stored = json.loads(body)
        except (TissBillError, ValueError, RecursionError):
            return {}
        return stored if type(stored) is dict else {}

    def _write(self, reports: dict[str, Any]) -> None:
        body = json.dumps(reports, ensure_ascii=False, separators=(",", ":")).encode()
        # Not synced to disk: an index lost or torn by a crash is only a miss.
        atomic_write(self.index, self._header(body) + b"\n" + body, mode=0o600, durable=False)

    def _header(self, body: bytes) -> bytes:
        """What the index's first line must be: the layout, the run key, the body's digest."""
        digest = hashlib.sha256(body).hexdigest()
        return f"{_MAGIC} {_FORMAT} {self.run_key} {digest}".encode("ascii")

    def prune(self, now: float | None = None) -> None:
        """Remove indexes (and leftovers of interrupted writes) older than
        :data:`MAX_AGE_SECONDS`; scans at most once per hour."""
        now = time.time() if now is None else now
        marker = self.folder / _PRUNED_MARKER
        with suppress(OSError):
            if now - marker.stat().st_mtime < _PRUNE_EVERY_SECONDS:
                return
        with suppress(OSError):
            with os.scandir(self.folder) as entries:
                for entry in entries:
                    if entry.name == _PRUNED_MARKER or not entry.is_file(follow_symlinks=False):
                        continue
                    with suppress(OSError):
                        if now - entry.stat(follow_symlinks=False).st_mtime > MAX_AGE_SECONDS:
                            os.unlink(entry.path)
            marker.touch()
            os.utime(marker, (now, now))


class CachedReports:
    """One run's view of its index: the reports read at the start, and those added since."""

    def __init__(self, cache: ReportCache, stored: dict[str, Any]) -> None:
        self.cache = cache
        self._stored = stored
        self._added: dict[str, dict[str, Any]] = {}

    def lookup(self, path: str) -> Report | None:
        """The kept report on the file at ``path`` (labelled with ``path``), or None.

        None also when the file cannot be read here: validation then reports why."""
        if not self._stored:
            return None  # nothing to find: the file is read once, by its validation
        try:
            data = read_file(path, max_bytes=self.cache.max_bytes)
        except TissBillError:
            return None
        return self.get(data, path)

    def get(self, data: bytes, path: str | None) -> Report | None:
        """The kept report on ``data``, labelled with ``path``; None when absent or damaged."""
        key = self.cache.key(data)
        stored = self._added.get(key) or self._stored.get(key)
        if stored is None:
            return None
        try:
            return _report(stored, path)
        except (ValueError, TypeError, KeyError, AttributeError):
            return None

    def add(self, key: str, report: Report) -> None:
        """Keep ``report`` as the verdict on the bytes whose :meth:`ReportCache.key` is
        ``key``; written by :meth:`save`."""
        entry = report.to_dict()
        del entry["path"], entry["valid"]  # the path is the caller's; valid is derived
        self._added[key] = entry

    def save(self) -> None:
        """Add this run's reports to the index, merged with what concurrent runs wrote
        meanwhile; a folder that cannot be written only means no cache (the run's result
        never depends on it)."""
        if not self._added:
            return
        cache = self.cache
        with suppress(OSError, TissBillError):
            cache.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            with locked_folder(cache.folder):
                merged = cache._read()
                merged.update(self._added)
                if len(merged) > MAX_ENTRIES:  # the oldest first: dicts keep their order
                    merged = dict(list(merged.items())[-MAX_ENTRIES:])
                cache._write(merged)
                remove_stale_temps(cache.index)
            self._stored, self._added = merged, {}


def _canonical(profile: Profile) -> dict[str, Any]:
    """The profile's content (not the file it came from): every field, severities sorted."""
    content = dataclasses.asdict(profile)
    content["severities"] = sorted(
        (code, None if severity is None else severity.value)
        for code, severity in profile.severities.items()
    )
    return content


def _status(path: str | Path) -> list[int] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    # A rewrite changes the change time (which no user call can set back) or the inode.
    return [info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns]


def _schema_status(root: Path) -> list[tuple[str, list[int] | None]]:
    """Every file in every version folder of the store at ``root``, as installed.

    Their digests were checked against the manifest when validation compiled them; a file
    added, removed or replaced since then changes the key, so the files are checked again.
    Listing the store (rather than naming the manifest's files) keeps the manifest out of a
    run served from the cache of reports.
    """
    found: list[tuple[str, list[int] | None]] = []
    with suppress(OSError):
        with os.scandir(root) as versions:
            folders = sorted(entry.name for entry in versions if entry.is_dir())
        for version in folders:
            with suppress(OSError):
                with os.scandir(root / version) as files:
                    names = sorted(entry.name for entry in files)
                found.extend(
                    (f"{version}/{name}", _status(root / version / name)) for name in names
                )
    return found


def _folder_status(package: Path) -> list[tuple[str, list[int] | None]]:
    """tissbill's own files: an editable install changes its rules without a new version."""
    found: list[tuple[str, list[int] | None]] = []
    for folder, subfolders, names in os.walk(package):
        subfolders[:] = sorted(d for d in subfolders if d != "__pycache__")
        where = os.path.relpath(folder, package)
        found.extend(
            (os.path.join(where, name), _status(os.path.join(folder, name)))
            for name in sorted(names)
        )
    return found


def _report(stored: dict[str, Any], path: str | None) -> Report:
    """The report in an entry; TypeError/ValueError/KeyError when it is not exactly one."""
    findings = [_finding(item) for item in stored["findings"]]
    version, guia_type, guias = stored["version"], stored["guia_type"], stored["guias"]
    if not (_optional(version, str) and _optional(guia_type, str) and type(guias) is int):
        raise TypeError("entrada de cache inválida")
    return Report(path=path, version=version, guia_type=guia_type, guias=guias, findings=findings)


def _finding(item: dict[str, Any]) -> Finding:
    if item.keys() != _FINDING_FIELDS:
        raise KeyError("campos da constatação")
    values = dict(item)
    values["severity"] = Severity(item["severity"])
    for name in ("code", "message"):
        if type(values[name]) is not str:
            raise TypeError(name)
    for name in ("line", "column"):
        if not _optional(values[name], int):
            raise TypeError(name)
    for name in ("xpath", "guia", "item", "snippet"):
        if not _optional(values[name], str):
            raise TypeError(name)
    return Finding(**values)


def _optional(value: object, kind: type) -> bool:
    return value is None or type(value) is kind
