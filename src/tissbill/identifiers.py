"""Check digits of the Brazilian identifiers carried by TISS messages (CNPJ and CPF).

Pure functions, shared by the validation rules and the models. TISS XML carries identifiers
without punctuation, so only the compact form is accepted: ``"11222333000181"``, never
``"11.222.333/0001-81"`` nor a value with surrounding spaces. What people type (an option, a
setting) goes through :func:`compact` first.

The modulo-11 arithmetic comes from python-stdnum (≥ 2.2, which values each CNPJ character as
``ord(c) - 48`` as IN RFB 2.229/2024 requires for the alphanumeric CNPJ); the format checks are
ours, because stdnum strips punctuation and spaces that a TISS file must not contain.
"""

from __future__ import annotations

import re
from enum import StrEnum
from functools import lru_cache

from stdnum.br import cnpj as _cnpj
from stdnum.br import cpf as _cpf

_CNPJ_BASE = re.compile(r"[A-Z0-9]{12}")
_CNPJ_NUMERIC = re.compile(r"[0-9]{14}")
_CNPJ_ALPHANUMERIC = re.compile(r"[A-Z0-9]{12}[0-9]{2}")
_CPF = re.compile(r"[0-9]{11}")
# How a CNPJ (11.222.333/0001-81) or a CPF (529.982.247-25) is written with its punctuation.
_FORMATTED = re.compile(r"\s*[0-9A-Za-z]{2,3}\.[0-9A-Za-z]{3}\.[0-9A-Za-z]{3}[/-]")


class IdentifierProblem(StrEnum):
    """Why an identifier is not valid."""

    FORMAT = "format"
    """Wrong length or characters (e.g. letters in a CPF, punctuation, lower case)."""
    REPEATED = "repeated"
    """All characters equal (``11111111111111``): passes the arithmetic, never issued."""
    CHECK_DIGITS = "check-digits"


def compact(value: str) -> str:
    """A CNPJ or CPF as typed, without its punctuation and spaces, in upper case.

    >>> compact(" 11.222.333/0001-81 ")
    '11222333000181'
    """
    return _cnpj.compact(value)


def looks_formatted(value: str) -> bool:
    """True when ``value`` is written like a CNPJ or a CPF with punctuation (``11.222.333/``,
    ``529.982.247-``), whatever its length."""
    return _FORMATTED.match(value) is not None


def cnpj_check_digits(base: str) -> str:
    """The two check digits of a 12-character CNPJ base (digits, or ``A``-``Z`` from 4.03.00).

    >>> cnpj_check_digits("112223330001")
    '81'
    >>> cnpj_check_digits("12ABC34501DE")
    '35'
    """
    if not _CNPJ_BASE.fullmatch(base):
        raise ValueError(f"base de CNPJ inválida: {base!r} (esperados 12 caracteres 0-9/A-Z)")
    return _cnpj.calc_check_digits(base)


# A lote repeats the same few identifiers in every guia: remember the recent answers.
@lru_cache(maxsize=4096)
def cnpj_problem(value: str, *, alphanumeric: bool) -> IdentifierProblem | None:
    """What is wrong with CNPJ ``value``, or None when it is valid.

    ``alphanumeric`` accepts the format introduced by TISS 4.03.00 (``[A-Z0-9]{12}[0-9]{2}``);
    without it only 14 digits are accepted, as in 4.01.00/4.02.00.
    """
    pattern = _CNPJ_ALPHANUMERIC if alphanumeric else _CNPJ_NUMERIC
    if not pattern.fullmatch(value):
        return IdentifierProblem.FORMAT
    if len(set(value)) == 1:
        return IdentifierProblem.REPEATED
    if cnpj_check_digits(value[:12]) != value[12:]:
        return IdentifierProblem.CHECK_DIGITS
    return None


def cnpj_is_valid(value: str, *, alphanumeric: bool) -> bool:
    """True when ``value`` is a well-formed CNPJ with correct check digits."""
    return cnpj_problem(value, alphanumeric=alphanumeric) is None


@lru_cache(maxsize=4096)
def cpf_problem(value: str) -> IdentifierProblem | None:
    """What is wrong with CPF ``value`` (11 digits), or None when it is valid."""
    if not _CPF.fullmatch(value):
        return IdentifierProblem.FORMAT
    if len(set(value)) == 1:
        return IdentifierProblem.REPEATED
    if not _cpf.is_valid(value):
        return IdentifierProblem.CHECK_DIGITS
    return None


def cpf_is_valid(value: str) -> bool:
    """True when ``value`` is an 11-digit CPF with correct check digits."""
    return cpf_problem(value) is None
