"""Every exception tissbill raises on purpose, in one module, all under :class:`TissBillError`.

Catch :class:`TissBillError` for any problem with the input, the settings or the machine;
every message is in Portuguese and meant for the person who fixes it. The hierarchy::

    TissBillError
    ├── FileReadError            a user file cannot be read (code FILE-NOT-FOUND, ...)
    ├── FileWriteError           a file cannot be written
    ├── InputError               a JSON/YAML document cannot be read
    │   └── InputTooDeepError    nested deeper than tissbill.billing.inputs.MAX_DEPTH
    ├── SourceTypeError          a source of an unaccepted type (also a TypeError)
    ├── XMLInputError            not XML tissbill can safely read (code XML-MALFORMED, ...)
    ├── ReadError                well-formed XML the models cannot take (with line)
    ├── UnsupportedVersionError  a TISS version tissbill does not support (also a ValueError)
    ├── VersionFieldError        a field or value the TISS version being written does not take
    ├── EncodingError            text the output encoding cannot carry
    ├── SchemaNotInstalledError  the XSD files of a version are not installed
    ├── SchemaSourceError        a schema source that is not a folder, ZIP or XSD
    ├── SchemaInstallError       the XSD files could not be installed
    ├── SchemaDownloadError      the ANS ZIP could not be fetched
    ├── ManifestError            the shipped schema manifest is broken (a packaging bug)
    ├── SpecError                the TISS facts of a version cannot be produced or read
    ├── TabelaError              a terminology table refused, damaged or not installed
    │   └── TabelaSourceError    the table file given cannot be read at all
    ├── BuildError               guias that cannot become lotes (findings, lotes as data)
    ├── BillingError             billing input or settings that do not allow building
    │   ├── CsvInputError        a CSV file that cannot become guias
    │   ├── LoteExistsError      a lote of this run already in the output folder
    │   ├── MissingSettingError  a setting nobody gave (the prestador)
    │   └── RecursoError         a recurso de glosa that cannot be built as asked
    ├── HashRewriteError         the hash of a file cannot be fixed in place
    ├── ProfileError             an operadora profile that cannot be used
    ├── LedgerError              the ledger refuses an operation
    │   ├── LedgerUnavailableError  the ledger cannot be used at all
    │   └── RetornoRecusadoError    a return of the operadora that cannot be recorded
    └── PdfError                 the PDF could not be printed
        └── BrowserNotFoundError no Chromium on the PATH

The modules that raise an error import it from here, so ``tissbill.xml.reader.ReadError`` and
``tissbill.errors.ReadError`` are the same class.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tissbill.billing.builder import LoteTISS
    from tissbill.validation.findings import Finding
    from tissbill.versions import TissVersion


class TissBillError(Exception):
    """Base class of every error tissbill raises on purpose."""


# --- Input files and documents --------------------------------------------------------------------


class FileReadError(TissBillError):
    """A user file that cannot be read. ``code`` is ``FILE-NOT-FOUND``, ``FILE-UNREADABLE`` or
    ``FILE-TOO-LARGE``; the message names the path."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class FileWriteError(TissBillError):
    """A file could not be written; the message names it and says why, in Portuguese."""

    def __init__(self, path: Path | str, reason: str) -> None:
        super().__init__(f"não foi possível gravar {path}: {reason}")
        self.path = Path(path)
        self.reason = reason


class InputError(TissBillError):
    """An input document that cannot be read (syntax, encoding, unknown format)."""


class InputTooDeepError(InputError):
    """A document nested deeper than :data:`tissbill.billing.inputs.MAX_DEPTH`
    (no tool writes one by accident)."""


class SourceTypeError(TissBillError, TypeError):
    """A source of a type no reader accepts (a programming error, not a bad file)."""


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


class ReadError(TissBillError):
    """The XML is well formed but cannot be read into the models (with line and element)."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message if line is None else f"linha {line}: {message}")
        self.line = line


# --- TISS versions and schemas --------------------------------------------------------------------


class UnsupportedVersionError(TissBillError, ValueError):
    """A TISS version that tissbill does not support (also a ValueError, as before)."""

    def __init__(self, value: str, supported: Iterable[str]) -> None:
        super().__init__(
            f"Versão TISS {value!r} não suportada; versões suportadas: {', '.join(supported)}."
        )
        self.value = value


class VersionFieldError(TissBillError):
    """A field the TISS version being written does not take: absent from the version, or a
    value too wide for the version's XSD type (e.g. a computed total with too many digits)."""


