"""The ``mensagemTISS`` envelope of a lote de guias: cabeçalho, loteGuias and epílogo."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Protocol

from pydantic import Field, model_validator

from tissbill.models.base import Choice, TissModel
from tissbill.models.enums import TipoTransacao
from tissbill.models.fields import (
    CodigoPrestadorNaOperadoraOptional,
    NumeroLoteField,
    PadraoField,
    RegistroANSField,
    element,
)
from tissbill.models.guias import Guia
from tissbill.models.types import (
    CNPJ,
    CPF,
    Data,
    Hora,
    Items,
    Texto12,
    Texto20,
    Texto32,
)
from tissbill.versions import DEFAULT_VERSION, TissVersion


class IdentificacaoTransacao(TissModel):
    tipo_transacao: Annotated[TipoTransacao, element("tipoTransacao", "tipo de transação")] = (
        TipoTransacao.ENVIO_LOTE_GUIAS
    )
    sequencial_transacao: Annotated[
        Texto12, element("sequencialTransacao", "número sequencial da transação")
    ]
    data_registro_transacao: Annotated[
        Data, element("dataRegistroTransacao", "data de registro da transação")
    ]
    hora_registro_transacao: Annotated[
        Hora, element("horaRegistroTransacao", "hora de registro da transação")
    ]


IdentificacaoTransacaoField = Annotated[
    IdentificacaoTransacao,
    element("identificacaoTransacao", "identificação da transação"),
]


class IdentificacaoPrestador(Choice):
    """ct_prestadorIdentificacao: who sends the message (CNPJ, CPF or code at the operadora)."""

    __choice__ = ("cnpj", "cpf", "codigo_prestador_na_operadora")
    __choice_label__ = "identificação do prestador"

    cnpj: Annotated[CNPJ | None, element("CNPJ", "CNPJ do prestador")] = None
    cpf: Annotated[CPF | None, element("CPF", "CPF do prestador (11 dígitos)")] = None
    codigo_prestador_na_operadora: CodigoPrestadorNaOperadoraOptional = None


class Origem(TissModel):
    identificacao_prestador: Annotated[
        IdentificacaoPrestador,
        element("identificacaoPrestador", "CNPJ, CPF ou código na operadora"),
    ]


class Destino(TissModel):
    registro_ans: RegistroANSField


class LoginSenha(TissModel):
    """ct_loginSenha. ``senha_prestador`` is the MD5 of the password, never the password."""

    login_prestador: Annotated[Texto20, element("loginPrestador", "login do prestador")]
    senha_prestador: Annotated[
        Texto32, element("senhaPrestador", "MD5 da senha do prestador (nunca a senha)")
    ]


LoginSenhaPrestadorOptional = Annotated[
    LoginSenha | None, element("loginSenhaPrestador", "login e senha do prestador")
]


class Cabecalho(TissModel):
    """cabecalhoTransacao."""

    identificacao_transacao: IdentificacaoTransacaoField
    origem: Annotated[Origem, element("origem", "quem envia a mensagem")]
    destino: Annotated[Destino, element("destino", "operadora destinatária")]
    padrao: PadraoField = DEFAULT_VERSION
    login_senha_prestador: LoginSenhaPrestadorOptional = None


CabecalhoField = Annotated[Cabecalho, element("cabecalho", "cabeçalho da transação")]


class LoteGuias(TissModel):
    """ctm_guiaLote: up to 100 guias of one type."""

    numero_lote: NumeroLoteField
    guias_tiss: Annotated[
        list[Guia], Items(None), element("guiasTISS", "guias do lote (até 100, de um só tipo)")
    ] = Field(min_length=1, max_length=100)

    @model_validator(mode="after")
    def _one_guia_type(self) -> LoteGuias:
        kinds = {type(g).__name__ for g in self.guias_tiss}
        if len(kinds) > 1:
            raise ValueError(
                "um lote contém apenas um tipo de guia; encontrados: " + ", ".join(sorted(kinds))
            )
        return self


class PrestadorParaOperadora(TissModel):
    lote_guias: Annotated[LoteGuias, element("loteGuias", "lote de guias")]


class Epilogo(TissModel):
    hash: Annotated[
        str, element("hash", "MD5 do conteúdo da mensagem (preenchido ao gerar o XML)")
    ] = ""
    """MD5 of the message content; filled by the writer."""


EpilogoField = Annotated[Epilogo, element("epilogo", "epílogo da mensagem (hash)")]
"""epilogo of every message; its default is an empty one (``Field(default_factory=Epilogo)``)."""


class _ComPadrao(Protocol):
    """A cabeçalho of a message (the prestador's or the operadora's): it names the version."""

    padrao: TissVersion


class _Mensagem(TissModel):
    """Base of every message (``mensagemTISS``): cabeçalho, the sender's content and epílogo.

    Each message declares the three fields itself, in this XSD order (the fields of a base
    class would come first).
    """

    if TYPE_CHECKING:
        # Declared by each message in its XSD position; here only for the type checker.
        cabecalho: _ComPadrao
        epilogo: Epilogo

    @property
    def version(self) -> TissVersion:
        return self.cabecalho.padrao


class MensagemTISS(_Mensagem):
    """A complete message of a prestador sending a lote de guias to an operadora."""

    cabecalho: CabecalhoField
    prestador_para_operadora: Annotated[
        PrestadorParaOperadora,
        element("prestadorParaOperadora", "conteúdo enviado pelo prestador à operadora"),
    ]
    epilogo: EpilogoField = Field(default_factory=Epilogo)

    @property
    def guias(self) -> list[Guia]:
        return self.prestador_para_operadora.lote_guias.guias_tiss
