"""``tissbill hash``: print, check or fix the epílogo hash of TISS files."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import click

from tissbill.cli._support import EXIT_ERRORS, EXIT_OK, fail, quiet_option, user_errors

_EPILOG = """\b
Exemplos:
  tissbill hash lote-58114-consulta.xml
  tissbill hash --check lotes/*.xml
  tissbill hash --write lote-58114-consulta.xml

\b
Código de saída: 0 tudo certo; 1 hash divergente ou ausente (--check) ou arquivo ilegível;
2 uso incorreto ou arquivo inexistente.
"""


@click.command("hash", epilog=_EPILOG, short_help="Mostra, confere ou corrige o hash do epílogo.")
@click.argument(
    "files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option("--check", is_flag=True, help="Confere o hash calculado com o do epílogo.")
@click.option(
    "--write",
    is_flag=True,
    help="Corrige o hash do epílogo no próprio arquivo, sem alterar nenhum outro byte.",
)
@click.option(
    "--no-backup", is_flag=True, help="Com --write, não guarda a cópia original em ARQUIVO.bak."
)
@quiet_option
@user_errors
def hash_command(
    files: tuple[Path, ...], check: bool, write: bool, no_backup: bool, quiet: bool
) -> None:
    """Mostra o hash MD5 do epílogo de arquivos XML TISS (ISO-8859-1, como exige a ANS).

    Com --check, compara com o hash gravado no epílogo e diz se ele só confere com o conteúdo
    em UTF-8 (erro comum de sistemas que geram o arquivo). Com --write, corrige o hash no
    lugar, guardando o original em ARQUIVO.bak (a não ser com --no-backup).
    """
    if check and write:
        fail("use --check ou --write, não os dois", 2)
    if no_backup and not write:
        fail("--no-backup só faz sentido com --write", 2)
    from tissbill.errors import TissBillError

    ok = True
    for path in files:
        try:
            if write:
                ok &= _write(path, backup=not no_backup, quiet=quiet)
            elif check:
                ok &= _check(path, quiet=quiet)
            else:
                from tissbill.xml import epilogo
                from tissbill.xml.parser import parse

                click.echo(f"{epilogo.compute(parse(path).root)}  {path}")
        except TissBillError as exc:
            click.echo(f"Erro: {path}: {exc}", err=True)
            ok = False
    raise click.exceptions.Exit(EXIT_OK if ok else EXIT_ERRORS)


def _check(path: Path, *, quiet: bool) -> bool:
    from tissbill.xml import epilogo
    from tissbill.xml.parser import parse

    result = epilogo.verify(parse(path).root)
    expected = result.expected or "(impossível: há caracteres fora do ISO-8859-1)"
    status = epilogo.HashStatus
    if result.status is status.VALID:
        if not quiet:
            click.echo(f"OK  {path}")
        return True
    if result.status is status.MISSING:
        detail = f"epílogo sem hash; o hash correto é {expected}"
    elif result.status is status.UTF8_VARIANT:
        detail = (
            f"o hash declarado {result.declared} confere com o conteúdo em UTF-8, não em "
            f"ISO-8859-1 como exige o padrão TISS; o hash correto é {expected}"
        )
    else:
        detail = (
            f"hash declarado {result.declared} não confere (nem na variante UTF-8); "
            f"o hash correto é {expected}"
        )
    click.echo(f"DIVERGENTE  {path}: {detail}. Corrija com: tissbill hash --write {path}")
    return False


def _write(path: Path, *, backup: bool, quiet: bool) -> bool:
    from tissbill.xml.parser import read_source
    from tissbill.xml.rehash import rewrite_hash

    result = rewrite_hash(read_source(path))
    if not result.changed:
        if not quiet:
            click.echo(f"já correto  {path}")
        return True
    if backup:
        shutil.copy2(path, path.with_name(path.name + ".bak"))
    # Renaming a complete temporary file over the original: a crash never leaves half a file.
    partial = path.with_name(f".{path.name}.parcial")
    try:
        partial.write_bytes(result.data)
        shutil.copymode(path, partial)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    if not quiet:
        click.echo(f"corrigido  {path}: {result.old or '(vazio)'} → {result.new}")
    return True
