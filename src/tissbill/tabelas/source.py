"""Reading a terminology table the user has: a CSV ``codigo;descricao``.

Only that layout is read: the first line is the header ``codigo;descricao`` (accents and case
do not matter), then one code a line. The encoding is UTF-8 (with or without BOM) or
ISO-8859-1/Windows-1252, told apart without guessing: text with accents in ISO-8859-1 is
never valid UTF-8 (an accented letter there is a byte that UTF-8 would need followed by a
continuation byte), so a file that decodes as UTF-8 is UTF-8 and any other is read as
Windows-1252 (the superset of ISO-8859-1 that Excel writes in Brazil). Anything else is refused
with the line to fix; nothing is dropped or rewritten except the blanks around each cell.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

from tissbill.errors import TabelaError

HEADER = ("codigo", "descricao")
CODE = re.compile(r"[0-9A-Za-z._-]{1,20}")
_SHOWN_PROBLEMS = 10


@dataclass(frozen=True, slots=True)
class TabelaFile:
    """The rows of a table file as read: code → description, in the file's order."""

    rows: Mapping[str, str]
    encoding: str
    """How the file was decoded, in words for the user (e.g. ``UTF-8 com BOM``)."""
    repeated: int
    """Rows that repeat an earlier code with the very same description (kept once)."""


def decode(data: bytes, label: str) -> tuple[str, str]:
    """The text of ``data`` and the name of its encoding; :class:`TabelaError` when it is not
    a text file in UTF-8 or ISO-8859-1/Windows-1252."""
    if not data.strip():
        raise TabelaError(f"{label}: arquivo vazio; nenhuma tabela foi instalada.")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise TabelaError(
            f"{label}: arquivo em UTF-16, que o tissbill não lê; salve-o como CSV UTF-8 "
            "(ou CSV separado por ponto e vírgula) e instale de novo."
        )
    if b"\x00" in data:
        raise TabelaError(f"{label}: arquivo binário, não um CSV de texto; nada foi instalado.")
    if data.startswith(codecs.BOM_UTF8):
        data, encoding = data[len(codecs.BOM_UTF8) :], "UTF-8 com BOM"
    else:
        encoding = "UTF-8"
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        if encoding != "UTF-8":
            raise TabelaError(
                f"{label}: começa como UTF-8 (BOM) mas tem bytes que não são UTF-8; o arquivo "
                "está corrompido ou mistura codificações."
            ) from None
        try:
            text, encoding = data.decode("cp1252"), "ISO-8859-1/Windows-1252"
        except UnicodeDecodeError:
            raise TabelaError(
                f"{label}: codificação não reconhecida (nem UTF-8 nem ISO-8859-1/Windows-1252); "
                "salve o arquivo como CSV UTF-8."
            ) from None
    if any(unicodedata.category(c) == "Cc" and c not in "\t\r\n" for c in text):
        raise TabelaError(f"{label}: arquivo binário, não um CSV de texto; nada foi instalado.")
    return text, encoding


def _plain(cell: str) -> str:
    """``cell`` in lower case without accents, to compare header names."""
    decomposed = unicodedata.normalize("NFKD", cell.strip().lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _check_header(header: list[str], label: str) -> None:
    names = [_plain(c) for c in header]
    while names and not names[-1]:
        names.pop()  # spreadsheets add empty columns at the end
    if tuple(names) == HEADER:
        return
    first = header[0].strip() if header else ""
    if len(header) == 1 and ("," in first or "\t" in first):
        why = "as colunas devem ser separadas por ponto e vírgula (;), não por vírgula ou tab"
    elif CODE.fullmatch(first) and first[:1].isdigit():
        why = "falta o cabeçalho; a primeira linha parece já ser um código"
    else:
        why = f"cabeçalho {';'.join(c.strip() for c in header)!r} não reconhecido"
    raise TabelaError(
        f"{label}, linha 1: {why}. A primeira linha deve ser `codigo;descricao` (o único formato "
        "aceito; veja docs/tabelas.md)."
    )


def parse(data: bytes, label: str) -> TabelaFile:
    """The rows of the table file ``data`` (named ``label`` in messages); every problem found
    is listed at once in one :class:`TabelaError`."""
    text, encoding = decode(data, label)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=";", strict=True)
    try:
        header = next(reader, None)
        if header is None:
            raise TabelaError(f"{label}: arquivo vazio; nenhuma tabela foi instalada.")
        _check_header(header, label)
        rows: dict[str, str] = {}
        seen_at: dict[str, int] = {}
        problems: list[str] = []
        repeated = 0
        for cells in reader:
            line = reader.line_num
            while cells and not cells[-1].strip() and len(cells) > len(HEADER):
                cells.pop()
            if not any(c.strip() for c in cells):
                continue
            if len(cells) != len(HEADER):
                problems.append(
                    f"linha {line}: {len(cells)} coluna(s), esperadas 2 (codigo;descricao); se a "
                    "descrição tiver ponto e vírgula, ponha-a entre aspas."
                )
                continue
            code, text_ = (c.strip() for c in cells)
            if not code:
                problems.append(f"linha {line}: sem código.")
            elif not CODE.fullmatch(code):
                problems.append(
                    f"linha {line}: código {code!r} inválido (use só letras, dígitos, ponto, "
                    "hífen ou sublinhado, até 20 caracteres)."
                )
            elif not text_:
                problems.append(f"linha {line}: código {code} sem descrição.")
            elif "\n" in text_ or "\r" in text_:
                problems.append(f"linha {line}: a descrição do código {code} tem quebra de linha.")
            elif code not in rows:
                rows[code], seen_at[code] = text_, line
            elif rows[code] == text_:
                repeated += 1
            else:
                problems.append(
                    f"linha {line}: código {code} repetido com outra descrição (a primeira está "
                    f"na linha {seen_at[code]})."
                )
    except csv.Error as exc:
        raise TabelaError(f"{label}, linha {reader.line_num}: CSV malformado ({exc}).") from None
    if problems:
        shown = problems[:_SHOWN_PROBLEMS]
        more = len(problems) - len(shown)
        if more:
            shown.append(f"e mais {more} problema(s).")
        listed = "\n".join(f"  - {p}" for p in shown)
        raise TabelaError(f"{label}: tabela recusada; nada foi instalado:\n{listed}")
    if not rows:
        raise TabelaError(f"{label}: só o cabeçalho, nenhum código; nada foi instalado.")
    return TabelaFile(rows, encoding, repeated)


def render(rows: Mapping[str, str]) -> bytes:
    """The table as the store keeps it: UTF-8, ``codigo;descricao``, one code a line."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(rows.items())
    return out.getvalue().encode("utf-8")
