"""Every domain-table enum equals the enumeration of its XSD simple type, read from
``tissbill.spec``, in every version where an element uses that type (CBO-S included)."""

from __future__ import annotations

from functools import cache

import pytest
from pydantic import TypeAdapter

from tissbill import spec
from tissbill.models.enums import ALL_ENUMS, TissEnum
from tissbill.models.types import CBOS
from tissbill.validation.rules.identificadores import CBO_DESCONHECIDO
from tissbill.versions import TissVersion


@cache
def used_types(version: TissVersion) -> frozenset[str]:
    """The types some element of ``version`` has."""
    return frozenset(element.type for element in spec.for_version(version).paths())


@pytest.mark.parametrize("enum", ALL_ENUMS, ids=lambda e: e.__name__)
def test_enum_matches_the_spec_where_used(enum: type[TissEnum]) -> None:
    versions = [v for v in TissVersion if enum.__xsd_type__ in used_types(v)]
    assert versions, f"{enum.__xsd_type__} is used by no element of any supported version"
    for version in versions:
        members = sorted(
            m.value for m in enum if version >= enum.__since__.get(m.value, TissVersion.V4_01_00)
        )
        expected = sorted(spec.for_version(version).enum_values(enum.__xsd_type__))
        assert members == expected, f"{enum.__name__} differs from {version}"


def test_centro_consumo_exists_only_from_4_03_00() -> None:
    assert [v for v in TissVersion if "dm_centroConsumo" in used_types(v)] == [TissVersion.V4_03_00]


@pytest.mark.parametrize("version", TissVersion)
def test_every_cbos_code_of_the_table_is_accepted_by_the_models(version: TissVersion) -> None:
    # The models take any 6 digits for CBO-S and leave the table itself to the XSD; every
    # code of the table must at least get through them.
    assert "dm_CBOS" in used_types(version)
    codes = spec.for_version(version).enum_values("dm_CBOS")
    adapter = TypeAdapter(CBOS)
    assert len(codes) > 100 and CBO_DESCONHECIDO in codes
    assert [adapter.validate_python(code) for code in codes] == list(codes)


def test_every_domain_enum_is_checked() -> None:
    assert len(ALL_ENUMS) >= 25
    assert len({e.__xsd_type__ for e in ALL_ENUMS}) == len(ALL_ENUMS)
