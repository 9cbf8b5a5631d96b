"""``tissbill build``: guias (JSON, YAML or CSV) in, validated lote XML files out.

The workflow lives in :mod:`tissbill.billing`; this module only parses options and prints.
"""

from __future__ import annotations

from contextlib import nullcontext
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from tissbill.cli._support import (
    EXIT_ERRORS,
    EXIT_OK,
    EXIT_USAGE,
    command,
    console,
    fail,
    input_files,
    ledger_option,
    output_option,
    parse_periodo,
    profile_option,
    quiet_option,
    user_errors,
)
from tissbill.versions import DEFAULT_VERSION, supported_versions

if TYPE_CHECKING:
    from rich.console import Console

    from tissbill.billing.builder import LoteSettings, LoteTISS, Numbering
    from tissbill.billing.workflow import Collected, Periodo, Removed
    from tissbill.ledger import Ledger
    from tissbill.validation.findings import Report
    from tissbill.validation.profile import Profile

_EPILOG = """\b
Exemplos:
  tissbill build atendimentos.csv --config config.yaml --periodo 2023-11-01:2023-11-30 -o lotes/
  tissbill build lote.yaml -o lotes/
  tissbill build guias.json --prestador 11222333000181 --operadora 331988 -o lotes/

\b
Código de saída: 0 todos os lotes gravados sem erros; 1 algum lote com erros de validação
(não gravado, ou gravado com --force), entrada inválida ou lote já existente na pasta (nada
é gravado); 2 uso incorreto ou schemas XSD não instalados.
"""


