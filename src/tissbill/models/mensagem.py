"""The ``mensagemTISS`` envelope of a lote de guias: cabeçalho, loteGuias and epílogo."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, model_validator

from tissbill.models.base import TissModel, exactly_one
from tissbill.models.enums import TipoTransacao
from tissbill.models.guias import Guia
from tissbill.models.types import (
    CNPJ,
    CPF,
    Data,
    Hora,
    Items,
    RegistroANS,
    Texto12,
    Texto14,
    Texto20,
    Texto32,
)
from tissbill.versions import DEFAULT_VERSION, TissVersion


class IdentificacaoTransacao(TissModel):
    tipo_transacao: TipoTransacao = Field(
        default=TipoTransacao.ENVIO_LOTE_GUIAS, alias="tipoTransacao"
    )
    sequencial_transacao: Texto12 = Field(alias="sequencialTransacao")
    data_registro_transacao: Data = Field(alias="dataRegistroTransacao")
    hora_registro_transacao: Hora = Field(alias="horaRegistroTransacao")


class IdentificacaoPrestador(TissModel):
    """ct_prestadorIdentificacao: who sends the message (CNPJ, CPF or code at the operadora)."""

    cnpj: CNPJ | None = Field(default=None, alias="CNPJ")
    cpf: CPF | None = Field(default=None, alias="CPF")
    codigo_prestador_na_operadora: Texto14 | None = Field(
        default=None, alias="codigoPrestadorNaOperadora"
    )

    @model_validator(mode="after")
    def _one_identifier(self) -> IdentificacaoPrestador:
        exactly_one(
            self, ("cnpj", "cpf", "codigo_prestador_na_operadora"), "identificação do prestador"
        )
        return self


class Origem(TissModel):
    identificacao_prestador: IdentificacaoPrestador = Field(alias="identificacaoPrestador")


class Destino(TissModel):
    registro_ans: RegistroANS = Field(alias="registroANS")


class LoginSenha(TissModel):
    """ct_loginSenha. ``senha_prestador`` is the MD5 of the password, never the password."""

    login_prestador: Texto20 = Field(alias="loginPrestador")
    senha_prestador: Texto32 = Field(alias="senhaPrestador")


class Cabecalho(TissModel):
    """cabecalhoTransacao."""

    identificacao_transacao: IdentificacaoTransacao = Field(alias="identificacaoTransacao")
    origem: Origem = Field(alias="origem")
    destino: Destino = Field(alias="destino")
    padrao: TissVersion = Field(default=DEFAULT_VERSION, alias="Padrao")
    login_senha_prestador: LoginSenha | None = Field(default=None, alias="loginSenhaPrestador")


class LoteGuias(TissModel):
    """ctm_guiaLote: up to 100 guias of one type."""

    numero_lote: Texto12 = Field(alias="numeroLote")
    guias_tiss: Annotated[list[Guia], Items(None)] = Field(
        min_length=1, max_length=100, alias="guiasTISS"
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
    lote_guias: LoteGuias = Field(alias="loteGuias")


class Epilogo(TissModel):
    hash: str = Field(default="", alias="hash")
    """MD5 of the message content; filled by the writer."""


class MensagemTISS(TissModel):
    """A complete message of a prestador sending a lote de guias to an operadora."""

    cabecalho: Cabecalho = Field(alias="cabecalho")
    prestador_para_operadora: PrestadorParaOperadora = Field(alias="prestadorParaOperadora")
    epilogo: Epilogo = Field(default_factory=Epilogo, alias="epilogo")

    @property
    def version(self) -> TissVersion:
        return self.cabecalho.padrao

    @property
    def guias(self) -> list[Guia]:
        return self.prestador_para_operadora.lote_guias.guias_tiss
