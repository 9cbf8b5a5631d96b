"""Terminology tables the user installs (the XSD lists tabela 38 codes, not their meanings).

``tissbill tabelas install ARQUIVO`` loads a CSV ``codigo;descricao`` into a store that keeps a
SHA-256 of each table (see ``docs/tabelas.md``); :func:`descricao_glosa` gives the meaning of a
glosa code from it, or None so that callers show the code alone.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

from tissbill.errors import TabelaError, TabelaSourceError
from tissbill.tabelas.source import TabelaFile, parse
from tissbill.tabelas.store import (
    ENV_VAR,
    TABELA_GLOSAS,
    InstallReport,
    Installed,
    TabelaStore,
    default_store_root,
    tabela_number,
)

_Signature = tuple[tuple[int, int, int], ...]
_cache: dict[Path, tuple[_Signature, dict[str, str]]] = {}
_cache_lock = threading.Lock()


def _signature(store: TabelaStore) -> _Signature | None:
    """What identifies the installed tabela 38 on disk: a change of either file changes it."""
    record = store.record_path(TABELA_GLOSAS)
    try:
        found = store.installed(TABELA_GLOSAS)
        if found is None:
            return None
        stats = (os.stat(record), os.stat(store.root / found.file))
    except FileNotFoundError:
        return None  # removed while being looked at: as if not installed
    except OSError as exc:
        raise store.damaged(TABELA_GLOSAS, f"{exc.filename}: {exc.strerror}.") from None
    return tuple((s.st_ino, s.st_size, s.st_mtime_ns) for s in stats)


def descricao_glosa(codigo: str, *, store: Path | None = None) -> str | None:
    """The meaning of the glosa code ``codigo`` in the installed tabela 38; None when no table is
    installed or the code is not in it. The table is read once per process and again when its
    files change; :class:`TabelaError` when the installed table was altered."""
    tabelas = TabelaStore(store)
    signature = _signature(tabelas)
    if signature is None:
        return None
    key = tabelas.root.resolve()
    with _cache_lock:
        cached = _cache.get(key)
        if cached is None or cached[0] != signature:
            found = tabelas.read(TABELA_GLOSAS)
            rows = found[1] if found is not None else {}
            cached = (signature, rows)
            _cache[key] = cached
    return cached[1].get(codigo.strip())


__all__ = [
    "ENV_VAR",
    "TABELA_GLOSAS",
    "InstallReport",
    "Installed",
    "TabelaError",
    "TabelaFile",
    "TabelaSourceError",
    "TabelaStore",
    "default_store_root",
    "descricao_glosa",
    "parse",
    "tabela_number",
]