@command("build", epilog=_EPILOG)
@input_files("inputs", "ENTRADA...")
@output_option("Pasta onde os lotes são gravados (criada se não existir).", folder=True)
@click.option(
    "--config",
    "config_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Arquivo YAML/JSON com prestador, registro_ans, versao, numeração e 'padroes' "
    "(valores das colunas ausentes no CSV).",
)
@click.option(
    "--prestador",
    metavar="CNPJ|CPF|CÓDIGO",
    help="Quem envia o lote: CNPJ ou CPF, com ou sem pontuação (dígitos verificadores "
    "conferidos), ou o código na operadora; um código de 11 ou 14 dígitos vai como codigo:….",
)
@click.option(
    "--operadora",
    "registro_ans",
    metavar="REGISTRO_ANS",
    help="Registro ANS da operadora (6 dígitos).",
)
@click.option(
    "--versao-tiss",
    "--versao",
    "versao",
    type=click.Choice([v.value for v in supported_versions()]),
    help=f"Versão TISS dos arquivos (padrão: a da configuração, ou {DEFAULT_VERSION.value}).",
)
@click.option(
    "--periodo",
    callback=parse_periodo,
    metavar="INICIO:FIM",
    help="Só atendimentos dentro do período (como Dt. Inicial/Dt. Final do portal), "
    "ex.: 2023-11-01:2023-11-30 ou 01/11/2023:30/11/2023.",
)
@click.option(
    "--max-guias",
    type=click.IntRange(1, 100),
    metavar="N",
    help="Máximo de guias por lote (até 100, o limite da ANS).",
)
@click.option(
    "--numero-lote-inicial",
    type=click.IntRange(min=1),
    metavar="N",
    help="Número do primeiro lote.",
)
@click.option(
    "--force",
    is_flag=True,
    help="Grava também os lotes com erros de validação (saída 1), aceita um --numero-lote-inicial "
    "já usado e substitui lotes de mesmo nome já existentes na pasta.",
)
@ledger_option
@click.option(
    "--store",
    type=click.Path(file_okay=False, path_type=Path),
    help="Pasta dos schemas XSD (padrão: $TISSBILL_SCHEMAS ou a pasta de dados do usuário).",
)
@profile_option
@quiet_option
@user_errors
def build_command(
    inputs: tuple[Path, ...],
    output_dir: Path,
    config_path: Path | None,
    prestador: str | None,
    registro_ans: str | None,
    versao: str | None,
    periodo: Periodo | None,
    max_guias: int | None,
    numero_lote_inicial: int | None,
    force: bool,
    ledger_location: str | None,
    store: Path | None,
    profile: Profile,
    quiet: bool,
) -> None:
    """Gera os lotes XML TISS a partir de guias em JSON, YAML ou CSV.

    Cada lote tem até 100 guias de um só tipo e uma só operadora. Nos CSV só entram as
    linhas com status conferido/confirmado e, com --periodo, só os atendimentos do período;
    o que fica de fora é listado com o motivo. Cada lote é validado (XSD oficial e regras)
    antes de ser gravado: um lote com erros não é gravado, a não ser com --force. Os lotes
    são gravados todos ou nenhum, e um lote já existente na pasta não é substituído, a não ser
    com --force.
    """
    # Deferred for start-up time: loaded when the command runs, not for --help.
    from tissbill.billing import workflow as billing

    config = billing.BuildConfig.load(config_path) if config_path else billing.BuildConfig()
    collected = billing.collect(inputs, config=config, periodo=periodo, registro_ans=registro_ans)
    try:
        identification = billing.prestador_identification(prestador) if prestador else None
    except billing.BillingError as exc:
        fail(f"--prestador: {exc}", EXIT_USAGE)
    options: dict[str, Any] = {
        "prestador": identification,
        "registro_ans": registro_ans,
        "versao": versao,
        "max_guias": max_guias,
        "numero_lote_inicial": numero_lote_inicial,
    }
    try:
        settings = billing.resolve_settings(collected.documents, config, options)
    except billing.MissingSettingError as exc:
        fail(str(exc), EXIT_USAGE)
    out = console()
    err = console(stderr=True)
    if collected.removed:
        if quiet:
            click.echo(
                f"Aviso: {len(collected.removed)} atendimento(s) deixado(s) de fora; "
                "rode sem --quiet para ver a lista.",
                err=True,
            )
        else:
            _print_removed(out, collected.removed)
    # Deferred for start-up time: loaded when the command runs, not for --help.
    from tissbill.ledger import Ledger, prestador_key

    # Numbers come from the ledger, and the lotes written are recorded in the same transaction:
    # a build that fails anywhere leaves neither rows nor files.
    with Ledger.open(ledger_location) as ledger:
        ledger.recover()
        with ledger.billing(
            prestador_key(settings.prestador),
            primeiro_lote=settings.numero_lote_inicial,
            primeira_transacao=settings.sequencial_transacao_inicial,
            explicito=numero_lote_inicial is not None,
            force=force,
        ) as run:
            results = _build(
                collected,
                settings,
                store,
                profile,
                ledger=ledger,
                numbering=run.next_numbers,
                show_progress=not quiet and err.is_terminal,
            )
            chosen = [lote for lote, report in results if report.valid or force]
            billing.refuse_existing(chosen, output_dir, replace=force)
            written = {lote.filename: run.write(lote, output_dir) for lote in chosen}
    problems = [report for _, report in results if report.findings]
    if problems:
        # Deferred for start-up time: loaded when the command runs, not for --help.
        from tissbill.validation.formats import render_text

        click.echo(render_text(problems, color=err.is_terminal, quiet=True), err=True)
    if not quiet:
        _print_summary(out, results, written)
    failed = [lote.filename for lote, report in results if not report.valid]
    if failed:
        if force:
            message = "gravado(s) com --force apesar dos erros"
        else:
            message = "não gravado(s); corrija as entradas ou use --force"
        click.echo(f"Erro: {len(failed)} lote(s) com erros de validação, {message}.", err=True)
    raise click.exceptions.Exit(EXIT_ERRORS if failed else EXIT_OK)


def _build(
    collected: Collected,
    settings: LoteSettings,
    store: Path | None,
    profile: Profile,
    *,
    ledger: Ledger,
    numbering: Numbering,
    show_progress: bool,
) -> list[tuple[LoteTISS, Report]]:
    """Each lote with its validation report (made by the builder, named after the file)."""
    # Deferred for start-up time: loaded when the command runs, not for --help.
    from tissbill.billing import workflow as billing
    from tissbill.schemas import SchemaStore

    schema_store = SchemaStore(store) if store is not None else None
    status = console(stderr=True).status("Gerando e validando os lotes") if show_progress else None
    with status or nullcontext():
        lotes = billing.build(
            collected,
            settings,
            profile=profile,
            store=schema_store,
            history=ledger,
            numbering=numbering,
        )
    results = []
    for lote in lotes:
        assert lote.report is not None  # billing.build always validates
        results.append((lote, lote.report))
    return results


