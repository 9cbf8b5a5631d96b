"""Terminology tables the user installs (the XSD lists tabela 38 codes, not their meanings).

``tissbill tabelas install ARQUIVO`` loads a CSV ``codigo;descricao`` into a store that keeps a
SHA-256 of each table (see ``docs/tabelas.md``); :func:`descricao_glosa` gives the meaning of a
glosa code from it, or None so that callers show the code alone.
"""

from __future__ import annotations

import threading
from pathlib import Path

from tissbill.errors import TabelaError, TabelaSourceError
from tissbill.tabelas.source import TabelaFile, parse
from tissbill.tabelas.store import (
    ENV_VAR,
    TABELA_GLOSAS,
    Installed,
    InstallReport,
    TabelaStore,
    default_store_root,
    tabela_number,
)

_cache: dict[Path, tuple[object, dict[str, str]]] = {}
_cache_lock = threading.Lock()


def descricao_glosa(codigo: str, *, store: Path | None = None) -> str | None:
    """The meaning of the glosa code ``codigo`` in the installed tabela 38; None when no table is
    installed or the code is not in it. The table is read once per process and again when its
    files change; :class:`TabelaError` when the installed table was altered."""
    tabelas = TabelaStore(store)
    signature = tabelas.signature(TABELA_GLOSAS)
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
