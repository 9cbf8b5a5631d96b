"""tissbill: build and validate Brazilian ANS TISS XML.

The public API in one place::

    import tissbill

    lotes = tissbill.build_lotes(guias, tissbill.LoteSettings(prestador=..., registro_ans=...))
    report = tissbill.validate("lote.xml")          # XSD + business rules + epílogo hash
    message = tissbill.read_message("lote.xml")     # XML → models
    xml = tissbill.write_message(message)           # models → XML (hash filled in)

Names are imported on first use, so ``import tissbill`` stays fast for the command line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tissbill.lazy import lazy_exports

__version__ = "0.1.0"

_EXPORTS: dict[str, str] = {
    "build_lotes": "tissbill.billing.builder",
    "BuildError": "tissbill.errors",
    "LoteRequest": "tissbill.billing.builder",
    "LoteSettings": "tissbill.billing.builder",
    "LoteTISS": "tissbill.billing.builder",
    "read_message": "tissbill.xml.reader",
    "ReadError": "tissbill.errors",
    "write_message": "tissbill.xml.writer",
    "validate": "tissbill.validation.api",
    "validate_message": "tissbill.validation.api",
    "Finding": "tissbill.validation.findings",
    "Report": "tissbill.validation.findings",
    "Severity": "tissbill.validation.findings",
    "Profile": "tissbill.validation.profile",
    "TissVersion": "tissbill.versions",
    "DEFAULT_VERSION": "tissbill.versions",
    "TissBillError": "tissbill.errors",
    "XMLInputError": "tissbill.errors",
    "EncodingError": "tissbill.errors",
    "VersionFieldError": "tissbill.errors",
    "SchemaNotInstalledError": "tissbill.errors",
    "ProfileError": "tissbill.errors",
    "MensagemTISS": "tissbill.models",
    "GuiaConsulta": "tissbill.models",
    "GuiaSPSADT": "tissbill.models",
    "GuiaResumoInternacao": "tissbill.models",
    "GuiaHonorarios": "tissbill.models",
}

__all__ = [
    "DEFAULT_VERSION",
    "BuildError",
    "EncodingError",
    "Finding",
    "GuiaConsulta",
    "GuiaHonorarios",
    "GuiaResumoInternacao",
    "GuiaSPSADT",
    "LoteRequest",
    "LoteSettings",
    "LoteTISS",
    "MensagemTISS",
    "Profile",
    "ProfileError",
    "ReadError",
    "Report",
    "SchemaNotInstalledError",
    "Severity",
    "TissBillError",
    "TissVersion",
    "VersionFieldError",
    "XMLInputError",
    "__version__",
    "build_lotes",
    "read_message",
    "validate",
    "validate_message",
    "write_message",
]

if TYPE_CHECKING:
    from tissbill.billing.builder import LoteRequest, LoteSettings, LoteTISS, build_lotes
    from tissbill.errors import (
        BuildError,
        EncodingError,
        ProfileError,
        ReadError,
        SchemaNotInstalledError,
        TissBillError,
        VersionFieldError,
        XMLInputError,
    )
    from tissbill.models import (
        GuiaConsulta,
        GuiaHonorarios,
        GuiaResumoInternacao,
        GuiaSPSADT,
        MensagemTISS,
    )
    from tissbill.validation.api import validate, validate_message
    from tissbill.validation.findings import Finding, Report, Severity
    from tissbill.validation.profile import Profile
    from tissbill.versions import DEFAULT_VERSION, TissVersion
    from tissbill.xml.reader import read_message
    from tissbill.xml.writer import write_message


__getattr__ = lazy_exports(__name__, _EXPORTS)


def __dir__() -> list[str]:
    return __all__