class EncodingError(TissBillError):
    """Text that cannot be written in the output encoding (e.g. emoji in ISO-8859-1), or an
    output encoding tissbill does not write."""


class SchemaNotInstalledError(TissBillError):
    """The official XSD files of a TISS version are not in the schema store."""

    def __init__(self, version: str, message: str) -> None:
        super().__init__(message)
        self.version = version


class SchemaSourceError(TissBillError):
    """A source given to :func:`install` does not exist or is not a folder, ZIP or XSD file."""


class SchemaInstallError(TissBillError):
    """The installation was refused; ``problems`` lists every reason.

    Nothing in the store was changed, except in the rare case ``replaced`` names versions
    that had already been swapped in (complete and verified) when writing the next one failed.
    """

    def __init__(self, problems: Sequence[str], replaced: Sequence[TissVersion] = ()) -> None:
        self.problems = tuple(problems)
        self.replaced = tuple(replaced)
        listed = "\n".join(f"  - {p}" for p in self.problems)
        if self.replaced:
            done = ", ".join(v.value for v in self.replaced)
            intro = f"Instalação interrompida; só as versões {done} foram substituídas"
        else:
            intro = "Instalação recusada; nenhum schema foi alterado"
        super().__init__(f"{intro}:\n{listed}")


class SchemaDownloadError(TissBillError):
    """The ZIP could not be fetched (network, HTTP status, size) or no address is known."""


class ManifestError(TissBillError):
    """The manifest shipped with tissbill is missing or malformed (a packaging bug)."""


class SpecError(TissBillError):
    """The TISS facts of a version cannot be produced or read (missing or unreadable XSD,
    unknown version, a construct the spec generator does not handle)."""


class TabelaError(TissBillError):
    """A terminology table (e.g. tabela 38, glosa meanings) refused at install, or damaged in
    the store; nothing in the store was changed by a refused install."""


class TabelaSourceError(TabelaError):
    """The file given to ``tabelas install`` does not exist or is not a regular file (a usage
    problem rather than bad content)."""


# --- Building and billing -------------------------------------------------------------------------


class BuildError(TissBillError):
    """The guias cannot be put into lotes as asked (duplicates, limits, validation errors).

    When built lotes failed validation, ``findings`` holds their errors (as data, each with
    the guia it is about) and ``lotes`` every lote built, each with its ``report``; both are
    empty when building stopped before validation.
    """

    def __init__(
        self,
        message: str,
        *,
        findings: Sequence[Finding] = (),
        lotes: Sequence[LoteTISS] = (),
    ) -> None:
        super().__init__(message)
        self.findings = list(findings)
        self.lotes = list(lotes)


class BillingError(TissBillError):
    """Input or settings that do not allow building the lotes (message names file and line)."""


class CsvInputError(BillingError):
    """A CSV file that cannot be turned into guias; the message names file, line and column."""


class LoteExistsError(BillingError):
    """The output folder already holds a lote of this run (refused unless replacing)."""


class MissingSettingError(BillingError):
    """A setting nobody gave (the prestador): a usage problem rather than bad input."""


class RecursoError(BillingError):
    """A recurso de glosa that cannot be built as asked (a justificativa over the XSD limit,
    a glosa appealed twice, validation errors); ``findings`` holds the validation errors."""

    def __init__(self, message: str, *, findings: Sequence[Finding] = ()) -> None:
        super().__init__(message)
        self.findings = list(findings)


class HashRewriteError(TissBillError):
    """The file's hash cannot be fixed in place (no epílogo, unsupported encoding...)."""


# --- Validation, ledger and report ----------------------------------------------------------------


class ProfileError(TissBillError):
    """An operadora profile that cannot be used (unknown key or code, bad severity)."""


class LedgerError(TissBillError):
    """The ledger of billed lotes refuses an operation (e.g. a lote number already used)."""


class LedgerUnavailableError(LedgerError):
    """The ledger cannot be used at all: unwritable, locked too long, corrupt, newer than this
    tissbill, or a database server that does not answer. Nothing is written."""


class RetornoRecusadoError(LedgerError):
    """A return file of the operadora that cannot be recorded (invalid, for a lote the ledger
    does not know, for another operadora or prestador...). Nothing of it is written."""


class PdfError(TissBillError):
    """The PDF could not be printed."""


class BrowserNotFoundError(PdfError):
    """No Chromium on the PATH: a setup problem of the machine, not of the lotes."""
