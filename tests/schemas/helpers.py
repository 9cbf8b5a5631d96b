"""Building test sources (folders, ZIPs) from the shared official copies."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from tests.conftest import schemas_dir

ANS_FOLDER = "Padrão TISS Comunicação 040300"


def official_files(version: str) -> dict[str, bytes]:
    """The shared official XSD files of ``version``, name -> bytes."""
    return {p.name: p.read_bytes() for p in sorted((schemas_dir(version) / version).glob("*.xsd"))}


def to_crlf(data: bytes) -> bytes:
    return data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")


def write_folder(folder: Path, files: dict[str, bytes]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return folder


def build_zip(members: dict[str, bytes], names: str = "utf-8") -> bytes:
    """A ZIP of ``members``; ``names`` is how non-ASCII names are stored.

    ``utf-8`` sets flag bit 11 (what zipfile does itself); ``cp437`` or ``cp850`` store those
    code-page bytes without the flag, as Windows tools do (ANS's own ZIP uses cp850).
    """
    if names == "utf-8":
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data in members.items():
                archive.writestr(name, data)
        return buffer.getvalue()
    # zipfile always writes non-ASCII names as flagged UTF-8: write an ASCII placeholder of the
    # same byte length and patch the code-page bytes into the headers afterwards.
    placeholders = {name: "".join(c if c.isascii() else "_" for c in name) for name in members}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(placeholders[name], data)
    raw = buffer.getvalue()
    for name, placeholder in placeholders.items():
        if placeholder != name:
            encoded = name.encode(names)
            assert len(encoded) == len(placeholder) and raw.count(placeholder.encode()) == 2
            raw = raw.replace(placeholder.encode(), encoded)
    return raw


def official_zip(version: str, *, folder: str = ANS_FOLDER, names: str = "utf-8") -> bytes:
    """An ANS-like ZIP of ``version``: CRLF files in an accented folder, plus files to ignore."""
    members = {f"{folder}/{n}": to_crlf(d) for n, d in official_files(version).items()}
    members[f"{folder}/tissMonitoramentoV1_06_00.xsd"] = b"<schema/>\r\n"
    members[f"{folder}/tissVerificaElegibilidadeV4_03_00.wsdl"] = b"<definitions/>\r\n"
    members[f"{folder}/"] = b""
    return build_zip(members, names)


def snapshot(root: Path) -> dict[str, bytes | None]:
    """Every entry under ``root`` (hidden ones too): relative path -> bytes (None for folders)."""
    return {
        str(p.relative_to(root)): (p.read_bytes() if p.is_file() else None)
        for p in sorted(root.rglob("*"))
    }
