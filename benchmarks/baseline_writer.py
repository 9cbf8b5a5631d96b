"""The build baseline: the same lotes written by hand with bare lxml calls, plus MD5.

This is what a hand-tuned, single-purpose writer for consulta, SP/SADT and honorários guias
costs: grouping into lotes of 100, sequencialItem numbering, line and guia totals, one
``SubElement`` per element in XSD order, the epílogo hash over the values gathered while
writing, and serialisation. It has no version handling, no text checks and no error paths,
so it is a floor for tissbill's generic, plan-driven writer. ``run.py`` checks that its bytes
equal tissbill's, so both do the same work.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from lxml import etree

from tissbill.models.guias import Guia, GuiaConsulta, GuiaHonorarios, GuiaSPSADT
from tissbill.models.mensagem import IdentificacaoPrestador

NS = "{http://www.ans.gov.br/padroes/tiss/schemas}"
NSMAP = {"ans": "http://www.ans.gov.br/padroes/tiss/schemas"}
CENTS = Decimal("0.01")
ZERO = Decimal("0.00")
TOTAL_FIELDS = (
    ("valorProcedimentos", None),
    ("valorDiarias", "05"),
    ("valorTaxasAlugueis", "07"),
    ("valorMateriais", "03"),
    ("valorMedicamentos", "02"),
    ("valorOPME", "08"),
    ("valorGasesMedicinais", "01"),
)
SubElement = etree.SubElement


class _Out:
    """The element being written to and the values of the hash, in document order."""

    __slots__ = ("values",)

    def __init__(self) -> None:
        self.values: list[str] = []

    def leaf(self, parent: etree._Element, name: str, value: str) -> None:
        SubElement(parent, NS + name).text = value
        self.values.append(value)


def _money(value: Decimal) -> str:
    return f"{value:.2f}"


def _line_total(quantidade: Decimal | int, unitario: Decimal, fator: Decimal) -> Decimal:
    return (Decimal(quantidade) * unitario * fator).quantize(CENTS, rounding=ROUND_HALF_UP)


def _numbering(used: set[int]) -> Callable[[], int]:
    counter = 0

    def next_free() -> int:
        nonlocal counter
        counter += 1
        while counter in used:
            counter += 1
        return counter

    return next_free


def _profissional(out: _Out, parent: etree._Element, p: Any) -> None:
    if p.nome_profissional is not None:
        out.leaf(parent, "nomeProfissional", p.nome_profissional)
    out.leaf(parent, "conselhoProfissional", p.conselho_profissional.value)
    out.leaf(parent, "numeroConselhoProfissional", p.numero_conselho_profissional)
    out.leaf(parent, "UF", p.uf.value)
    out.leaf(parent, "CBOS", p.cbos)


def _contratado(out: _Out, parent: etree._Element, c: Any) -> None:
    if c.codigo_prestador_na_operadora is not None:
        out.leaf(parent, "codigoPrestadorNaOperadora", c.codigo_prestador_na_operadora)
    elif c.cpf_contratado is not None:
        out.leaf(parent, "cpfContratado", c.cpf_contratado)
    else:
        out.leaf(parent, "cnpjContratado", c.cnpj_contratado)


def _cod_profissional(out: _Out, parent: etree._Element, c: Any) -> None:
    el = SubElement(parent, NS + "codProfissional")
    if c.codigo_prestador_na_operadora is not None:
        out.leaf(el, "codigoPrestadorNaOperadora", c.codigo_prestador_na_operadora)
    else:
        out.leaf(el, "cpfContratado", c.cpf_contratado)


def _beneficiario(out: _Out, parent: etree._Element, b: Any) -> None:
    el = SubElement(parent, NS + "dadosBeneficiario")
    out.leaf(el, "numeroCarteira", b.numero_carteira)
    out.leaf(el, "atendimentoRN", b.atendimento_rn.value)
    if b.tipo_ident is not None:
        out.leaf(el, "tipoIdent", b.tipo_ident.value)
    if b.identificador_beneficiario is not None:
        value = base64.b64encode(b.identificador_beneficiario).decode("ascii")
        out.leaf(el, "identificadorBeneficiario", value)


def _procedimento_base(out: _Out, el: etree._Element, p: Any, seq: int, total: Decimal) -> None:
    out.leaf(el, "sequencialItem", str(seq))
    out.leaf(el, "dataExecucao", p.data_execucao.isoformat())
    if p.hora_inicial is not None:
        out.leaf(el, "horaInicial", p.hora_inicial.isoformat())
    if p.hora_final is not None:
        out.leaf(el, "horaFinal", p.hora_final.isoformat())
    proc = SubElement(el, NS + "procedimento")
    out.leaf(proc, "codigoTabela", p.procedimento.codigo_tabela.value)
    out.leaf(proc, "codigoProcedimento", p.procedimento.codigo_procedimento)
    out.leaf(proc, "descricaoProcedimento", p.procedimento.descricao_procedimento)
    out.leaf(el, "quantidadeExecutada", str(p.quantidade_executada))
    if p.via_acesso is not None:
        out.leaf(el, "viaAcesso", p.via_acesso.value)
    if p.tecnica_utilizada is not None:
        out.leaf(el, "tecnicaUtilizada", p.tecnica_utilizada.value)
    out.leaf(el, "reducaoAcrescimo", _money(p.reducao_acrescimo))
    out.leaf(el, "valorUnitario", _money(p.valor_unitario))
    out.leaf(el, "valorTotal", _money(total))


def _consulta(out: _Out, parent: etree._Element, g: GuiaConsulta) -> None:
    guia = SubElement(parent, NS + "guiaConsulta")
    cab = SubElement(guia, NS + "cabecalhoConsulta")
    out.leaf(cab, "registroANS", g.cabecalho_consulta.registro_ans)
    out.leaf(cab, "numeroGuiaPrestador", g.cabecalho_consulta.numero_guia_prestador)
    if g.numero_guia_operadora is not None:
        out.leaf(guia, "numeroGuiaOperadora", g.numero_guia_operadora)
    if g.ausencia_cod_validacao is not None:
        out.leaf(guia, "ausenciaCodValidacao", g.ausencia_cod_validacao.value)
    if g.cod_validacao is not None:
        out.leaf(guia, "codValidacao", g.cod_validacao)
    _beneficiario(out, guia, g.dados_beneficiario)
    contratado = SubElement(guia, NS + "contratadoExecutante")
    _contratado(out, contratado, g.contratado_executante)
    out.leaf(contratado, "CNES", g.contratado_executante.cnes)
    _profissional(out, SubElement(guia, NS + "profissionalExecutante"), g.profissional_executante)
    out.leaf(guia, "indicacaoAcidente", g.indicacao_acidente.value)
    a = g.dados_atendimento
    atendimento = SubElement(guia, NS + "dadosAtendimento")
    if a.cobertura_especial is not None:
        out.leaf(atendimento, "coberturaEspecial", a.cobertura_especial.value)
    out.leaf(atendimento, "regimeAtendimento", a.regime_atendimento.value)
    if a.saude_ocupacional is not None:
        out.leaf(atendimento, "saudeOcupacional", a.saude_ocupacional.value)
    out.leaf(atendimento, "dataAtendimento", a.data_atendimento.isoformat())
    out.leaf(atendimento, "tipoConsulta", a.tipo_consulta.value)
    proc = SubElement(atendimento, NS + "procedimento")
    out.leaf(proc, "codigoTabela", a.procedimento.codigo_tabela.value)
    out.leaf(proc, "codigoProcedimento", a.procedimento.codigo_procedimento)
    out.leaf(proc, "valorProcedimento", _money(a.procedimento.valor_procedimento))
    if g.observacao is not None:
        out.leaf(guia, "observacao", g.observacao)


def _sadt(out: _Out, parent: etree._Element, g: GuiaSPSADT) -> None:
    guia = SubElement(parent, NS + "guiaSP-SADT")
    cab = SubElement(guia, NS + "cabecalhoGuia")
    out.leaf(cab, "registroANS", g.cabecalho_guia.registro_ans)
    out.leaf(cab, "numeroGuiaPrestador", g.cabecalho_guia.numero_guia_prestador)
    if g.cabecalho_guia.guia_principal is not None:
        out.leaf(cab, "guiaPrincipal", g.cabecalho_guia.guia_principal)
    aut = g.dados_autorizacao
    if aut is not None:
        el = SubElement(guia, NS + "dadosAutorizacao")
        if aut.numero_guia_operadora is not None:
            out.leaf(el, "numeroGuiaOperadora", aut.numero_guia_operadora)
        out.leaf(el, "dataAutorizacao", aut.data_autorizacao.isoformat())
        if aut.senha is not None:
            out.leaf(el, "senha", aut.senha)
        if aut.data_validade_senha is not None:
            out.leaf(el, "dataValidadeSenha", aut.data_validade_senha.isoformat())
        if aut.ausencia_cod_validacao is not None:
            out.leaf(el, "ausenciaCodValidacao", aut.ausencia_cod_validacao.value)
        if aut.cod_validacao is not None:
            out.leaf(el, "codValidacao", aut.cod_validacao)
    _beneficiario(out, guia, g.dados_beneficiario)
    sol = g.dados_solicitante
    el = SubElement(guia, NS + "dadosSolicitante")
    _contratado(out, SubElement(el, NS + "contratadoSolicitante"), sol.contratado_solicitante)
    out.leaf(el, "nomeContratadoSolicitante", sol.nome_contratado_solicitante)
    _profissional(out, SubElement(el, NS + "profissionalSolicitante"), sol.profissional_solicitante)
    s = g.dados_solicitacao
    el = SubElement(guia, NS + "dadosSolicitacao")
    if s.data_solicitacao is not None:
        out.leaf(el, "dataSolicitacao", s.data_solicitacao.isoformat())
    out.leaf(el, "caraterAtendimento", s.carater_atendimento.value)
    if s.indicacao_clinica is not None:
        out.leaf(el, "indicacaoClinica", s.indicacao_clinica)
    if s.ind_cob_especial is not None:
        out.leaf(el, "indCobEspecial", s.ind_cob_especial.value)
    el = SubElement(guia, NS + "dadosExecutante")
    _contratado(
        out, SubElement(el, NS + "contratadoExecutante"), g.dados_executante.contratado_executante
    )
    out.leaf(el, "CNES", g.dados_executante.cnes)
    a = g.dados_atendimento
    el = SubElement(guia, NS + "dadosAtendimento")
    out.leaf(el, "tipoAtendimento", a.tipo_atendimento.value)
    out.leaf(el, "indicacaoAcidente", a.indicacao_acidente.value)
    if a.tipo_consulta is not None:
        out.leaf(el, "tipoConsulta", a.tipo_consulta.value)
    if a.motivo_encerramento is not None:
        out.leaf(el, "motivoEncerramento", a.motivo_encerramento.value)
    out.leaf(el, "regimeAtendimento", a.regime_atendimento.value)
    if a.saude_ocupacional is not None:
        out.leaf(el, "saudeOcupacional", a.saude_ocupacional.value)

    next_free = _numbering(
        {p.sequencial_item for p in g.procedimentos_executados if p.sequencial_item is not None}
        | {d.sequencial_item for d in g.outras_despesas if d.sequencial_item is not None}
    )
    sums: dict[str | None, Decimal] = {}
    if g.procedimentos_executados:
        procs = SubElement(guia, NS + "procedimentosExecutados")
        for p in g.procedimentos_executados:
            total = p.valor_total
            if total is None:
                total = _line_total(p.quantidade_executada, p.valor_unitario, p.reducao_acrescimo)
            sums[None] = sums.get(None, ZERO) + total
            el = SubElement(procs, NS + "procedimentoExecutado")
            _procedimento_base(out, el, p, p.sequencial_item or next_free(), total)
            for m in p.equipe_sadt:
                eq = SubElement(el, NS + "equipeSadt")
                if m.grau_part is not None:
                    out.leaf(eq, "grauPart", m.grau_part.value)
                _cod_profissional(out, eq, m.cod_profissional)
                out.leaf(eq, "nomeProf", m.nome_prof)
                out.leaf(eq, "conselho", m.conselho.value)
                out.leaf(eq, "numeroConselhoProfissional", m.numero_conselho_profissional)
                out.leaf(eq, "UF", m.uf.value)
                out.leaf(eq, "CBOS", m.cbos)
    if g.outras_despesas:
        desp = SubElement(guia, NS + "outrasDespesas")
        for d in g.outras_despesas:
            s_ = d.servicos_executados
            total = s_.valor_total
            if total is None:
                total = _line_total(
                    s_.quantidade_executada, s_.valor_unitario, s_.reducao_acrescimo
                )
            codigo = d.codigo_despesa.value
            sums[codigo] = sums.get(codigo, ZERO) + total
            el = SubElement(desp, NS + "despesa")
            out.leaf(el, "sequencialItem", str(d.sequencial_item or next_free()))
            out.leaf(el, "codigoDespesa", codigo)
            se = SubElement(el, NS + "servicosExecutados")
            out.leaf(se, "dataExecucao", s_.data_execucao.isoformat())
            if s_.hora_inicial is not None:
                out.leaf(se, "horaInicial", s_.hora_inicial.isoformat())
            if s_.hora_final is not None:
                out.leaf(se, "horaFinal", s_.hora_final.isoformat())
            out.leaf(se, "codigoTabela", s_.codigo_tabela.value)
            out.leaf(se, "codigoProcedimento", s_.codigo_procedimento)
            out.leaf(se, "quantidadeExecutada", f"{s_.quantidade_executada:.4f}")
            out.leaf(se, "unidadeMedida", s_.unidade_medida.value)
            out.leaf(se, "reducaoAcrescimo", _money(s_.reducao_acrescimo))
            out.leaf(se, "valorUnitario", _money(s_.valor_unitario))
            out.leaf(se, "valorTotal", _money(total))
            if s_.centro_consumo is not None:
                out.leaf(se, "centroConsumo", s_.centro_consumo.value)
            out.leaf(se, "descricaoProcedimento", s_.descricao_procedimento)
            if s_.registro_anvisa is not None:
                out.leaf(se, "registroANVISA", s_.registro_anvisa)
            if s_.codigo_ref_fabricante is not None:
                out.leaf(se, "codigoRefFabricante", s_.codigo_ref_fabricante)
            if s_.autorizacao_funcionamento is not None:
                out.leaf(se, "autorizacaoFuncionamento", s_.autorizacao_funcionamento)
            if d.item_vinculado is not None:
                out.leaf(el, "itemVinculado", str(d.item_vinculado))
    if g.observacao is not None:
        out.leaf(guia, "observacao", g.observacao)
    el = SubElement(guia, NS + "valorTotal")
    if g.valor_total is not None:
        given = g.valor_total
        for name, value in (
            ("valorProcedimentos", given.valor_procedimentos),
            ("valorDiarias", given.valor_diarias),
            ("valorTaxasAlugueis", given.valor_taxas_alugueis),
            ("valorMateriais", given.valor_materiais),
            ("valorMedicamentos", given.valor_medicamentos),
            ("valorOPME", given.valor_opme),
            ("valorGasesMedicinais", given.valor_gases_medicinais),
        ):
            if value is not None:
                out.leaf(el, name, _money(value))
        out.leaf(el, "valorTotalGeral", _money(given.valor_total_geral))
        return
    for name, key in TOTAL_FIELDS:
        if key in sums:
            out.leaf(el, name, _money(sums[key]))
    out.leaf(el, "valorTotalGeral", _money(sum(sums.values(), ZERO)))


def _honorarios(out: _Out, parent: etree._Element, g: GuiaHonorarios) -> None:
    guia = SubElement(parent, NS + "guiaHonorarios")
    cab = SubElement(guia, NS + "cabecalhoGuia")
    out.leaf(cab, "registroANS", g.cabecalho_guia.registro_ans)
    out.leaf(cab, "numeroGuiaPrestador", g.cabecalho_guia.numero_guia_prestador)
    out.leaf(guia, "guiaSolicInternacao", g.guia_solic_internacao)
    if g.senha is not None:
        out.leaf(guia, "senha", g.senha)
    if g.numero_guia_operadora is not None:
        out.leaf(guia, "numeroGuiaOperadora", g.numero_guia_operadora)
    el = SubElement(guia, NS + "beneficiario")
    out.leaf(el, "numeroCarteira", g.beneficiario.numero_carteira)
    out.leaf(el, "atendimentoRN", g.beneficiario.atendimento_rn.value)
    local = g.local_contratado
    el = SubElement(guia, NS + "localContratado")
    cod = SubElement(el, NS + "codigoContratado")
    if local.codigo_contratado.codigo_na_operadora is not None:
        out.leaf(cod, "codigoNaOperadora", local.codigo_contratado.codigo_na_operadora)
    else:
        out.leaf(cod, "cnpjLocalExecutante", str(local.codigo_contratado.cnpj_local_executante))
    out.leaf(el, "nomeContratado", local.nome_contratado)
    out.leaf(el, "cnes", local.cnes)
    el = SubElement(guia, NS + "dadosContratadoExecutante")
    out.leaf(el, "codigonaOperadora", g.dados_contratado_executante.codigona_operadora)
    out.leaf(
        el, "cnesContratadoExecutante", g.dados_contratado_executante.cnes_contratado_executante
    )
    i = g.dados_internacao
    el = SubElement(guia, NS + "dadosInternacao")
    out.leaf(el, "dataInicioFaturamento", i.data_inicio_faturamento.isoformat())
    out.leaf(el, "dataFimFaturamento", i.data_fim_faturamento.isoformat())
    if i.carater_atendimento is not None:
        out.leaf(el, "caraterAtendimento", i.carater_atendimento.value)
    next_free = _numbering(
        {p.sequencial_item for p in g.procedimentos_realizados if p.sequencial_item}
    )
    soma = ZERO
    procs = SubElement(guia, NS + "procedimentosRealizados")
    for p in g.procedimentos_realizados:
        total = p.valor_total
        if total is None:
            total = _line_total(p.quantidade_executada, p.valor_unitario, p.reducao_acrescimo)
        soma += total
        el = SubElement(procs, NS + "procedimentoRealizado")
        _procedimento_base(out, el, p, p.sequencial_item or next_free(), total)
        for m in p.profissionais:
            prof = SubElement(el, NS + "profissionais")
            out.leaf(prof, "grauParticipacao", m.grau_participacao.value)
            _cod_profissional(out, prof, m.cod_profissional)
            out.leaf(prof, "nomeProfissional", m.nome_profissional)
            out.leaf(prof, "conselhoProfissional", m.conselho_profissional.value)
            out.leaf(prof, "numeroConselhoProfissional", m.numero_conselho_profissional)
            out.leaf(prof, "UF", m.uf.value)
            out.leaf(prof, "CBO", m.cbo)
    if g.observacao is not None:
        out.leaf(guia, "observacao", g.observacao)
    valor = g.valor_total_honorarios if g.valor_total_honorarios is not None else soma
    out.leaf(guia, "valorTotalHonorarios", _money(valor))
    out.leaf(guia, "dataEmissaoGuia", g.data_emissao_guia.isoformat())


_WRITERS: dict[type[Any], Any] = {
    GuiaConsulta: _consulta,
    GuiaSPSADT: _sadt,
    GuiaHonorarios: _honorarios,
}


def _lote(
    guias: list[Guia],
    *,
    numero: str,
    operadora: str,
    prestador: IdentificacaoPrestador,
    when: dt.datetime,
    versao: str,
) -> bytes:
    out = _Out()
    root = etree.Element(NS + "mensagemTISS", nsmap=NSMAP)
    cab = SubElement(root, NS + "cabecalho")
    ident = SubElement(cab, NS + "identificacaoTransacao")
    out.leaf(ident, "tipoTransacao", "ENVIO_LOTE_GUIAS")
    out.leaf(ident, "sequencialTransacao", numero)
    out.leaf(ident, "dataRegistroTransacao", when.date().isoformat())
    out.leaf(ident, "horaRegistroTransacao", when.time().isoformat())
    origem = SubElement(SubElement(cab, NS + "origem"), NS + "identificacaoPrestador")
    if prestador.cnpj is not None:
        out.leaf(origem, "CNPJ", prestador.cnpj)
    elif prestador.cpf is not None:
        out.leaf(origem, "CPF", prestador.cpf)
    else:
        out.leaf(origem, "codigoPrestadorNaOperadora", str(prestador.codigo_prestador_na_operadora))
    out.leaf(SubElement(cab, NS + "destino"), "registroANS", operadora)
    out.leaf(cab, "Padrao", versao)
    lote = SubElement(SubElement(root, NS + "prestadorParaOperadora"), NS + "loteGuias")
    out.leaf(lote, "numeroLote", numero)
    container = SubElement(lote, NS + "guiasTISS")
    for guia in guias:
        _WRITERS[type(guia)](out, container, guia)
    digest = hashlib.md5("".join(out.values).encode("iso-8859-1"), usedforsecurity=False)
    SubElement(SubElement(root, NS + "epilogo"), NS + "hash").text = digest.hexdigest()
    body = etree.tostring(root, encoding="ISO-8859-1", xml_declaration=False)
    assert isinstance(body, bytes)
    return b'<?xml version="1.0" encoding="ISO-8859-1"?>\n' + body


def build(
    guias: list[Guia],
    *,
    prestador: IdentificacaoPrestador,
    when: dt.datetime,
    versao: str,
    numero_inicial: int = 1,
) -> list[bytes]:
    """The lotes of ``guias``: grouped by operadora and guia type, 100 per lote, in order."""
    groups: dict[tuple[str, type[Any]], list[Guia]] = {}
    for guia in guias:
        groups.setdefault((guia.registro_ans, type(guia)), []).append(guia)
    out = []
    numero = numero_inicial
    for (operadora, _), members in groups.items():
        for start in range(0, len(members), 100):
            out.append(
                _lote(
                    members[start : start + 100],
                    numero=str(numero),
                    operadora=operadora,
                    prestador=prestador,
                    when=when,
                    versao=versao,
                )
            )
            numero += 1
    return out
