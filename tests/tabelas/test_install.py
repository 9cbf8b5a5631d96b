"""Installing a terminology table: what is read, what is refused, and that a refusal changes
nothing in the store (issue #14, item 5)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.tabelas.helpers import ACENTOS, EXEMPLO, csv_bytes, write
from tissbill.errors import TabelaError, TabelaSourceError, TissBillError
from tissbill.tabelas import TabelaStore, descricao_glosa


@pytest.fixture
def store(tmp_path: Path) -> TabelaStore:
    return TabelaStore(tmp_path / "store")


def _snapshot(store: TabelaStore) -> dict[str, bytes]:
    if not store.root.exists():
        return {}
    return {p.name: p.read_bytes() for p in sorted(store.root.iterdir())}


@pytest.mark.parametrize(
    ("encoding", "said"),
    [
        ("utf-8", "UTF-8"),
        ("utf-8-sig", "UTF-8 com BOM"),
        ("latin-1", "ISO-8859-1/Windows-1252"),
        ("cp1252", "ISO-8859-1/Windows-1252"),
    ],
)
def test_both_encodings_keep_every_accent(
    store: TabelaStore, tmp_path: Path, encoding: str, said: str
) -> None:
    source = write(tmp_path, "t.csv", csv_bytes(ACENTOS, encoding))

    report = store.install(source)

    assert report.changed and report.installed.rows == 3
    assert report.installed.encoding == said
    found = store.read(38)
    assert found is not None and found[1] == ACENTOS
    assert descricao_glosa("1705", store=store.root) == ACENTOS["1705"]


def test_example_table_installs_with_real_tabela_38_codes(store: TabelaStore) -> None:
    report = store.install(EXEMPLO)

    assert report.installed.rows == 9
    assert report.unknown_codes == ()
    assert store.verify(38) == []
    assert (
        descricao_glosa("1001", store=store.root) == "Número da carteira do beneficiário inválido"
    )


def test_codes_outside_tabela_38_are_installed_with_a_warning(
    store: TabelaStore, tmp_path: Path
) -> None:
    source = write(tmp_path, "t.csv", csv_bytes({"1001": "Carteira", "0042": "Código próprio"}))

    report = store.install(source)

    assert report.unknown_codes == ("0042",)
    assert descricao_glosa("0042", store=store.root) == "Código próprio"


def test_codes_are_kept_as_text_and_other_tables_are_not_checked(
    store: TabelaStore, tmp_path: Path
) -> None:
    source = write(tmp_path, "t.csv", csv_bytes({"00010014": "Consulta antiga", "A1": "Outra"}))

    report = store.install(source, "22")

    assert report.unknown_codes == ()
    assert store.tabelas() == ("22",)
    found = store.read("22")
    assert found is not None and list(found[1]) == ["00010014", "A1"]
    assert descricao_glosa("00010014", store=store.root) is None  # not tabela 38


def test_header_variants_blank_lines_and_repeated_rows(store: TabelaStore, tmp_path: Path) -> None:
    text = (
        "Código;Descrição;;\r\n"
        "1001;  Carteira inválida  ;\r\n"
        "\r\n"
        ';;\r\n1705;"Valor; acima"\r\n'
        "1001;Carteira inválida\r\n"
    )
    source = write(tmp_path, "t.csv", text.encode("cp1252"))

    report = store.install(source)

    assert report.repeated == 1
    found = store.read(38)
    assert found is not None
    assert found[1] == {"1001": "Carteira inválida", "1705": "Valor; acima"}


def test_reinstalling_the_same_table_changes_nothing(store: TabelaStore) -> None:
    store.install(EXEMPLO)
    before = _snapshot(store)

    report = store.install(EXEMPLO)

    assert not report.changed
    assert _snapshot(store) == before


def test_a_new_table_replaces_the_old_one_and_the_lookup_follows(
    store: TabelaStore, tmp_path: Path
) -> None:
    store.install(write(tmp_path, "a.csv", csv_bytes({"1001": "Primeira"})))
    assert descricao_glosa("1001", store=store.root) == "Primeira"

    store.install(write(tmp_path, "b.csv", csv_bytes({"1001": "Segunda", "1705": "Nova"})))

    assert descricao_glosa("1001", store=store.root) == "Segunda"
    assert descricao_glosa("1705", store=store.root) == "Nova"
    assert len(list(store.root.glob("tabela-38.*.csv"))) == 1  # the old rows are gone


def test_lookup_without_a_table_or_code_is_none(store: TabelaStore) -> None:
    assert descricao_glosa("1001", store=store.root) is None
    store.install(EXEMPLO)
    assert descricao_glosa("9999", store=store.root) is None
    assert descricao_glosa(" 1001 ", store=store.root) is not None


def test_lookup_uses_the_environment_variable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TISSBILL_TABELAS", str(tmp_path / "env"))
    TabelaStore().install(EXEMPLO)
    assert descricao_glosa("1705") == "Valor cobrado acima do contratado"


def test_an_altered_table_is_reported_never_used(store: TabelaStore) -> None:
    store.install(EXEMPLO)
    assert descricao_glosa("1705", store=store.root) is not None
    (rows,) = store.root.glob("tabela-38.*.csv")
    rows.write_text(rows.read_text(encoding="utf-8").replace("acima", "ABAIXO"), encoding="utf-8")

    problems = store.verify(38)
    assert len(problems) == 1 and "SHA-256 não confere" in problems[0]
    with pytest.raises(TabelaError, match=r"danificada.*tissbill tabelas install"):
        descricao_glosa("1705", store=store.root)


def test_missing_rows_file_is_reported(store: TabelaStore) -> None:
    store.install(EXEMPLO)
    (rows,) = store.root.glob("tabela-38.*.csv")
    rows.unlink()
    assert store.verify(38) == [f"{rows}: arquivo ausente."]


def test_damaged_record_is_reported_and_replaced_by_the_next_install(store: TabelaStore) -> None:
    store.install(EXEMPLO)
    store.record_path(38).write_text("{não é json", encoding="utf-8")

    assert "registro ilegível" in store.verify(38)[0]
    store.install(EXEMPLO)
    assert store.verify(38) == []


_REFUSED = [
    ("vazio", b"", "arquivo vazio"),
    ("so-espacos", b"  \r\n\r\n", "arquivo vazio"),
    ("so-bom", b"\xef\xbb\xbf", "arquivo vazio"),
    ("so-cabecalho", b"codigo;descricao\r\n", "nenhum código"),
    ("sem-cabecalho", b"1001;Carteira\r\n1705;Valor\r\n", "falta o cabeçalho"),
    ("cabecalho-errado", b"cod;texto\r\n1001;Carteira\r\n", "cabeçalho 'cod;texto'"),
    ("virgula", b"codigo,descricao\r\n1001,Carteira\r\n", "ponto e vírgula"),
    ("sem-codigo", b"codigo;descricao\r\n1001;Carteira\r\n;Sem codigo\r\n", "linha 3: sem código"),
    ("sem-descricao", b"codigo;descricao\r\n1001;\r\n", "código 1001 sem descrição"),
    ("colunas", b"codigo;descricao\r\n1001;Carteira;extra\r\n", "linha 2: 3 coluna(s)"),
    ("codigo-invalido", b"codigo;descricao\r\n10 01;Carteira\r\n", "código '10 01' inválido"),
    (
        "repetido",
        b"codigo;descricao\r\n1001;Carteira\r\n1705;Valor\r\n1001;Outra\r\n",
        "linha 4: código 1001 repetido com outra descrição (a primeira está na linha 2)",
    ),
    ("binario", b"codigo;descricao\r\n\x00\x01\x02", "arquivo binário"),
    ("controle", b"codigo;descricao\r\n1001;Car\x07teira\r\n", "arquivo binário"),
    ("png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "arquivo binário"),
    ("utf16", "codigo;descricao\r\n".encode("utf-16"), "UTF-16"),
    ("bom-quebrado", b"\xef\xbb\xbfcodigo;descricao\r\n1001;Carteira \xe9\r\n", "corrompido"),
    ("nao-cp1252", b"codigo;descricao\r\n1001;Carteira \x81\r\n", "codificação não reconhecida"),
    ("aspas", b'codigo;descricao\r\n1001;"Carteira\r\n', "CSV malformado"),
]


@pytest.mark.parametrize(("name", "data", "message"), _REFUSED, ids=[r[0] for r in _REFUSED])
def test_bad_tables_are_refused_and_change_nothing(
    store: TabelaStore, tmp_path: Path, name: str, data: bytes, message: str
) -> None:
    store.install(EXEMPLO)
    before = _snapshot(store)
    source = write(tmp_path, f"{name}.csv", data)

    with pytest.raises(TabelaError) as caught:
        store.install(source)

    assert message in str(caught.value)
    assert str(source) in str(caught.value)
    assert _snapshot(store) == before
    assert descricao_glosa("1705", store=store.root) == "Valor cobrado acima do contratado"


def test_every_problem_is_listed_at_once(store: TabelaStore, tmp_path: Path) -> None:
    source = write(tmp_path, "t.csv", b"codigo;descricao\r\n;a\r\n1001;\r\n1001;b\r\n1001;c\r\n")
    with pytest.raises(TabelaError) as caught:
        store.install(source)
    message = str(caught.value)
    assert "linha 2: sem código" in message
    assert "linha 3: código 1001 sem descrição" in message
    assert "linha 5: código 1001 repetido" in message
    assert not store.root.exists() or _snapshot(store) == {}


def test_not_a_regular_file_is_a_source_error(store: TabelaStore, tmp_path: Path) -> None:
    fifo = tmp_path / "fila.csv"
    os.mkfifo(fifo)
    for path, message in [
        (fifo, "não é um arquivo comum"),
        (tmp_path, "é uma pasta"),
        (tmp_path / "nao-existe.csv", "Arquivo não encontrado"),
        (Path("/dev/zero"), "não é um arquivo comum"),
    ]:
        with pytest.raises(TabelaSourceError, match=message):
            store.install(path)
    assert not store.root.exists()


def test_bad_tabela_number_is_refused(store: TabelaStore) -> None:
    with pytest.raises(TabelaSourceError, match="número da tabela TUSS"):
        store.install(EXEMPLO, "tabela38")


def test_unwritable_store_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "arquivo"
    blocker.write_text("não é uma pasta", encoding="utf-8")
    with pytest.raises(TabelaError, match="Não foi possível gravar") as caught:
        TabelaStore(blocker / "store").install(EXEMPLO)
    assert isinstance(caught.value, TissBillError)
