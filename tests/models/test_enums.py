"""Every domain-table enum equals the enumeration of its XSD simple type, in every version."""

from __future__ import annotations

from functools import cache

import pytest
from lxml import etree

from tests.conftest import VERSIONS, schemas_dir
from tissbill.models.enums import ALL_ENUMS, CentroConsumo, TissEnum

XS = "{http://www.w3.org/2001/XMLSchema}"


@cache
def xsd_enumerations(version: str) -> dict[str, list[str]]:
    path = schemas_dir(version) / version / f"tissSimpleTypesV{version.replace('.', '_')}.xsd"
    tree = etree.parse(str(path))
    return {
        st.get("name"): [e.get("value") for e in st.iter(f"{XS}enumeration")]
        for st in tree.getroot().iter(f"{XS}simpleType")
        if st.get("name")
    }


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("enum", ALL_ENUMS, ids=lambda e: e.__name__)
def test_enum_matches_xsd(enum: type[TissEnum], version: str) -> None:
    if enum is CentroConsumo and version < "4.03.00":
        assert enum.__xsd_type__ not in xsd_enumerations(version)
        return
    expected = xsd_enumerations(version)[enum.__xsd_type__]
    assert sorted(m.value for m in enum) == sorted(expected)


def test_every_domain_enum_is_checked() -> None:
    assert len(ALL_ENUMS) >= 25
    assert len({e.__xsd_type__ for e in ALL_ENUMS}) == len(ALL_ENUMS)
