"""TISS versions supported by tissbill.

A version is supported when its facts (``<version>.json``, written by
``python -m tissbill.spec generate``) are found: in the folders of ``TISSBILL_SPEC_DATA``
(separated like ``PATH``), then in the facts shipped with tissbill. The members below are the
shipped versions, named for the code that needs one in particular; any other version with
facts is a member too, made the first time it is asked for, so a new TISS version is a new
data file and no code change (see ``docs/contributing.md``).
"""

from __future__ import annotations

import os
import re
from enum import StrEnum
from functools import cache
from pathlib import Path

from tissbill.errors import UnsupportedVersionError

SHIPPED_SPEC_DATA = Path(__file__).resolve().parent / "spec" / "data"
"""The facts of the versions shipped with tissbill."""
SPEC_DATA_ENV = "TISSBILL_SPEC_DATA"
VERSION_FORM = re.compile(r"[0-9]\.[0-9]{2}\.[0-9]{2}")
"""How a TISS version is written (``4.03.00``): data files and schema folders are named so."""


class TissVersion(StrEnum):
    """A version of the TISS standard (the value of ``cabecalho/Padrao``)."""

    V4_01_00 = "4.01.00"
    V4_02_00 = "4.02.00"
    V4_03_00 = "4.03.00"

    @classmethod
    def parse(cls, value: str | TissVersion) -> TissVersion:
        """Return the version for ``value`` or raise :class:`UnsupportedVersionError`."""
        try:
            return cls(value)
        except ValueError:
            raise UnsupportedVersionError(
                str(value), (v.value for v in supported_versions())
            ) from None

    @classmethod
    def _missing_(cls, value: object) -> TissVersion | None:
        # A version without a member here but with facts in a data folder (a newer TISS).
        if not isinstance(value, str) or spec_file(value) is None:
            return None
        member = str.__new__(cls, value)
        member._name_ = "V" + value.replace(".", "_")
        member._value_ = value
        cls._value2member_map_[value] = member
        return member


def spec_data_dirs() -> tuple[Path, ...]:
    """Where facts are looked for, first match wins: the folders of ``TISSBILL_SPEC_DATA``,
    then the shipped facts."""
    return _data_dirs(os.environ.get(SPEC_DATA_ENV, ""))


@cache
def _data_dirs(from_env: str) -> tuple[Path, ...]:
    # Cached by the variable's text: rules ask once per guia, and it seldom changes.
    return (*(Path(p) for p in from_env.split(os.pathsep) if p), SHIPPED_SPEC_DATA)


def spec_file(version: str) -> Path | None:
    """The facts file of ``version``, or None when no data folder has it."""
    if not VERSION_FORM.fullmatch(version):
        return None
    for folder in spec_data_dirs():
        path = folder / f"{version}.json"
        if path.is_file():
            return path
    return None


def supported_versions() -> tuple[TissVersion, ...]:
    """Every version with facts, oldest first."""
    found = {
        path.stem
        for folder in spec_data_dirs()
        if folder.is_dir()
        for path in folder.glob("*.json")
        if VERSION_FORM.fullmatch(path.stem)
    }
    return tuple(TissVersion(value) for value in sorted(found))


DEFAULT_VERSION = TissVersion.V4_03_00
