"""``tissbill report``: the printable lote summary (HTML with A4 print CSS)."""

from __future__ import annotations

import os
from pathlib import Path

import click

from tissbill.cli._support import (
    EXIT_ERRORS,
    EXIT_OK,
    EXIT_USAGE,
    command,
    fail,
    input_files,
    output_option,
    quiet_option,
    user_errors,
)

_EPILOG = """\b
Exemplos:
  tissbill report lotes/lote-58114-consulta.xml -o lote-58114.html
  tissbill report lotes/*.xml -o lotes.html
  tissbill report lotes/lote-58114-consulta.xml --pdf -o lote-58114.pdf

\b
Abra o HTML no navegador e imprima (A4); cada lote começa em uma página nova. Com --pdf o
PDF é gravado direto, pelo Chromium sem janela (sem o cabeçalho e o rodapé que o navegador
acrescenta ao imprimir); é preciso ter chromium, chromium-browser ou google-chrome instalado.

\b
Código de saída: 0 relatório gravado; 1 algum lote com erros de validação (o relatório é
gravado e o indica) ou algum arquivo ilegível ou que não é um lote TISS; 2 uso incorreto,
arquivo inexistente ou saída igual a uma das entradas.
"""


@command("report", epilog=_EPILOG, short_help="Resumo impresso do lote (HTML para A4).")
@input_files()
@output_option("Arquivo a gravar (HTML, ou PDF com --pdf).")
@click.option(
    "--pdf",
    is_flag=True,
    help="Grava PDF em vez de HTML, impresso pelo Chromium instalado (sem cabeçalho nem rodapé "
    "do navegador).",
)
@quiet_option
@user_errors
def report_command(files: tuple[Path, ...], output: Path, pdf: bool, quiet: bool) -> None:
    """Gera o resumo impresso do lote (como o "Imprimir" do portal da operadora): prestador,
    operadora, lote, período, campos de protocolo em branco, uma linha por guia ou item,
    totais por categoria e espaço para assinaturas, pronto para imprimir em A4. Cada lote é
    validado: um lote com erros é indicado na tela e na página.
    """
    # Deferred for start-up time: loaded when the command runs, not for --help.
    from tissbill import files as safe_files
    from tissbill.billing.summary import summarise_file
    from tissbill.report import render, validar

    for path in files:
        if _same_file(output, path):
            fail(
                f"a saída {output} é o lote de entrada {path}; escolha outro arquivo, ex.: "
                f"{path.with_suffix('.html').name}",
                EXIT_USAGE,
            )
    if pdf:
        # Deferred for start-up time: loaded when the command runs, not for --help.
        from tissbill.errors import BrowserNotFoundError
        from tissbill.report.pdf import find_browser

        try:
            browser = find_browser()  # before any work: a missing browser is a setup problem
        except BrowserNotFoundError as exc:
            fail(str(exc), EXIT_USAGE)
    validacoes = [validar(path) for path in files]
    html = render([summarise_file(path) for path in files], validacoes=validacoes)
    if pdf:
        # Deferred for start-up time: loaded when the command runs, not for --help.
        from tissbill.report.pdf import html_to_pdf

        content = html_to_pdf(html, browser=browser)
    else:
        content = html.encode("utf-8")
    output.parent.mkdir(parents=True, exist_ok=True)
    safe_files.atomic_write(output, content)
    for path, validacao in zip(files, validacoes, strict=True):
        if validacao.erros:
            click.echo(
                f"Aviso: {path}: lote inválido, {len(validacao.erros)} erro(s) de validação "
                "(indicado(s) no relatório); rode `tissbill validate` para ver os detalhes.",
                err=True,
            )
        elif validacao.nao_validado:
            click.echo(f"Aviso: {path}: lote não validado. {validacao.nao_validado}", err=True)
    if not quiet:
        click.echo(f"Relatório gravado em {output}")
    invalid = any(v.erros for v in validacoes)
    raise click.exceptions.Exit(EXIT_ERRORS if invalid else EXIT_OK)


def _same_file(output: Path, source: Path) -> bool:
    """True when writing ``output`` would replace ``source`` (same path, link or hard link)."""
    if os.path.realpath(output) == os.path.realpath(source):
        return True
    try:
        return os.path.samefile(output, source)
    except OSError:  # the output does not exist yet
        return False
