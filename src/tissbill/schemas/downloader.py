"""Downloading the official ANS ZIP of a TISS version and installing it, verified."""

from __future__ import annotations

import io
import urllib.error
import urllib.request
from ipaddress import ip_address
from urllib.parse import urlsplit

from tissbill import __version__
from tissbill.errors import SchemaDownloadError
from tissbill.schemas.installer import InstallReport, install_zip
from tissbill.schemas.manifest import load_manifest
from tissbill.schemas.store import SchemaStore
from tissbill.versions import DEFAULT_VERSION, TissVersion

MAX_DOWNLOAD_BYTES = 100 * 1024 * 1024
"""Largest ZIP accepted (100 MB); the official Componente de Comunicação is a few MB."""
TIMEOUT_SECONDS = 60.0
# gov.br answers 403 to clients that do not look like a browser.
_USER_AGENT = f"Mozilla/5.0 (compatible; tissbill/{__version__})"


def _is_loopback(host: str | None) -> bool:
    if host == "localhost":
        return True
    try:
        return host is not None and ip_address(host).is_loopback
    except ValueError:
        return False


def _hint(version: TissVersion) -> str:
    source = load_manifest().release(version).source
    zip_name = source.zip_name or "o ZIP do Componente de Comunicação"
    return (
        f"Baixe {zip_name} pelo navegador em {source.page} e instale com "
        "`tissbill schemas install <arquivo.zip>`."
    )


def fetch(
    url: str, *, timeout: float = TIMEOUT_SECONDS, max_bytes: int = MAX_DOWNLOAD_BYTES
) -> bytes:
    """The body at ``url`` (HTTPS, or HTTP on this machine only), at most ``max_bytes`` long."""
    parts = urlsplit(url)
    # Integrity comes from the manifest digests; HTTPS still keeps the transfer private and
    # stops a tampered mirror before it wastes a download. Plain HTTP only for local servers.
    if parts.scheme != "https" and not (parts.scheme == "http" and _is_loopback(parts.hostname)):
        raise SchemaDownloadError(f"Endereço recusado: {url}. Use um endereço https://.")
    request = urllib.request.Request(url, headers={"User-Agent": _USER_AGENT})
    too_big = f"{url}: arquivo maior que {max_bytes / 1_048_576:.0f} MB; não é o ZIP dos schemas."
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            declared = response.headers.get("Content-Length")
            if declared is not None and declared.isdigit() and int(declared) > max_bytes:
                raise SchemaDownloadError(too_big)
            body: bytes = response.read(max_bytes + 1)
    except urllib.error.HTTPError as exc:
        raise SchemaDownloadError(
            f"{url}: o servidor respondeu HTTP {exc.code} ({exc.reason})."
        ) from None
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, TimeoutError):
            raise SchemaDownloadError(f"{url}: sem resposta em {timeout:g} s.") from None
        raise SchemaDownloadError(f"{url}: falha de conexão ({exc.reason}).") from None
    except TimeoutError:
        raise SchemaDownloadError(f"{url}: sem resposta em {timeout:g} s.") from None
    except OSError as exc:
        raise SchemaDownloadError(f"{url}: erro de rede ({exc}).") from None
    if len(body) > max_bytes:
        raise SchemaDownloadError(too_big)
    return body


def download(
    version: TissVersion | str = DEFAULT_VERSION,
    store: SchemaStore | None = None,
    url: str | None = None,
    *,
    timeout: float = TIMEOUT_SECONDS,
) -> InstallReport:
    """Fetch the official ZIP of ``version`` (or ``url``) and install it into ``store``.

    Every file goes through the same checks as :func:`tissbill.schemas.install`. Raises
    :class:`SchemaDownloadError` when nothing could be fetched and
    :class:`tissbill.schemas.SchemaInstallError` when the ZIP is refused.
    """
    wanted = TissVersion.parse(version)
    address = url or load_manifest().release(wanted).source.zip_url
    if address is None:
        raise SchemaDownloadError(
            f"O endereço do ZIP oficial da versão {wanted.value} não é conhecido. {_hint(wanted)} "
            "Se tiver o endereço, use `tissbill schemas download "
            f"{wanted.value} --url <endereço>`."
        )
    try:
        body = fetch(address, timeout=timeout)
    except SchemaDownloadError as exc:
        raise SchemaDownloadError(
            f"Não foi possível baixar os schemas: {exc} {_hint(wanted)}"
        ) from None
    label = urlsplit(address).path.rsplit("/", 1)[-1] or address
    return install_zip(io.BytesIO(body), label, store, only={wanted})
