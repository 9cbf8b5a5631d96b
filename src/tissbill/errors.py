"""Exceptions raised by tissbill. Every message is meant for the person who fixes the input."""

from __future__ import annotations


class TissBillError(Exception):
    """Base class of every error tissbill raises on purpose."""


class XMLInputError(TissBillError):
    """The input is not XML tissbill can safely read (malformed, unsafe, too large, ...).

    ``code`` is a stable identifier (e.g. ``XML-MALFORMED``) and ``line`` the line where the
    parser stopped, when known.
    """

    def __init__(self, code: str, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.line = line


class VersionFieldError(TissBillError):
    """A field the TISS version being written does not take: absent from the version, or a
    value too wide for the version's XSD type (e.g. a computed total with too many digits)."""


class EncodingError(TissBillError):
    """Text that cannot be written in the output encoding (e.g. emoji in ISO-8859-1)."""


class SchemaNotInstalledError(TissBillError):
    """The official XSD files of a TISS version are not in the schema store."""

    def __init__(self, version: str, message: str) -> None:
        super().__init__(message)
        self.version = version


class ProfileError(TissBillError):
    """An operadora profile that cannot be used (unknown key or code, bad severity)."""


class LedgerError(TissBillError):
    """The ledger of billed lotes refuses an operation (e.g. a lote number already used)."""


class LedgerUnavailableError(LedgerError):
    """The ledger cannot be used at all: unwritable, locked too long, corrupt, newer than this
    tissbill, or a database server that does not answer. Nothing is written."""


class SpecError(TissBillError):
    """The TISS facts of a version cannot be produced or read (missing or unreadable XSD,
    unknown version, a construct the spec generator does not handle)."""


class BillingError(TissBillError):
    """Input or settings that do not allow building the lotes (message names file and line)."""


class LoteExistsError(BillingError):
    """The output folder already holds a lote of this run (refused unless replacing)."""


class MissingSettingError(BillingError):
    """A setting nobody gave (the prestador): a usage problem rather than bad input."""
