"""One naming for users: snake_case in signatures, inputs and errors; TISS names only in XML."""

from __future__ import annotations

import inspect

import pytest
from pydantic import ValidationError

import tissbill.models as models
from tissbill.models import (
    UF,
    Beneficiario,
    CodigoDespesa,
    ConselhoProfissional,
    GuiaConsulta,
    IndicadorAcidente,
    Profissional,
)
from tissbill.models.base import TissModel


def _model_classes() -> list[type[TissModel]]:
    found = {
        obj
        for obj in vars(models).values()
        if isinstance(obj, type) and issubclass(obj, TissModel) and obj is not TissModel
    }
    return sorted(found, key=lambda cls: cls.__name__)


def test_constructor_signature_is_snake_case() -> None:
    parameters = list(inspect.signature(GuiaConsulta).parameters)
    assert "cabecalho_consulta" in parameters
    assert "dados_beneficiario" in parameters
    assert all(name == name.lower() for name in parameters), parameters


@pytest.mark.parametrize("model", _model_classes(), ids=lambda cls: cls.__name__)
def test_every_field_has_a_description_with_its_tiss_element(model: type[TissModel]) -> None:
    for name, info in model.model_fields.items():
        assert info.alias is None, f"{model.__name__}.{name}: alias changes the signature"
        assert info.description, f"{model.__name__}.{name} has no description"
        if name not in model.__xml_exclude__:
            element = info.serialization_alias
            assert element, f"{model.__name__}.{name} has no TISS element name"
            assert info.description.startswith(f"{element}: "), info.description


def test_tiss_element_names_are_not_inputs() -> None:
    with pytest.raises(ValidationError) as caught:
        Beneficiario.model_validate({"numeroCarteira": "002265901"})
    locations = {error["loc"] for error in caught.value.errors()}
    assert locations == {("numero_carteira",), ("numeroCarteira",)}
    assert {e["type"] for e in caught.value.errors()} == {"missing", "extra_forbidden"}


def test_error_paths_use_snake_case_all_the_way_down() -> None:
    with pytest.raises(ValidationError) as caught:
        GuiaConsulta.model_validate(
            {
                "cabecalho_consulta": {"registro_ans": "331988", "numero_guia_prestador": "C1"},
                "dados_beneficiario": {},
                "contratado_executante": {"codigo_prestador_na_operadora": "1", "cnes": "1"},
                "profissional_executante": {},
                "dados_atendimento": {},
            }
        )
    paths = [".".join(str(p) for p in error["loc"]) for error in caught.value.errors()]
    assert "dados_beneficiario.numero_carteira" in paths
    assert "profissional_executante.numero_conselho_profissional" in paths
    assert "dados_atendimento.data_atendimento" in paths
    assert all(path == path.lower() for path in paths), paths


def test_model_dump_by_alias_gives_the_tiss_names() -> None:
    dumped = Beneficiario(numero_carteira="002265901").model_dump(by_alias=True)
    assert dumped["numeroCarteira"] == "002265901"


@pytest.mark.parametrize(
    ("conselho", "uf"),
    [("06", "43"), ("CRM", "RS"), ("crm", "rs"), (" CRM ", " RS ")],
)
def test_conselho_and_uf_accept_codes_and_names_as_the_csv(conselho: str, uf: str) -> None:
    profissional = Profissional.model_validate(
        {
            "conselho_profissional": conselho,
            "numero_conselho_profissional": "23456",
            "uf": uf,
            "cbos": "225125",
        }
    )
    assert profissional.conselho_profissional is ConselhoProfissional.CRM
    assert profissional.uf is UF.RS
    assert profissional.model_dump()["uf"] == "43"  # the code is what the XML carries


def test_enum_names_fold_accents_and_spaces() -> None:
    assert IndicadorAcidente("não acidente") is IndicadorAcidente.NAO_ACIDENTE
    assert CodigoDespesa("opme") is CodigoDespesa.OPME
    assert UF("Exterior") is UF.EXTERIOR


def test_unknown_conselho_is_refused_with_the_field_name() -> None:
    with pytest.raises(ValidationError) as caught:
        Profissional.model_validate(
            {
                "conselho_profissional": "XYZ",
                "numero_conselho_profissional": "1",
                "uf": "RS",
                "cbos": "225125",
            }
        )
    (error,) = caught.value.errors()
    assert error["loc"] == ("conselho_profissional",)