_REMOVED_HEADERS = ("Origem", "Guia", "Data", "Procedimento/item", "Valor", "Motivo")


def _print_removed(out: Console, removed: list[Removed]) -> None:
    # Deferred for start-up time: loaded when the command runs, not for --help.
    from rich.table import Table

    from tissbill.formatting import brl

    rows = [
        (
            item.origem,
            item.guia,
            f"{item.data:%d/%m/%Y}" if item.data else "",
            item.descricao,
            brl(item.valor) if item.valor is not None else "",
            item.motivo,
        )
        for item in removed
    ]
    widths = [max(len(h), *(len(row[i]) for row in rows)) for i, h in enumerate(_REMOVED_HEADERS)]
    table = Table(title=f"Deixados de fora do lote ({len(removed)})", title_justify="left")
    # Cells wrap, never end in "…": the CSV line and the guia number identify the row.
    if sum(widths) + 3 * len(widths) + 1 <= out.width:
        for header in _REMOVED_HEADERS:
            table.add_column(
                header, justify="right" if header == "Valor" else "left", overflow="fold"
            )
        for row in rows:
            table.add_row(*row)
    else:
        # Too narrow for six columns: what identifies a row goes in one cell, one piece a line
        # (file, CSV line, guia number), at a fixed width that holds the guia number whole;
        # rich may shrink a min_width, and a folded "file:line" splits the line number.
        table.show_lines = True
        cells = [_identity(origem, guia) for origem, guia, *_ in rows]
        widest = max(len(piece) for cell in cells for piece in cell.splitlines()[1:])
        table.add_column("Origem", overflow="fold", width=max(widest, min(widths[0], 24)))
        table.add_column("Data / valor", justify="right", width=max(widths[2], widths[4]))
        table.add_column("Procedimento / item", overflow="fold")
        table.add_column("Motivo", overflow="fold")
        for cell, (_, _, data, descricao, valor, motivo) in zip(cells, rows, strict=True):
            table.add_row(cell, "\n".join(filter(None, (data, valor))), descricao, motivo)
    out.print(table)


def _identity(origem: str, guia: str) -> str:
    """``atendimentos.csv:12`` and the guia number as ``atendimentos.csv / linha 12 / guia N``."""
    name, _, line = origem.rpartition(":")
    where = f"{name}\nlinha {line}" if name and line.isdigit() else origem
    return f"{where}\nguia {guia}" if guia else where


def _print_summary(
    out: Console, results: list[tuple[LoteTISS, Report]], written: dict[str, Path]
) -> None:
    # Deferred for start-up time: loaded when the command runs, not for --help.
    from rich.table import Table

    from tissbill.formatting import brl
    from tissbill.spec.kinds import KIND_BY_SLUG

    table = Table(title="Lotes", title_justify="left")
    for header in ("Lote", "Tipo de guia", "Guias", "Valor total", "Situação", "Arquivo"):
        table.add_column(header, justify="right" if header in ("Guias", "Valor total") else "left")
    total = Decimal("0.00")
    guias = 0
    for lote, report in results:
        path = written.get(lote.filename)
        if not report.valid:
            situacao = "[red]com erros[/red]"
        elif report.warnings:
            situacao = f"[yellow]válido, {len(report.warnings)} aviso(s)[/yellow]"
        else:
            situacao = "[green]válido[/green]"
        table.add_row(
            lote.numero_lote,
            KIND_BY_SLUG[lote.guia_type].label,
            str(len(lote.guias)),
            brl(lote.valor_total),
            situacao,
            str(path) if path else "(não gravado)",
        )
        total += lote.valor_total
        guias += len(lote.guias)
    if len(results) > 1:
        table.add_section()
        table.add_row("Total", "", str(guias), brl(total), "", "")
    out.print(table)
