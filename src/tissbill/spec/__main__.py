"""``python -m tissbill.spec generate [--check]``: (re)write the TISS facts from the XSDs."""

from __future__ import annotations

from pathlib import Path

import click

from tissbill.errors import TissBillError
from tissbill.spec import DATA_DIR


@click.group()
def main() -> None:
    """Fatos do padrão TISS gerados a partir dos XSD oficiais."""


@main.command()
@click.option(
    "--schemas",
    "schemas",
    type=click.Path(file_okay=False, path_type=Path),
    help="Pasta dos schemas (uma subpasta por versão); padrão: a pasta instalada "
    "(TISSBILL_SCHEMAS ou a pasta do usuário).",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=DATA_DIR,
    show_default=True,
    help="Onde gravar os arquivos de fatos.",
)
@click.option("--check", is_flag=True, help="Só compara; sai com 1 se algo estiver diferente.")
def generate(schemas: Path | None, out: Path, check: bool) -> None:
    """Gera um JSON por versão e changes.json (diferenças entre versões consecutivas)."""
    # xmlschema is imported here, by the generator only: nothing else needs it.
    from tissbill.schemas.store import default_store_root
    from tissbill.spec.generator import generate_all

    try:
        files = generate_all(schemas if schemas is not None else default_store_root())
    except TissBillError as exc:
        raise click.ClickException(str(exc)) from None
    stale = [name for name, text in files.items() if _read(out / name) != text]
    if check:
        if stale:
            click.echo(
                f"Desatualizado(s) em {out}: {', '.join(stale)}. "
                "Rode `python -m tissbill.spec generate`.",
                err=True,
            )
            raise SystemExit(1)
        click.echo(f"Fatos TISS em {out} conferem com os schemas.")
        return
    out.mkdir(parents=True, exist_ok=True)
    for name in stale:
        (out / name).write_text(files[name], encoding="utf-8", newline="\n")
    click.echo(f"{len(stale)} arquivo(s) atualizado(s) em {out}.")


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None


if __name__ == "__main__":
    main()
