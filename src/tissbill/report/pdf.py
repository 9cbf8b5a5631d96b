"""The printed summary as a PDF, printed by a headless Chromium found on the PATH.

Printing from a browser window adds its own header and footer (a US date, the page title and a
``file://`` path with the user's folders) to every page; headless Chromium prints the page
alone with ``--no-pdf-header-footer``. Each run gets a fresh, throw-away browser profile and no
network features, so nothing of the user's browser is read or changed.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from tissbill.errors import BrowserNotFoundError, PdfError

BROWSERS = ("chromium", "chromium-browser", "google-chrome")
"""Names looked up on the PATH, in this order."""

TIMEOUT_SECONDS = 120

_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-pdf-header-footer",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
)


def find_browser() -> str:
    """The path of the first of :data:`BROWSERS` on the PATH; :class:`BrowserNotFoundError`."""
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    raise BrowserNotFoundError(
        "nenhum navegador Chromium encontrado para gerar o PDF (procurados: "
        f"{', '.join(BROWSERS)}). Instale o Chromium (ex.: apt-get install chromium) ou gere "
        "o HTML, sem --pdf, e imprima pelo navegador."
    )


def html_to_pdf(html: str, *, browser: str | None = None) -> bytes:
    """The PDF of ``html`` (A4 as its CSS says), printed by headless Chromium."""
    executable = browser or find_browser()
    with tempfile.TemporaryDirectory(prefix="tissbill-pdf-") as folder:
        work = Path(folder)
        page, pdf = work / "resumo.html", work / "resumo.pdf"
        page.write_text(html, encoding="utf-8")
        command = [
            executable,
            *_FLAGS,
            f"--user-data-dir={work / 'perfil'}",
            f"--print-to-pdf={pdf}",
            page.as_uri(),
        ]
        try:
            done = subprocess.run(
                command, capture_output=True, timeout=TIMEOUT_SECONDS, check=False
            )
        except subprocess.TimeoutExpired:
            raise PdfError(
                f"o Chromium não terminou o PDF em {TIMEOUT_SECONDS} segundos; tente de novo."
            ) from None
        except OSError as exc:
            raise PdfError(f"não foi possível executar {executable}: {exc}") from None
        if done.returncode != 0 or not pdf.is_file() or pdf.stat().st_size == 0:
            detail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-3:]
            raise PdfError(
                f"o Chromium ({executable}) não gerou o PDF (código {done.returncode})"
                + (f": {' / '.join(detail)}" if detail else ".")
            )
        return pdf.read_bytes()


__all__ = ["BROWSERS", "BrowserNotFoundError", "PdfError", "find_browser", "html_to_pdf"]
