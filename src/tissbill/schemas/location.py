"""Where the schema store is, without loading the manifest or the store's checks.

A run of ``tissbill validate`` served from the cache of reports needs only this: its key covers
the files installed in the store (:mod:`tissbill.validation.cache`), never their contents.
"""

from __future__ import annotations

from pathlib import Path

from tissbill.files import data_folder

ENV_VAR = "TISSBILL_SCHEMAS"


def default_store_root() -> Path:
    """The store root used when none is given: ``$TISSBILL_SCHEMAS`` or the user data folder."""
    return data_folder(ENV_VAR, "schemas")


def store_root(root: Path | str | None = None) -> Path:
    """The store root for ``root`` as given by the user (``~`` expanded), else the default."""
    return Path(root).expanduser() if root is not None else default_store_root()
