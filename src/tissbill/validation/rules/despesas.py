"""Rules: outras despesas and OPME (OD-*), the ``outrasDespesas/despesa`` of resumo and SP/SADT.

Each despesa carries its data in ``servicosExecutados`` (ct_procedimentoExecutadoOutras); the
sequencial, the código de despesa (tabela 25) and the item vinculado sit on the despesa itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from tissbill.formatting import brl, number
from tissbill.money import line_total, line_total_accepted
from tissbill.validation.context import GuiaContext
from tissbill.validation.declaration import Hit, Scope, rule
from tissbill.validation.findings import Severity
from tissbill.validation.itens import Item, items

DESPESAS = {
    "01": "gases medicinais",
    "02": "medicamentos",
    "03": "materiais",
    "05": "diárias",
    "07": "taxas e aluguéis",
    "08": "OPME",
}
"""Tabela 25 (dm_outrasDespesas) as enumerated in 4.01-4.03."""

_INACTIVE = {"04": "taxas diversas", "06": "aluguéis"}
_TABELAS = {
    "00": "tabela própria",
    "18": "TUSS taxas hospitalares, diárias e gases medicinais",
    "19": "TUSS materiais e OPME",
    "20": "TUSS medicamentos",
    "22": "TUSS procedimentos e eventos em saúde",
    "90": "pacote odontológico",
    "98": "pacote",
}
_TABELA_OF_DESPESA = {"01": "18", "02": "20", "03": "19", "05": "18", "07": "18", "08": "19"}
_TUSS = frozenset({"18", "19", "20", "22"})
_UNIDADES = frozenset(f"{n:03d}" for n in range(1, 62))
"""Tabela 60 (dm_unidadeMedida): 001..061."""
_UNIDADES_MATERIAL = frozenset({"036", "044", "039", "040", "048", "045", "042", "038"})
"""Units that fit an OPME or a material: UN, PÇ, CONJ, KIT, PAR, RL, M, CM."""
_UNIDADES_NAO_MEDICAMENTO = frozenset(
    {"038", "039", "040", "042", "044", "045", "046", "047", "048", "053", "054", "055"}
)
"""Length, area, volume-of-gas, radiation and piece units that never measure a medicine."""

_EIGHT_DIGITS = re.compile(r"[0-9]{8}")
_DIGITS = re.compile(r"[0-9]+")


def _tipo(codigo: str) -> str:
    """``"08 (OPME)"``: the código de despesa with its meaning."""
    name = DESPESAS.get(codigo)
    return f"{codigo} ({name})" if name else codigo


def line_total_hits(item: Item, quantity_places: int, tolerance: Decimal) -> Iterator[Hit]:
    """The hit, if any, when the item's valorTotal is not quantidade × unitário × fator
    (± tolerance) under any of the roundings billing systems use
    (:func:`~tissbill.money.line_total_accepted`).

    Unreadable values are left to the XSD, and a zero valorUnitario to OD-010 / TOT-009 (a
    contractually undefined price).
    """
    quantidade = item.number("quantidadeExecutada")
    fator = item.number("reducaoAcrescimo")
    unitario = item.number("valorUnitario")
    total = item.number("valorTotal")
    if quantidade is None or fator is None or unitario is None or total is None:
        return
    if unitario == 0 or line_total_accepted(quantidade, unitario, fator, total, tolerance):
        return
    expected = line_total(quantidade, unitario, fator)
    yield Hit(
        item.get("valorTotal"),
        f"Valor total {item.label('de')} é {brl(total)}, mas quantidade "
        f"{number(quantidade, quantity_places)} × valor unitário {brl(unitario)} × fator "
        f"{number(fator)} = {brl(expected)}.",
        ctx={
            "found": total,
            "expected": expected,
            "quantidade": quantidade,
            "valor_unitario": unitario,
            "fator": fator,
            "tolerance": tolerance,
        },
    )


@rule("OD-001", Severity.ERROR, title="Código de despesa válido", scope=Scope.GUIA)
def codigo_despesa_valido(guia: GuiaContext) -> Iterator[Hit]:
    """O código de despesa deve ser da tabela 25: 01, 02, 03, 05, 07 ou 08.

    04 (taxas diversas) e 06 (aluguéis) estão inativos e não constam do XSD; o XSD já rejeita
    qualquer outro valor, esta regra só explica o motivo.
    """
    for d in items(guia).despesas:
        codigo = d.codigo_despesa
        element = d.get("codigoDespesa")
        if element is None or codigo in DESPESAS:
            continue
        if codigo in _INACTIVE:
            message = (
                f"Código de despesa {codigo} ({_INACTIVE[codigo]}) da {d.label()} está inativo "
                "na tabela 25; use 07 (taxas e aluguéis)."
            )
        else:
            valid = ", ".join(f"{k} {v}" for k, v in DESPESAS.items())
            message = (
                f"Código de despesa '{codigo}' da {d.label()} não existe na tabela 25; valores "
                f"válidos: {valid}."
            )
        yield Hit(element, message)


@rule(
    "OD-002",
    Severity.WARNING,
    title="Tabela compatível com o código de despesa",
    scope=Scope.GUIA,
)
def tabela_da_despesa(guia: GuiaContext) -> Iterator[Hit]:
    """O código de tabela deve combinar com o código de despesa.

    01, 05 e 07 usam a tabela 18; 02 a tabela 20; 03 e 08 a tabela 19; 00 (tabela própria) vale
    para todos. Tabela 98 (pacote) é aceita com aviso informativo, 22 (procedimentos) deveria ser
    faturada como procedimento executado e 90 (pacote odontológico) é erro em guia médica.
    """
    for d in items(guia).despesas:
        expected = _TABELA_OF_DESPESA.get(d.codigo_despesa)
        tabela = d.tabela
        if expected is None or tabela in (expected, "00", ""):
            continue
        element = d.get("codigoTabela")
        where = f"Código de tabela {tabela} da {d.label()}"
        if tabela == "98":
            yield Hit(
                element,
                f"{where} é pacote: confira se o pacote está negociado com a operadora.",
                Severity.INFO,
            )
        elif tabela == "90":
            yield Hit(
                element,
                f"{where} é pacote odontológico, que não pode ser cobrado em guia médica.",
                Severity.ERROR,
            )
        elif tabela == "22":
            yield Hit(
                element,
                f"{where} é de procedimentos: cobre o item em procedimentos executados, "
                "não em outras despesas.",
            )
        else:
            yield Hit(
                element,
                f"{where} não corresponde ao código de despesa {_tipo(d.codigo_despesa)}: "
                f"esperado {expected} ({_TABELAS[expected]}) ou 00 (tabela própria).",
                ctx={"found": tabela, "expected": [expected, "00"]},
            )


@rule("OD-003", Severity.WARNING, title="Formato do código do item", scope=Scope.GUIA)
def codigo_do_item(guia: GuiaContext) -> Iterator[Hit]:
    """Com tabela TUSS (18, 19, 20, 22) o código do item tem 8 dígitos.

    Com tabela própria (00) a ANS recomenda que o código comece pelos dois dígitos da tabela TUSS
    que ele substitui (por exemplo 19 para um material); isso é só informativo.
    """
    for d in items(guia).despesas:
        codigo = d.text("codigoProcedimento")
        tabela = d.tabela
        if not codigo:
            continue
        if tabela in _TUSS and not _EIGHT_DIGITS.fullmatch(codigo):
            yield Hit(
                d.get("codigoProcedimento"),
                f"Código do item '{codigo}' da {d.label()} deve ter 8 dígitos na tabela "
                f"{tabela} ({_TABELAS[tabela]}).",
            )
        elif tabela == "00":
            prefix = _TABELA_OF_DESPESA.get(d.codigo_despesa)
            if prefix is not None and not codigo.startswith(prefix):
                yield Hit(
                    d.get("codigoProcedimento"),
                    f"Código de tabela própria '{codigo}' da {d.label()}: a ANS recomenda "
                    f"iniciá-lo por {prefix}, a tabela TUSS que ele substitui.",
                    Severity.INFO,
                )


@rule(
    "OD-004",
    Severity.ERROR,
    title="Registro ANVISA de OPME e materiais",
    scope=Scope.GUIA,
)
def registro_anvisa(guia: GuiaContext) -> Iterator[Hit]:
    """Registro ANVISA obrigatório para OPME sem código TUSS e esperado para materiais.

    OPME (08) com tabela própria (00) sem registro é erro; material (03) com tabela 00 sem
    registro é alerta. Com código TUSS 19 o registro é opcional, a menos que o perfil da
    operadora o exija para OPME (``anvisa_required_for_tuss``, prática PASA/AMS). Quando
    informado, deve ter só dígitos: 11 para produtos para saúde, 13 para medicamentos (outro
    tamanho é alerta). Em gases, diárias e taxas o registro não tem significado (informativo).
    """
    required_for_tuss = guia.profile.anvisa_required_for_tuss
    for d in items(guia).despesas:
        codigo, tabela = d.codigo_despesa, d.tabela
        registro = d.text("registroANVISA")
        if not registro:
            missing: Severity | None = None
            if codigo == "08" and (tabela == "00" or required_for_tuss):
                missing = Severity.ERROR
            elif codigo == "03" and tabela == "00":
                missing = Severity.WARNING
            if missing is not None:
                yield Hit(
                    d.holder,
                    f"Registro ANVISA não informado na {d.label()}, código de despesa "
                    f"{_tipo(codigo)} com tabela {tabela}: informe o registro do produto na "
                    "ANVISA.",
                    missing,
                )
        elif codigo in ("01", "05", "07"):
            yield Hit(
                d.get("registroANVISA"),
                f"Registro ANVISA '{registro}' informado na {d.label()}, código de despesa "
                f"{_tipo(codigo)}, em que o campo não se aplica.",
                Severity.INFO,
            )
        elif not _DIGITS.fullmatch(registro) or len(registro) not in (11, 13):
            yield Hit(
                d.get("registroANVISA"),
                f"Registro ANVISA '{registro}' da {d.label()} deve ter só dígitos: 11 para "
                "produtos para saúde ou 13 para medicamentos.",
                Severity.WARNING,
            )


@rule(
    "OD-005",
    Severity.WARNING,
    title="Referência do fabricante da OPME",
    scope=Scope.GUIA,
)
def referencia_fabricante(guia: GuiaContext) -> Iterator[Hit]:
    """OPME (08) deve trazer o código de referência do fabricante.

    Quando o termo TUSS não tem modelo/referência, o valor convencional "NÃO SE APLICA" é aceito.
    Sem o campo: alerta com código TUSS, erro com tabela própria (00).
    """
    for d in items(guia).despesas:
        if d.codigo_despesa != "08" or d.text("codigoRefFabricante"):
            continue
        yield Hit(
            d.holder,
            f"Código de referência do fabricante não informado na {d.label()}, OPME com tabela "
            f"{d.tabela}: informe a referência ou 'NÃO SE APLICA' quando não houver.",
            Severity.ERROR if d.tabela == "00" else None,
        )


@rule(
    "OD-006",
    Severity.INFO,
    title="Autorização de funcionamento da OPME comprada",
    scope=Scope.GUIA,
)
def autorizacao_funcionamento(guia: GuiaContext) -> Iterator[Hit]:
    """OPME comprada pelo próprio prestador exige a autorização de funcionamento (AFE) do vendedor.

    A compra não aparece no XML: a regra só age quando o perfil indica
    ``opme_adquirida_pelo_prestador``, e então a falta do campo é erro. Sem essa indicação nada
    é verificado (no fluxo do fornecedor de OPME o campo fica em branco).
    """
    if not guia.profile.opme_adquirida_pelo_prestador:
        return
    for d in items(guia).despesas:
        if d.codigo_despesa == "08" and not d.text("autorizacaoFuncionamento"):
            yield Hit(
                d.holder,
                f"Autorização de funcionamento não informada na {d.label()} (OPME adquirida "
                "pelo prestador): informe a AFE da empresa que vendeu o produto.",
                Severity.ERROR,
            )


@rule("OD-007", Severity.ERROR, title="Unidade de medida", scope=Scope.GUIA)
def unidade_medida(guia: GuiaContext) -> Iterator[Hit]:
    """Unidade de medida obrigatória, código de 3 dígitos da tabela 60 (001 a 061).

    Plausibilidade (informativa): OPME e materiais em unidade, peça, conjunto, kit, par, rolo,
    metro ou centímetro; medicamentos nunca em medidas de comprimento, área, peça ou radiação.
    """
    for d in items(guia).despesas:
        element = d.get("unidadeMedida")
        unidade = d.text("unidadeMedida")
        codigo = d.codigo_despesa
        if element is None or unidade not in _UNIDADES:
            found = "não informada" if element is None else f"'{unidade}' não existe na tabela 60"
            yield Hit(
                d.holder if element is None else element,
                f"Unidade de medida da {d.label()} {found}: use um código da tabela 60 "
                "(ex.: 036 Unidade).",
            )
        elif (codigo in ("03", "08") and unidade not in _UNIDADES_MATERIAL) or (
            codigo == "02" and unidade in _UNIDADES_NAO_MEDICAMENTO
        ):
            yield Hit(
                element,
                f"Unidade de medida {unidade} é incomum para {DESPESAS[codigo]} "
                f"({d.label()}); confira a unidade de cobrança.",
                Severity.INFO,
            )


@rule("OD-008", Severity.ERROR, title="Quantidade executada positiva", scope=Scope.GUIA)
def quantidade_positiva(guia: GuiaContext) -> Iterator[Hit]:
    """A quantidade executada da despesa deve ser maior que zero (o XSD aceita 0 e negativos)."""
    for d, quantidade in _not_positive(guia, "quantidadeExecutada"):
        yield Hit(
            d.get("quantidadeExecutada"),
            f"Quantidade executada da {d.label()} é {number(quantidade, 4)}; deve ser "
            "maior que zero.",
        )


@rule(
    "OD-009",
    Severity.ERROR,
    title="Fator de redução/acréscimo positivo",
    scope=Scope.GUIA,
)
def fator_positivo(guia: GuiaContext) -> Iterator[Hit]:
    """O fator de redução ou acréscimo deve ser maior que zero; 1,00 quando não há ajuste."""
    for d, fator in _not_positive(guia, "reducaoAcrescimo"):
        yield Hit(
            d.get("reducaoAcrescimo"),
            f"Fator de redução/acréscimo da {d.label()} é {number(fator)}; deve ser maior "
            "que zero (1,00 quando não há redução nem acréscimo).",
        )


def _not_positive(guia: GuiaContext, name: str) -> Iterator[tuple[Item, Decimal]]:
    """The despesas whose number ``name`` is zero or negative, with it (unreadable: the XSD)."""
    for d in items(guia).despesas:
        value = d.number(name)
        if value is not None and value <= 0:
            yield d, value


@rule("OD-010", Severity.ERROR, title="Valor unitário não negativo", scope=Scope.GUIA)
def valor_unitario(guia: GuiaContext) -> Iterator[Hit]:
    """O valor unitário não pode ser negativo.

    Zero é permitido quando o valor não pode ser definido em contrato; nesse caso o valor total
    também deve ser zero (alerta).
    """
    for d in items(guia).despesas:
        unitario = d.number("valorUnitario")
        if unitario is None:
            continue
        if unitario < 0:
            yield Hit(
                d.get("valorUnitario"),
                f"Valor unitário da {d.label()} é {brl(unitario)}; não pode ser negativo.",
            )
            continue
        total = d.number("valorTotal")
        if unitario == 0 and total is not None and total != 0:
            yield Hit(
                d.get("valorUnitario"),
                f"Valor unitário da {d.label()} é R$ 0,00 (valor não definido em contrato), "
                f"mas o valor total é {brl(total)}; com unitário zero o total também é zero.",
                Severity.WARNING,
                ctx={"found": total, "expected": Decimal(0)},
            )


@rule(
    "OD-011",
    Severity.ERROR,
    title="Valor total = quantidade × unitário × fator",
    scope=Scope.GUIA,
)
def valor_total_despesa(guia: GuiaContext) -> Iterator[Hit]:
    """O valor total da despesa é quantidade × valor unitário × fator, arredondado ao centavo;
    também é aceito o valor unitário × fator arredondado ao centavo antes de multiplicar pela
    quantidade (100 × 1,58 = 158,00 para 1,37 × 1,15) e, para uma quantidade com casas decimais,
    o arredondamento da própria quantidade (0,3333 × R$ 1.500,00 cobrado como R$ 500,00, 1/3 do
    frasco).

    Calculado em Decimal, arredondamento meio-para-cima, com a tolerância do perfil
    (``money_tolerance``, R$ 0,01 por padrão) em cada forma aceita; fora delas continua erro.
    Valor unitário zero é tratado por OD-010.
    """
    tolerance = guia.profile.money_tolerance
    for d in items(guia).despesas:
        yield from line_total_hits(d, 4, tolerance)


@rule(
    "OD-012",
    Severity.ERROR,
    title="Sequencial do item único na guia",
    scope=Scope.GUIA,
)
def sequencial_unico(guia: GuiaContext) -> Iterator[Hit]:
    """Na guia, o sequencial de cada procedimento e despesa é único e maior ou igual a 1.

    Procedimentos e outras despesas compartilham a mesma numeração; ela não precisa ser
    contínua (1..n).
    """
    seen: dict[Decimal, Item] = {}
    for item in items(guia).all:
        value = item.number("sequencialItem")
        if value is None:
            continue
        if value < 1:
            kind = "da despesa" if item.is_despesa else "do procedimento"
            yield Hit(
                item.get("sequencialItem"), f"Sequencial {value} {kind}: deve ser 1 ou maior."
            )
            continue
        first = seen.setdefault(value, item)
        if first is not item:
            yield Hit(
                item.get("sequencialItem"),
                f"Sequencial {value} repetido: já usado {first.label('em')}; cada procedimento "
                "e despesa da guia precisa de um sequencial próprio.",
            )


@rule("OD-013", Severity.ERROR, title="Item vinculado existente", scope=Scope.GUIA)
def item_vinculado(guia: GuiaContext) -> Iterator[Hit]:
    """O item vinculado da despesa aponta para o sequencial de outro item da mesma guia."""
    guia_items = items(guia)
    sequenciais: set[Decimal] | None = None
    for d in guia_items.despesas:
        vinculado = d.number("itemVinculado")
        if vinculado is None:
            continue
        if sequenciais is None:
            sequenciais = {
                v for item in guia_items.all if (v := item.number("sequencialItem")) is not None
            }
        if vinculado == d.number("sequencialItem"):
            yield Hit(
                d.get("itemVinculado"), f"Item vinculado da {d.label()} aponta para ela mesma."
            )
        elif vinculado not in sequenciais:
            yield Hit(
                d.get("itemVinculado"),
                f"Item vinculado {vinculado} da {d.label()} não corresponde ao sequencial de "
                "nenhum procedimento ou despesa da guia.",
            )


@rule(
    "OD-014",
    Severity.WARNING,
    title="Horários de despesas por tempo",
    scope=Scope.GUIA,
)
def horarios_despesa(guia: GuiaContext) -> Iterator[Hit]:
    """Gases medicinais (01), cobrados por tempo, devem trazer hora inicial e final.

    Em qualquer despesa com as duas horas, a hora final não pode ser anterior à inicial (a
    despesa tem uma só data de execução). Aluguel de equipamento (07) também é cobrado por tempo,
    mas o XML não distingue aluguel de taxa, então só a coerência das horas é verificada.
    """
    for d in items(guia).despesas:
        inicial, final = d.time("horaInicial"), d.time("horaFinal")
        if d.codigo_despesa == "01" and (inicial is None or final is None):
            yield Hit(
                d.holder,
                f"Hora inicial e hora final não informadas na {d.label()} (gases medicinais, "
                "cobrados por tempo de uso).",
            )
        elif inicial is not None and final is not None and final < inicial:
            yield Hit(
                d.get("horaFinal"),
                f"Hora final {final:%H:%M:%S} da {d.label()} é anterior à hora inicial "
                f"{inicial:%H:%M:%S} na mesma data de execução.",
            )


@rule("OD-015", Severity.ERROR, title="Descrição do item preenchida", scope=Scope.GUIA)
def descricao(guia: GuiaContext) -> Iterator[Hit]:
    """A descrição do item é obrigatória, não só espaços, e usa apenas caracteres ISO-8859-1."""
    for d in items(guia).despesas:
        element = d.get("descricaoProcedimento")
        if element is None:
            continue  # the XSD reports the missing element
        value = element.text or ""
        if not value.strip():
            yield Hit(element, f"Descrição da {d.label()} está em branco.")
            continue
        try:
            value.encode("iso-8859-1")
        except UnicodeEncodeError:
            yield Hit(
                element,
                f"Descrição da {d.label()} tem caracteres fora do ISO-8859-1 (aspas curvas, "
                "travessão, emoji...): troque-os por equivalentes simples.",
            )


@rule("OD-016", Severity.INFO, title="OPME cobrada como material", scope=Scope.GUIA)
def opme_como_material(guia: GuiaContext) -> Iterator[Hit]:
    """Itens de OPME devem usar o código de despesa 08, não 03 (glosa 2208).

    Decidir se um termo TUSS 19 é OPME exige a tabela TUSS, que não acompanha o XML. O que o XML
    permite: um material (03) que traz referência do fabricante ou autorização de funcionamento,
    campos que o padrão prevê para OPME, provavelmente é uma OPME.
    """
    for d in items(guia).despesas:
        if d.codigo_despesa == "03" and (
            d.text("codigoRefFabricante") or d.text("autorizacaoFuncionamento")
        ):
            yield Hit(
                d.get("codigoDespesa"),
                f"A {d.label()} está como material (03) mas traz dados de OPME; se for órtese, "
                "prótese ou material especial, use o código de despesa 08 (OPME).",
            )
