"""The terminology store: the tables the user installed, each with the SHA-256 of its content.

Layout of the store root (the ``root`` argument, else ``$TISSBILL_TABELAS``, else
``user_data_dir("tissbill")/tabelas``)::

    tabela-38.json               which file holds tabela 38, its SHA-256, rows and origin
    tabela-38.<sha256[:16]>.csv  the rows, UTF-8, ``codigo;descricao``

An install writes the new rows to a file of their own (named by their digest) and then
replaces the record: each write is atomic (:func:`tissbill.files.atomic_write`), so a reader
always sees the previous table or the new one whole. A run killed in between leaves only an
unreferenced rows file or a temporary file: the next install, holding the store's lock, removes
them.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from tissbill import files
from tissbill.errors import FileReadError, TabelaError, TabelaSourceError
from tissbill.tabelas.source import parse, render

ENV_VAR = "TISSBILL_TABELAS"
TABELA_GLOSAS = "38"
MAX_TABLE_BYTES = 16 * 1024 * 1024
"""Largest table file read (16 MB); the whole TUSS procedures table is about 5 MB."""
_RECORD = re.compile(r"tabela-(?P<tabela>[0-9]{2,3})\.json")
_ROWS = re.compile(r"tabela-(?P<tabela>[0-9]{2,3})\.(?P<digest>[0-9a-f]{16})\.csv")
_MAX_RECORD_BYTES = 64 * 1024
_ATTEMPTS = 5
_T = TypeVar("_T")


def default_store_root() -> Path:
    """The store root used when none is given: ``$TISSBILL_TABELAS`` or the user data folder."""
    return files.data_folder(ENV_VAR, "tabelas")


def tabela_number(value: str | int) -> str:
    """The number of a TUSS table as the store names it (``38``, ``00``); :class:`TabelaError`
    for anything that is not one to three digits."""
    text = str(value).strip()
    if not re.fullmatch(r"[0-9]{1,3}", text):
        raise TabelaSourceError(
            f"Tabela {value!r} inválida: informe o número da tabela TUSS, por exemplo 38."
        )
    return f"{int(text):02d}"


@dataclass(frozen=True, slots=True)
class Installed:
    """What the store records about one installed table."""

    tabela: str
    file: str
    sha256: str
    rows: int
    origin: str
    encoding: str


@dataclass(frozen=True, slots=True)
class InstallReport:
    """What :meth:`TabelaStore.install` did."""

    installed: Installed
    changed: bool
    """False when the very same table was already installed (nothing written)."""
    repeated: int
    """Rows of the file that repeated a code with the same description (kept once)."""
    unknown_codes: tuple[str, ...]
    """Codes of tabela 38 that the newest TISS version does not list (installed anyway)."""


class TabelaStore:
    """The folder where the user's terminology tables are installed."""

    def __init__(self, root: Path | str | None = None) -> None:
        self.root = Path(root).expanduser() if root is not None else default_store_root()

    def __repr__(self) -> str:
        return f"TabelaStore({str(self.root)!r})"

    def record_path(self, tabela: str | int) -> Path:
        return self.root / f"tabela-{tabela_number(tabela)}.json"

    def tabelas(self) -> tuple[str, ...]:
        """The numbers of the tables with a record in the store, in order."""
        try:
            names = [p.name for p in self.root.iterdir()]
        except OSError:
            return ()
        return tuple(sorted(m["tabela"] for n in names if (m := _RECORD.fullmatch(n))))

    def installed(self, tabela: str | int) -> Installed | None:
        """The record of ``tabela``; None when it is not installed, :class:`TabelaError` when
        the record is unreadable."""
        path = self.record_path(tabela)
        try:
            raw = json.loads(files.read_file(path, max_bytes=_MAX_RECORD_BYTES))
            record = Installed(
                tabela=str(raw["tabela"]),
                file=str(raw["arquivo"]),
                sha256=str(raw["sha256"]),
                rows=int(raw["linhas"]),
                origin=str(raw["origem"]),
                encoding=str(raw["codificacao"]),
            )
        except FileReadError as exc:
            if exc.code == "FILE-NOT-FOUND":
                return None
            raise self.damaged(tabela, exc.message) from None
        except (ValueError, KeyError, TypeError) as exc:
            raise self.damaged(tabela, f"{path}: registro ilegível ({exc!r})") from None
        if record.tabela != tabela_number(tabela) or not _ROWS.fullmatch(record.file):
            raise self.damaged(tabela, f"{path}: registro de outra tabela ou alterado")
        return record

    def read(self, tabela: str | int) -> tuple[Installed, dict[str, str]] | None:
        """The record and rows of ``tabela``, checked against the recorded SHA-256; None when it
        is not installed, :class:`TabelaError` when it was altered or is unreadable."""
        found = self._current(tabela, self._rows_bytes)
        if found is None:
            return None
        record, data = found
        if hashlib.sha256(data).hexdigest() != record.sha256:
            raise self.damaged(tabela, f"{self.root / record.file}: {_ALTERED}")
        return record, dict(parse(data, str(self.root / record.file)).rows)

    def signature(self, tabela: str | int) -> tuple[Installed, tuple[int, int, int]] | None:
        """The record of ``tabela`` and the identity of its rows file (inode, size, time): it
        changes when either file does. None when the table is not installed."""

        def identity(record: Installed) -> tuple[int, int, int]:
            path = self.root / record.file
            try:
                status = os.stat(path)
            except OSError as exc:
                missing = isinstance(exc, FileNotFoundError)
                reason = "arquivo ausente" if missing else files.describe_os_error(exc)
                raise self.damaged(tabela, f"{path}: {reason}.") from None
            return status.st_ino, status.st_size, status.st_mtime_ns

        return self._current(tabela, identity)

    def _current(
        self, tabela: str | int, use: Callable[[Installed], _T]
    ) -> tuple[Installed, _T] | None:
        """``use`` applied to the rows file of the installed ``tabela``. An install running
        meanwhile may replace the record and remove the rows file it named: then the new record
        is read again, so readers never mistake a replaced table for a missing one."""
        for _ in range(_ATTEMPTS):
            record = self.installed(tabela)
            if record is None:
                return None
            try:
                return record, use(record)
            except _Damaged:
                if self.installed(tabela) == record:
                    raise
        raise self.damaged(tabela, f"{self.root}: a tabela é substituída sem parar.")

    def verify(self, tabela: str | int) -> list[str]:
        """Problems of the installed ``tabela`` (empty when it is intact), for the user."""
        try:
            if self.read(tabela) is None:
                return [f"A tabela {tabela_number(tabela)} não está instalada em {self.root}."]
        except TabelaError as exc:
            return [exc.detail if isinstance(exc, _Damaged) else str(exc)]
        return []

    def install(
        self, path: Path | str, tabela: str | int = TABELA_GLOSAS, *, origin: str | None = None
    ) -> InstallReport:
        """Install the CSV at ``path`` as ``tabela``, replacing the one installed. The file is
        read and checked whole before the store is touched."""
        number = tabela_number(tabela)
        try:
            data = files.read_file(path, max_bytes=MAX_TABLE_BYTES)
        except FileReadError as exc:
            raise TabelaSourceError(exc.message) from None
        label = str(path)
        table = parse(data, label)
        rendered = render(table.rows)
        digest = hashlib.sha256(rendered).hexdigest()
        record = Installed(
            tabela=number,
            file=f"tabela-{number}.{digest[:16]}.csv",
            sha256=digest,
            rows=len(table.rows),
            origin=origin or Path(path).name,
            encoding=table.encoding,
        )
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            with files.locked_folder(self.root):
                changed = self._replace(record, rendered)
        except OSError as exc:
            raise TabelaError(
                f"Não foi possível gravar em {exc.filename or self.root}: "
                f"{files.describe_os_error(exc)}. Escolha outra pasta com --store ou "
                f"{ENV_VAR}."
            ) from None
        unknown = _unknown_glosa_codes(table.rows) if number == TABELA_GLOSAS else ()
        return InstallReport(record, changed, table.repeated, unknown)

    def damaged(self, tabela: str | int, detail: str) -> TabelaError:
        """The error for a damaged installed table, naming the command that fixes it."""
        number = tabela_number(tabela)
        store = "" if self.root == default_store_root() else f" --store {self.root}"
        return _Damaged(
            detail,
            f"A tabela {number} instalada está danificada: {detail} Reinstale com "
            f"`tissbill tabelas install <arquivo.csv> --tabela {number}{store}`.",
        )

    def _rows_bytes(self, record: Installed) -> bytes:
        try:
            return files.read_file(self.root / record.file, max_bytes=MAX_TABLE_BYTES)
        except FileReadError as exc:
            reason = "arquivo ausente" if exc.code == "FILE-NOT-FOUND" else exc.message
            raise self.damaged(record.tabela, f"{self.root / record.file}: {reason}.") from None

    def _replace(self, record: Installed, rendered: bytes) -> bool:
        """Write ``record`` and its rows; call it holding the store's lock."""
        recover(self.root)
        try:
            current = self.installed(record.tabela)
        except TabelaError:
            current = None  # a damaged record is simply replaced
        if current == record and self._intact(current):
            return False
        files.atomic_write(self.root / record.file, rendered)
        files.atomic_write(self.record_path(record.tabela), _record_bytes(record))
        recover(self.root)  # the previous rows file is no longer referenced
        return True

    def _intact(self, record: Installed) -> bool:
        try:
            return hashlib.sha256(self._rows_bytes(record)).hexdigest() == record.sha256
        except TabelaError:
            return False


