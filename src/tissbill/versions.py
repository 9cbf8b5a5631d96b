"""TISS versions supported by tissbill."""

from __future__ import annotations

from enum import StrEnum

from tissbill.errors import UnsupportedVersionError


class TissVersion(StrEnum):
    """A version of the TISS standard (the value of ``cabecalho/Padrao``)."""

    V4_01_00 = "4.01.00"
    V4_02_00 = "4.02.00"
    V4_03_00 = "4.03.00"

    @property
    def file_suffix(self) -> str:
        """The suffix ANS uses in schema file names, e.g. ``V4_03_00``."""
        return "V" + self.value.replace(".", "_")

    @classmethod
    def parse(cls, value: str | TissVersion) -> TissVersion:
        """Return the version for ``value`` or raise :class:`UnsupportedVersionError`."""
        try:
            return cls(value)
        except ValueError:
            raise UnsupportedVersionError(str(value), (v.value for v in cls)) from None


DEFAULT_VERSION = TissVersion.V4_03_00
SUPPORTED_VERSIONS: tuple[TissVersion, ...] = tuple(TissVersion)
