"""The ``mensagemTISS`` envelope of a lote de guias: cabeçalho, loteGuias and epílogo."""

from __future__ import annotations

from typing import Annotated

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
    tipo_transacao: TipoTransacao = Field(
        default=TipoTransacao.ENVIO_LOTE_GUIAS,
        serialization_alias="tipoTransacao",
        description="tipoTransacao: tipo de transação",
    )
    sequencial_transacao: Texto12 = Field(
        serialization_alias="sequencialTransacao",
        description="sequencialTransacao: número sequencial da transação",
    )
    data_registro_transacao: Data = Field(
        serialization_alias="dataRegistroTransacao",
        description="dataRegistroTransacao: data de registro da transação",
    )
    hora_registro_transacao: Hora = Field(
        serialization_alias="horaRegistroTransacao",
        description="horaRegistroTransacao: hora de registro da transação",
    )


IdentificacaoTransacaoField = Annotated[
    IdentificacaoTransacao,
    element("identificacaoTransacao", "identificação da transação"),
]


class IdentificacaoPrestador(Choice):
    """ct_prestadorIdentificacao: who sends the message (CNPJ, CPF or code at the operadora)."""

    __choice__ = ("cnpj", "cpf", "codigo_prestador_na_operadora")
    __choice_label__ = "identificação do prestador"

    cnpj: CNPJ | None = Field(
        default=None, serialization_alias="CNPJ", description="CNPJ: CNPJ do prestador"
    )
    cpf: CPF | None = Field(
        default=None, serialization_alias="CPF", description="CPF: CPF do prestador (11 dígitos)"
    )
    codigo_prestador_na_operadora: CodigoPrestadorNaOperadoraOptional = None


class Origem(TissModel):
    identificacao_prestador: IdentificacaoPrestador = Field(
        serialization_alias="identificacaoPrestador",
        description="identificacaoPrestador: CNPJ, CPF ou código na operadora",
    )


class Destino(TissModel):
    registro_ans: RegistroANSField


class LoginSenha(TissModel):
    """ct_loginSenha. ``senha_prestador`` is the MD5 of the password, never the password."""

    login_prestador: Texto20 = Field(
        serialization_alias="loginPrestador", description="loginPrestador: login do prestador"
    )
    senha_prestador: Texto32 = Field(
        serialization_alias="senhaPrestador",
        description="senhaPrestador: MD5 da senha do prestador (nunca a senha)",
    )


LoginSenhaPrestadorOptional = Annotated[
    LoginSenha | None, element("loginSenhaPrestador", "login e senha do prestador")
]


class Cabecalho(TissModel):
    """cabecalhoTransacao."""

    identificacao_transacao: IdentificacaoTransacaoField
    origem: Origem = Field(
        serialization_alias="origem", description="origem: quem envia a mensagem"
    )
    destino: Destino = Field(
        serialization_alias="destino", description="destino: operadora destinatária"
    )
    padrao: PadraoField = DEFAULT_VERSION
    login_senha_prestador: LoginSenhaPrestadorOptional = None


CabecalhoField = Annotated[Cabecalho, element("cabecalho", "cabeçalho da transação")]


class LoteGuias(TissModel):
    """ctm_guiaLote: up to 100 guias of one type."""

    numero_lote: NumeroLoteField
    guias_tiss: Annotated[list[Guia], Items(None)] = Field(
        min_length=1,
        max_length=100,
        serialization_alias="guiasTISS",
        description="guiasTISS: guias do lote (até 100, de um só tipo)",
    )

    @model_validator(mode="after")
    def _one_guia_type(self) -> LoteGuias:
        kinds = {type(g).__name__ for g in self.guias_tiss}
        if len(kinds) > 1:
            raise ValueError(
                "um lote contém apenas um tipo de guia; encontrados: " + ", ".join(sorted(kinds))
            )
        return self


class PrestadorParaOperadora(TissModel):
    lote_guias: LoteGuias = Field(
        serialization_alias="loteGuias", description="loteGuias: lote de guias"
    )


class Epilogo(TissModel):
    hash: str = Field(
        default="",
        serialization_alias="hash",
        description="hash: MD5 do conteúdo da mensagem (preenchido ao gerar o XML)",
    )
    """MD5 of the message content; filled by the writer."""


EpilogoField = Annotated[Epilogo, element("epilogo", "epílogo da mensagem (hash)")]
"""epilogo of every message; its default is an empty one (``Field(default_factory=Epilogo)``)."""


class MensagemTISS(TissModel):
    """A complete message of a prestador sending a lote de guias to an operadora."""

    cabecalho: CabecalhoField
    prestador_para_operadora: PrestadorParaOperadora = Field(
        serialization_alias="prestadorParaOperadora",
        description="prestadorParaOperadora: conteúdo enviado pelo prestador à operadora",
    )
    epilogo: EpilogoField = Field(default_factory=Epilogo)

    @property
    def version(self) -> TissVersion:
        return self.cabecalho.padrao

    @property
    def guias(self) -> list[Guia]:
        return self.prestador_para_operadora.lote_guias.guias_tiss
