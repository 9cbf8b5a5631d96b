"""The catalogue of finding codes: every registered rule and the pipeline's own codes.

Importing this module imports the rule modules, which registers them (see
:mod:`tissbill.validation.declaration`).
"""

from __future__ import annotations

from dataclasses import dataclass

import tissbill.validation.rules  # noqa: F401  (registers every rule)
from tissbill.validation import declaration
from tissbill.validation.declaration import Rule, Scope
from tissbill.validation.findings import Severity


@dataclass(frozen=True, slots=True)
class CodeInfo:
    """A finding code produced by the pipeline itself rather than by a registered rule."""

    code: str
    severity: Severity
    area: str
    description: str


PIPELINE_CODES: tuple[CodeInfo, ...] = (
    CodeInfo("FILE-NOT-FOUND", Severity.ERROR, "arquivo", "O arquivo indicado não existe."),
    CodeInfo(
        "FILE-UNREADABLE",
        Severity.ERROR,
        "arquivo",
        "O arquivo ou a pasta não pôde ser lido (permissão, pasta no lugar de arquivo, "
        "dispositivo ou FIFO, caminho com caractere nulo, erro de disco).",
    ),
    CodeInfo(
        "XML-TOO-LARGE",
        Severity.ERROR,
        "leitura",
        "O arquivo excede o tamanho máximo aceito (100 MB por padrão; opção --max-size).",
    ),
    CodeInfo("XML-EMPTY", Severity.ERROR, "leitura", "O arquivo está vazio."),
    CodeInfo(
        "XML-NOT-XML",
        Severity.ERROR,
        "leitura",
        "O conteúdo não é XML (binário, PDF, ZIP, texto comum).",
    ),
    CodeInfo(
        "XML-TRUNCATED",
        Severity.ERROR,
        "leitura",
        "O XML termina antes do fim: arquivo truncado ou incompleto.",
    ),
    CodeInfo(
        "XML-MALFORMED",
        Severity.ERROR,
        "leitura",
        "O XML é mal formado (tags trocadas, caractere proibido, entidade não definida).",
    ),
    CodeInfo(
        "XML-ENCODING",
        Severity.ERROR,
        "leitura",
        "Os bytes não correspondem à codificação declarada (ex.: ISO-8859-1 declarado como "
        "UTF-8) ou a codificação declarada é desconhecida.",
    ),
    CodeInfo(
        "XML-DOCTYPE",
        Severity.ERROR,
        "segurança",
        "O arquivo tem DOCTYPE/DTD, recusado por segurança (XXE, expansão de entidades).",
    ),
    CodeInfo(
        "XML-TOO-DEEP",
        Severity.ERROR,
        "segurança",
        "Elementos aninhados em profundidade excessiva (mais de 256 níveis); recusado.",
    ),
    CodeInfo(
        "XML-BOM",
        Severity.WARNING,
        "codificação",
        "O arquivo começa com a marca BOM do UTF-8, que algumas operadoras rejeitam.",
    ),
    CodeInfo(
        "XML-MOJIBAKE",
        Severity.WARNING,
        "codificação",
        "O texto parece estar na codificação errada (UTF-8 declarado como ISO-8859-1, ou "
        "codificado duas vezes): acentos chegarão trocados à operadora.",
    ),
    CodeInfo(
        "XML-NOT-TISS",
        Severity.ERROR,
        "leitura",
        "O elemento raiz não é ans:mensagemTISS no namespace do padrão TISS.",
    ),
    CodeInfo(
        "XML-VERSION",
        Severity.ERROR,
        "versão",
        "Não foi possível escolher o esquema: cabecalho/Padrao ausente ou versão não suportada.",
    ),
    CodeInfo(
        "XSD",
        Severity.ERROR,
        "esquema",
        "O arquivo não segue o esquema XSD oficial da ANS da versão declarada em Padrao. Mais de "
        "100 guias ou guias de tipos diferentes no lote são reportados pelas regras LOT-001 e "
        "LOT-002, e não aqui, quando essas regras os apontam como erro; um perfil que rebaixa ou "
        "desliga essas regras não esconde o erro de esquema.",
    ),
    CodeInfo(
        "RULE-CRASH",
        Severity.ERROR,
        "interno",
        "Uma regra falhou por erro interno do tissbill; o arquivo não foi totalmente verificado.",
    ),
)
"""Every code the pipeline emits besides the registered rules, for ``tissbill rules`` and docs."""


def message_rules() -> list[Rule]:
    return [r for r in declaration.RULES.values() if r.scope is Scope.MESSAGE]


def guia_rules() -> list[Rule]:
    return [r for r in declaration.RULES.values() if r.scope is Scope.GUIA]


def all_rules() -> list[Rule]:
    return sorted(declaration.RULES.values(), key=lambda r: r.code)


def known_codes() -> frozenset[str]:
    """Every code a profile may name: the registered rules and the pipeline's own codes."""
    return frozenset(declaration.RULES) | {c.code for c in PIPELINE_CODES}
