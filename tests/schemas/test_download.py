"""download(): fetched from a local HTTP server on 127.0.0.1, then installed through the checks."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.schemas.helpers import (
    ANS_FOLDER,
    build_zip,
    official_files,
    official_zip,
    snapshot,
    to_crlf,
)
from tissbill.schemas import (
    SchemaDownloadError,
    SchemaInstallError,
    SchemaStore,
    download,
    verify,
)
from tissbill.schemas.downloader import fetch
from tissbill.versions import TissVersion

ROUTES: dict[str, bytes] = {}
SLOW = "/lento.zip"


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path == SLOW:
            time.sleep(1.5)
        body = ROUTES.get(self.path)
        if body is None:
            self.send_error(404, "Not Found")
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/zip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        # The size-cap test hangs up as soon as it sees Content-Length.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # keep test output quiet
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """Base URL of an HTTP server on 127.0.0.1 (ephemeral port) serving ROUTES."""
    tampered = official_files("4.03.00")
    tampered["tissV4_03_00.xsd"] += b"<!-- alterado -->"
    ROUTES.update(
        {
            "/PadroTISSComunicao_202511.zip": official_zip("4.03.00"),
            "/PadroTISSComunicao202505.zip": official_zip("4.02.00", names="cp850"),
            "/alterado.zip": build_zip({f"{ANS_FOLDER}/{n}": d for n, d in tampered.items()}),
            SLOW: b"",
        }
    )
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_download_installs_the_verified_zip(server: str, store: SchemaStore) -> None:
    report = download("4.03.00", store, url=f"{server}/PadroTISSComunicao_202511.zip")
    assert report.installed == (TissVersion.V4_03_00,)
    assert verify("4.03.00", store) == []
    root = store.root_schema("4.03.00")
    assert root.read_bytes() == to_crlf(official_files("4.03.00")[root.name])


def test_download_of_a_tampered_zip_keeps_the_good_installation(
    server: str, good_store: SchemaStore
) -> None:
    before = snapshot(good_store.root)
    with pytest.raises(SchemaInstallError, match=r"tissV4_03_00\.xsd: difere"):
        download("4.03.00", good_store, url=f"{server}/alterado.zip")
    assert snapshot(good_store.root) == before


def test_zip_of_another_version_is_refused(server: str, store: SchemaStore) -> None:
    with pytest.raises(SchemaInstallError, match=r"não contém os schemas da versão TISS 4\.03\.00"):
        download("4.03.00", store, url=f"{server}/PadroTISSComunicao202505.zip")
    assert not store.version_dir("4.02.00").exists()


def test_http_error_explains_and_points_to_install(server: str, store: SchemaStore) -> None:
    with pytest.raises(SchemaDownloadError) as raised:
        download("4.03.00", store, url=f"{server}/nao-existe.zip")
    message = str(raised.value)
    assert "HTTP 404" in message
    assert "tissbill schemas install <arquivo.zip>" in message
    assert "PadroTISSComunicao_202511.zip" in message


def test_connection_refused_is_a_clear_error(store: SchemaStore) -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(SchemaDownloadError, match="falha de conexão"):
        download("4.03.00", store, url=f"http://127.0.0.1:{port}/x.zip")


def test_slow_server_times_out(server: str) -> None:
    with pytest.raises(SchemaDownloadError, match=r"sem resposta em 0\.3 s"):
        fetch(f"{server}{SLOW}", timeout=0.3)


def test_size_cap(server: str) -> None:
    with pytest.raises(SchemaDownloadError, match="maior que"):
        fetch(f"{server}/PadroTISSComunicao_202511.zip", max_bytes=1000)


@pytest.mark.parametrize("url", ["http://www.gov.br/x.zip", "ftp://127.0.0.1/x.zip", "file:///x"])
def test_only_https_or_local_http(url: str) -> None:
    """Refused before any connection is attempted."""
    with pytest.raises(SchemaDownloadError, match="Endereço recusado"):
        fetch(url)


def test_version_without_known_address_needs_url(store: SchemaStore) -> None:
    with pytest.raises(SchemaDownloadError) as raised:
        download("4.02.00", store)
    assert "--url" in str(raised.value)
    assert "PadroTISSComunicao202505.zip" in str(raised.value)
    assert not store.root.exists()
