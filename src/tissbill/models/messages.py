"""Pydantic's validation errors in Portuguese, by error ``type``.

One place for every text a user sees about invalid model data (JSON/YAML/CSV input for
``build``, lote files read by ``info`` and ``report``): pydantic's own messages are English.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tissbill.spec.kinds import slugs_phrase

_ERROR_TEXT = {
    "missing": "campo obrigatório não informado",
    "extra_forbidden": "campo desconhecido",
    "string_too_long": "texto longo demais",
    "string_too_short": "não pode ser vazio",
    "string_type": "deve ser um texto",
    "string_pattern_mismatch": "formato inválido",
    "date_from_datetime_parsing": "data inválida (use AAAA-MM-DD)",
    "date_from_datetime_inexact": "informe apenas a data (AAAA-MM-DD), sem hora",
    "date_parsing": "data inválida (use AAAA-MM-DD)",
    "date_type": "data inválida (use AAAA-MM-DD)",
    "datetime_parsing": "data e hora inválidas (use AAAA-MM-DDTHH:MM:SS)",
    "datetime_from_date_parsing": "data e hora inválidas (use AAAA-MM-DDTHH:MM:SS)",
    "datetime_type": "data e hora inválidas (use AAAA-MM-DDTHH:MM:SS)",
    "time_parsing": "hora inválida (use HH:MM:SS)",
    "time_type": "hora inválida (use HH:MM:SS)",
    "decimal_parsing": "número inválido",
    "decimal_type": "número inválido",
    "decimal_max_digits": "número com dígitos demais",
    "decimal_max_places": "número com casas decimais demais",
    "decimal_whole_digits": "número com dígitos demais antes da vírgula",
    "finite_number": "número inválido (infinito ou NaN)",
    "float_parsing": "número inválido",
    "float_type": "número inválido",
    "int_parsing": "número inteiro inválido",
    "int_type": "número inteiro inválido",
    "int_from_float": "número inteiro inválido (tem casas decimais)",
    "bool_parsing": "valor inválido: use sim/não (true/false)",
    "bool_type": "valor inválido: use sim/não (true/false)",
    "list_type": "deve ser uma lista",
    "tuple_type": "deve ser uma lista",
    "dict_type": "deve ser um mapeamento (chave: valor)",
    "model_type": "deve ser um mapeamento (chave: valor)",
    "model_attributes_type": "deve ser um mapeamento (chave: valor)",
    "too_short": "itens de menos",
    "too_long": "itens demais",
    "union_tag_invalid": f"tipo_guia inválido (use {slugs_phrase()})",
    "union_tag_not_found": f"falta o campo tipo_guia ({slugs_phrase()})",
}

_RELATIONS = {
    "greater_than_equal": "maior ou igual a",
    "greater_than": "maior que",
    "less_than_equal": "menor ou igual a",
    "less_than": "menor que",
}


def error_text(error: Mapping[str, Any]) -> str:
    """The Portuguese text of one pydantic error (the models' own messages are kept)."""
    kind = str(error.get("type", ""))
    context = error.get("ctx") or {}
    if kind in ("enum", "literal_error"):
        expected = str(context.get("expected", "")).replace(" or ", " ou ")
        return f"valor {error.get('input')!r} inválido; esperado um de {expected}"
    if kind in _RELATIONS:
        limit = next(iter(context.values()), "")
        return f"valor {error.get('input')} deve ser {_RELATIONS[kind]} {limit}"
    if kind in _ERROR_TEXT:
        return _ERROR_TEXT[kind]
    if kind == "value_error":  # raised by the validators of the models: already Portuguese
        return str(error.get("msg", "")).removeprefix("Value error, ")
    # Any other pydantic check: its English text would not help a billing clerk.
    return f"valor {error.get('input')!r} inválido ({kind or 'erro desconhecido'})"