class _Damaged(TabelaError):
    """A damaged installed table; ``detail`` is the problem alone, for ``verify``."""

    def __init__(self, detail: str, message: str) -> None:
        super().__init__(message)
        self.detail = detail


_ALTERED = "conteúdo diferente do que foi instalado (SHA-256 não confere)."


def _record_bytes(record: Installed) -> bytes:
    raw: Mapping[str, Any] = {
        "tabela": record.tabela,
        "arquivo": record.file,
        "sha256": record.sha256,
        "linhas": record.rows,
        "origem": record.origin,
        "codificacao": record.encoding,
    }
    return (json.dumps(raw, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def recover(root: Path) -> None:
    """Remove what an install killed mid-way left in the store ``root``: temporary files and
    rows files no record points to. Call it holding the store's lock."""
    try:
        entries = sorted(root.iterdir())
    except FileNotFoundError:
        return
    referenced: set[str] = set()
    unreadable: set[str] = set()
    for entry in entries:
        match = _RECORD.fullmatch(entry.name)
        if match:
            try:
                referenced.add(str(json.loads(entry.read_bytes())["arquivo"]))
            except (OSError, ValueError, KeyError, TypeError):
                unreadable.add(match["tabela"])  # its rows stay: verify reports the record
    for entry in entries:
        stale_temp = entry.name.startswith(".tabela-") and entry.name.endswith(files.TEMP_SUFFIX)
        rows = _ROWS.fullmatch(entry.name)
        orphan = (
            rows is not None and entry.name not in referenced and rows["tabela"] not in unreadable
        )
        if (stale_temp or orphan) and entry.is_file() and not entry.is_symlink():
            entry.unlink(missing_ok=True)


def _unknown_glosa_codes(rows: Mapping[str, str]) -> tuple[str, ...]:
    """Codes absent from tabela 38 (dm_tipoGlosa) of the newest TISS version tissbill knows."""
    # On first use: the spec data is only needed when a tabela 38 is installed.
    from tissbill.spec import available_versions, for_version

    known = set(for_version(max(available_versions())).enum_values("dm_tipoGlosa"))
    return tuple(code for code in rows if code not in known)
