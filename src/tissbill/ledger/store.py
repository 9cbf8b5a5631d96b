"""The ledger: opening the database, numbering lotes, recording them, and answering history.

A build (or a recurso de glosa) runs inside one write transaction that holds the numbering
lock of its prestador and operadora (SQLite: ``BEGIN IMMEDIATE``; PostgreSQL: ``SELECT … FOR
UPDATE`` on the counter row), so two of them never get the same number; lotes and recursos share
one numbering of sequencialTransacao (:func:`free_transacao`). Files are first written under a
temporary name, the rows are committed, and only then are the files renamed to their final name
(:meth:`Ledger.staged`): a run killed before the commit leaves neither rows nor files (only a
hidden ``.parcial``), one killed after it leaves rows flagged ``arquivo_pendente`` that
:meth:`Ledger.recover` completes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import signal
from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field, fields
from decimal import Decimal
from pathlib import Path
from typing import Any

from platformdirs import user_data_path
from sqlalchemy import Engine, create_engine, event, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, SQLAlchemyError
from sqlalchemy.orm import Session
from sqlalchemy.pool import NullPool

from tissbill import files
from tissbill.billing.builder import LoteTISS
from tissbill.billing.summary import atendimento_dates, carteira, item_lines
from tissbill.errors import LedgerError, LedgerUnavailableError, TissBillError
from tissbill.ledger.glosas import DescricaoGlosa, FiltroGlosas, LoteGlosas, query, sem_descricao
from tissbill.ledger.schema import GuiaRow, ItemRow, LoteRow, Numeracao, RecursoRow
from tissbill.models.guias import Guia, GuiaResumoInternacao
from tissbill.models.mensagem import IdentificacaoPrestador, MensagemTISS
from tissbill.validation.findings import json_value
from tissbill.validation.history import PriorGuia, PriorLote
from tissbill.xml.reader import read_lote

LEDGER_ENV = "TISSBILL_LEDGER"
"""Path or SQLAlchemy URL of the ledger when ``--ledger`` is not given."""
TIMEOUT_ENV = "TISSBILL_LEDGER_TIMEOUT"
"""Seconds to wait for a ledger locked by another build (default 60)."""
_KILL_ENV = "TISSBILL_TEST_KILL_AT"
"""Test hook: ``antes-commit`` or ``depois-commit`` kills a build or a recurso there (kill -9
tests)."""

GERADO, ENVIADO, IMPORTADO = "gerado", "enviado", "importado"
PROTOCOLADO, ANALISADO, PAGO = "protocolado", "analisado", "pago"
"""Set by the operadora's returns (``tissbill retorno importar``)."""
ESTADOS = (GERADO, ENVIADO, PROTOCOLADO, ANALISADO, PAGO, IMPORTADO)

_MIGRATIONS = Path(__file__).parent / "migrations"
_MIGRATION_LOCK = 0x7155B111
"""PostgreSQL advisory lock id: two first opens do not create the tables at the same time."""


def default_location() -> Path:
    """The embedded ledger: ``ledger.sqlite`` in the user's data folder."""
    return user_data_path("tissbill", appauthor=False) / "ledger.sqlite"


def resolve_url(location: str | None = None) -> URL:
    """``--ledger`` value (a path or an SQLAlchemy URL), else ``$TISSBILL_LEDGER``, else the
    default SQLite file. A bare ``postgresql://`` URL gets the psycopg 3 driver."""
    value = (location or os.environ.get(LEDGER_ENV) or "").strip()
    if "://" not in value:
        path = Path(value).expanduser() if value else default_location()
        return URL.create("sqlite+pysqlite", database=str(path.absolute()))
    try:
        url = make_url(value)
    except ArgumentError:
        raise LedgerUnavailableError(
            "endereço do ledger inválido: use um caminho de arquivo ou uma URL como "
            "postgresql://usuario@servidor/banco"
        ) from None
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")
    if url.get_backend_name() not in ("sqlite", "postgresql"):
        raise LedgerUnavailableError(
            f"banco do ledger não suportado: {url.get_backend_name()} (use SQLite ou PostgreSQL)"
        )
    return url


def safe_url(url: URL) -> str:
    """The URL as it may be shown: never with the password."""
    return url.render_as_string(hide_password=True)


def prestador_key(identificacao: IdentificacaoPrestador) -> str:
    """``tipo:valor`` with the TISS element name, as the history rules read it from the XML."""
    if identificacao.cnpj is not None:
        return f"CNPJ:{identificacao.cnpj}"
    if identificacao.cpf is not None:
        return f"CPF:{identificacao.cpf}"
    return f"codigoPrestadorNaOperadora:{identificacao.codigo_prestador_na_operadora}"


def identificacao_of(key: str) -> IdentificacaoPrestador:
    """The prestador of a :func:`prestador_key` (e.g. to address a message to the operadora)."""
    tipo, _, valor = key.partition(":")
    field = {"CNPJ": "cnpj", "CPF": "cpf"}.get(tipo, "codigo_prestador_na_operadora")
    return IdentificacaoPrestador.model_validate({field: valor})


def partial_path(target: Path) -> Path:
    """Temporary name of a lote or recurso file being written (hidden, never taken for one)."""
    return target.with_name(f".{target.name}.parcial")


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def kill_point(point: str) -> None:
    """Kill the process here under the test hook (``TISSBILL_TEST_KILL_AT``); else nothing."""
    if os.environ.get(_KILL_ENV) == point:
        os.kill(os.getpid(), signal.SIGKILL)


@dataclass(frozen=True, slots=True)
class LoteInfo:
    """One row of ``tissbill lotes``."""

    numero_lote: str
    sequencial_transacao: str
    prestador: str
    operadora: str
    tipo_guia: str
    versao: str
    guias: int
    valor_total: Decimal
    estado: str
    arquivo: str
    criado_em: dt.datetime
    enviado_em: dt.datetime | None
    hash: str

    def to_dict(self) -> dict[str, Any]:
        """Every field, in order: the JSON and CSV columns of ``tissbill lotes``."""
        return {f.name: json_value(getattr(self, f.name)) for f in fields(self)}


@dataclass(slots=True)
class ImportResult:
    registrados: list[str] = field(default_factory=list)
    ja_registrados: list[str] = field(default_factory=list)
    recusados: list[tuple[str, str]] = field(default_factory=list)
    """(file, reason) of files that are not lotes tissbill can read."""


class Ledger:
    """An open ledger (see the module docstring). Use :meth:`open`; close it when done."""

    def __init__(self, url: URL, *, timeout: float) -> None:
        self.url = url
        self.timeout = timeout
        self.dialect = url.get_backend_name()
        self._writer = self._engine(immediate=True)
        self._reader = self._engine(immediate=False) if self.dialect == "sqlite" else self._writer

    @classmethod
    def open(cls, location: str | None = None) -> Ledger:
        """Open (creating or upgrading it) the ledger at ``location`` (see :func:`resolve_url`).

        Raises :class:`LedgerUnavailableError` with a Portuguese message, without the password.
        """
        url = resolve_url(location)
        if url.get_backend_name() == "sqlite" and url.database:
            folder = Path(url.database).parent
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise LedgerUnavailableError(
                    f"não foi possível criar a pasta do ledger {folder}: {exc.strerror or exc}"
                ) from None
        raw = os.environ.get(TIMEOUT_ENV, "60")
        try:
            timeout = float(raw)
        except ValueError:
            raise LedgerUnavailableError(
                f"{TIMEOUT_ENV}={raw!r} inválido: informe o tempo de espera em segundos"
            ) from None
        ledger = cls(url, timeout=timeout)
        try:
            ledger._migrate()
        except BaseException:
            ledger.close()
            raise
        return ledger

    def close(self) -> None:
        self._writer.dispose()
        self._reader.dispose()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- engine, errors, migrations ------------------------------------------------------

    def _engine(self, *, immediate: bool) -> Engine:
        try:
            if self.dialect == "sqlite":
                engine = create_engine(
                    self.url, poolclass=NullPool, connect_args={"timeout": self.timeout}
                )
                _sqlite_events(engine, immediate=immediate)
                return engine
            engine = create_engine(
                self.url,
                poolclass=NullPool,
                connect_args={"connect_timeout": max(1, int(min(self.timeout, 30)))},
            )
        except (NoSuchModuleError, ImportError, ArgumentError) as exc:
            raise LedgerUnavailableError(
                f"não foi possível usar o ledger {safe_url(self.url)}: {exc}"
            ) from None
        lock_ms = int(self.timeout * 1000)

        @event.listens_for(engine, "connect")
        def _lock_timeout(dbapi_connection: Any, record: Any) -> None:
            # A build waiting for another one's number lock gives up with a clear error.
            with dbapi_connection.cursor() as cursor:
                cursor.execute(f"SET lock_timeout = {lock_ms}")
            dbapi_connection.commit()

        return engine

    @contextmanager
    def _errors(self) -> Iterator[None]:
        """Database failures as :class:`LedgerUnavailableError`, never with the password."""
        try:
            yield
        except DBAPIError as exc:
            raise LedgerUnavailableError(self._describe(exc)) from None
        except SQLAlchemyError as exc:
            raise LedgerUnavailableError(
                f"falha no ledger {safe_url(self.url)}: {self._scrub(str(exc))}"
            ) from None

    def _scrub(self, text: str) -> str:
        password = self.url.password
        return text.replace(str(password), "***") if password else text

    def _describe(self, exc: DBAPIError) -> str:
        where = safe_url(self.url) if self.dialect != "sqlite" else self.url.database
        detail = self._scrub(str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc))
        lowered = detail.lower()
        if "locked" in lowered or "lock timeout" in lowered or "lock_timeout" in lowered:
            return (
                f"o ledger {where} está bloqueado por outro faturamento há mais de "
                f"{self.timeout:g} s; tente de novo quando ele terminar"
            )
        if "not a database" in lowered or "malformed" in lowered:
            return (
                f"o ledger {where} está corrompido (não é um banco SQLite válido); restaure a "
                "cópia de segurança ou indique outro arquivo com --ledger"
            )
        if "readonly" in lowered or "unable to open" in lowered:
            return f"sem permissão para gravar no ledger {where}: {detail}"
        if (self.dialect != "sqlite" and exc.connection_invalidated) or "connect" in lowered:
            return f"o banco do ledger {where} não responde: {detail}"
        return f"falha no ledger {where}: {detail}"

    def _migrate(self) -> None:
        # Deferred for start-up time: alembic is slow to import and only runs when a ledger opens.
        from alembic import command
        from alembic.config import Config
        from alembic.runtime.migration import MigrationContext
        from alembic.script import ScriptDirectory
        from alembic.util import CommandError

        config = Config()
        config.set_main_option("script_location", str(_MIGRATIONS))
        script = ScriptDirectory.from_config(config)
        head = script.get_current_head()
        with self._errors(), self._writer.begin() as connection:
            if self.dialect == "postgresql":
                connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_MIGRATION_LOCK})")
            current = MigrationContext.configure(connection).get_current_revision()
            if current == head:
                return
            if current is not None:
                try:
                    script.get_revision(current)
                except CommandError:
                    raise LedgerUnavailableError(
                        f"o ledger {self._where()} foi criado por uma versão mais nova do "
                        f"tissbill (revisão {current}); atualize o tissbill. O ledger não foi "
                        "alterado."
                    ) from None
            config.attributes["connection"] = connection
            command.upgrade(config, "head")

    def _where(self) -> str:
        return str(self.url.database) if self.dialect == "sqlite" else safe_url(self.url)

    @contextmanager
    def _session(self, *, write: bool) -> Iterator[Session]:
        engine = self._writer if write else self._reader
        with self._errors(), Session(engine) as session, session.begin():
            yield session

    def session(self, *, write: bool) -> AbstractContextManager[Session]:
        """One transaction (committed at the end, rolled back on any exception) for the
        ledger's other modules, e.g. the import of the operadora's returns."""
        return self._session(write=write)

    # --- building --------------------------------------------------------------------------

    @contextmanager
    def billing(
        self,
        prestador: str,
        *,
        primeiro_lote: int,
        primeira_transacao: int | None,
        explicito: bool = False,
        force: bool = False,
    ) -> Iterator[Billing]:
        """A build: hand out numbers, record written lotes; all or nothing.

        ``primeiro_lote`` is the configured first number, used while the ledger has none
        higher; ``explicito`` (the user asked for that number) refuses a number already used
        unless ``force``. On any exception the rows are rolled back and the files removed.
        """
        with self.staged() as (session, staged):
            yield Billing(
                self,
                session,
                staged,
                prestador,
                primeiro_lote,
                primeira_transacao,
                explicito,
                force,
            )

    @contextmanager
    def staged(self) -> Iterator[tuple[Session, Staged]]:
        """One write transaction whose files are staged: they get their final name only after
        the commit, and on any exception the rows are rolled back and the files removed (see the
        module docstring). Used by ``build`` and ``recurso``; a killed run is completed or undone
        by :meth:`recover`."""
        staged = Staged()
        with self._errors(), Session(self._writer) as session:
            try:
                with session.begin():
                    yield session, staged
                    session.flush()
                    kill_point("antes-commit")
            except BaseException:
                staged.discard()
                raise
        kill_point("depois-commit")
        staged.publish()
        self.recover()

    def recover(self) -> list[str]:
        """Finish lotes and recursos whose rows were committed but whose files were not renamed
        (a run killed in between); returns their files. Safe while other runs go on."""
        done = []
        with self._session(write=True) as session:
            pending: list[LoteRow | RecursoRow] = [
                *session.scalars(select(LoteRow).where(LoteRow.arquivo_pendente)),
                *session.scalars(select(RecursoRow).where(RecursoRow.arquivo_pendente)),
            ]
            for row in pending:
                target = Path(row.arquivo)
                partial = partial_path(target)
                if partial.exists() and _sha256(partial.read_bytes()) == row.sha256:
                    os.replace(partial, target)
                if target.exists() and _sha256(target.read_bytes()) == row.sha256:
                    row.arquivo_pendente = False
                    done.append(row.arquivo)
        return done

    # --- reading ---------------------------------------------------------------------------

    def lotes(
        self,
        *,
        operadora: str | None = None,
        desde: dt.date | None = None,
        ate: dt.date | None = None,
        estado: str | None = None,
        numero_lote: str | None = None,
    ) -> list[LoteInfo]:
        """Recorded lotes, oldest first, filtered by operadora, creation date and state."""
        query = select(LoteRow).order_by(LoteRow.criado_em, LoteRow.id)
        if operadora is not None:
            query = query.where(LoteRow.operadora == operadora)
        if desde is not None:
            query = query.where(LoteRow.criado_em >= dt.datetime.combine(desde, dt.time()))
        if ate is not None:
            limit = dt.datetime.combine(ate + dt.timedelta(days=1), dt.time())
            query = query.where(LoteRow.criado_em < limit)
        if estado is not None:
            query = query.where(LoteRow.estado == estado)
        if numero_lote is not None:
            query = query.where(LoteRow.numero_lote == numero_lote)
        with self._session(write=False) as session:
            return [_info(row) for row in session.scalars(query)]

    def marcar_enviado(
        self, numero_lote: str, *, operadora: str | None = None, quando: dt.datetime | None = None
    ) -> LoteInfo:
        """Record that lote ``numero_lote`` was uploaded to the operadora."""
        query = select(LoteRow).where(LoteRow.numero_lote == numero_lote)
        if operadora is not None:
            query = query.where(LoteRow.operadora == operadora)
        with self._session(write=True) as session:
            rows = list(session.scalars(query))
            if not rows:
                raise LedgerError(f"lote {numero_lote} não está no ledger")
            if len(rows) > 1:
                operadoras = ", ".join(sorted({r.operadora for r in rows}))
                raise LedgerError(
                    f"há {len(rows)} lotes com o número {numero_lote} (operadoras {operadoras}); "
                    "informe qual com --operadora"
                )
            row = rows[0]
            row.estado = ENVIADO
            row.enviado_em = quando or dt.datetime.now().replace(microsecond=0)
            return _info(row)

    # --- import ----------------------------------------------------------------------------

    def importar(self, files: Sequence[Path]) -> ImportResult:
        """Record lote files built elsewhere; a file already recorded (same bytes) is skipped."""
        result = ImportResult()
        for path in files:
            try:
                data = path.read_bytes()
            except OSError as exc:
                result.recusados.append((str(path), exc.strerror or str(exc)))
                continue
            digest = _sha256(data)
            with self._session(write=True) as session:
                if session.scalar(select(LoteRow.id).where(LoteRow.sha256 == digest)):
                    result.ja_registrados.append(str(path))
                    continue
                try:
                    message = read_lote(data)
                except TissBillError as exc:
                    result.recusados.append((str(path), str(exc)))
                    continue
                row = lote_row(message, data, path.absolute(), origem=IMPORTADO)
                lock_counter(session, self.dialect, row.prestador, row.operadora)
                _advance(session, row)
                session.add(row)
                result.registrados.append(str(path))
        return result

    # --- glosas ----------------------------------------------------------------------------

    def glosas(
        self,
        filtro: FiltroGlosas | None = None,
        *,
        descricao_glosa: DescricaoGlosa = sem_descricao,
    ) -> list[LoteGlosas]:
        """Per lote, guia and item: billed, analysed, glosado, paid, reconciled to the cent
        (see :mod:`tissbill.ledger.glosas`). ``descricao_glosa`` gives a tabela 38 code's text
        (default: none, codes shown alone)."""
        with self._session(write=False) as session:
            return query(session, filtro or FiltroGlosas(), descricao_glosa)

    # --- history (tissbill.validation.history.History) -------------------------------------

    def lotes_with_numero(self, prestador: str, operadora: str, numero: str) -> list[PriorLote]:
        return self._prior(prestador, operadora, LoteRow.numero_lote == numero)

    def lotes_with_transacao(
        self, prestador: str, operadora: str, sequencial: str
    ) -> list[PriorLote]:
        # Recursos count: they share the numbering of sequencialTransacao with the lotes.
        query = (
            select(RecursoRow, LoteRow.numero_lote)
            .join(LoteRow, RecursoRow.lote_id == LoteRow.id)
            .where(
                RecursoRow.prestador == prestador,
                RecursoRow.operadora == operadora,
                RecursoRow.sequencial_transacao == sequencial,
            )
            .order_by(RecursoRow.criado_em)
        )
        with self._session(write=False) as session:
            recursos = [
                PriorLote(
                    numero,
                    r.sequencial_transacao,
                    r.arquivo,
                    r.criado_em,
                    r.hash,
                    numero_recurso=r.numero_recurso,
                )
                for r, numero in session.execute(query)
            ]
        return self._prior(prestador, operadora, LoteRow.sequencial_transacao == sequencial) + (
            recursos
        )

    def _prior(self, prestador: str, operadora: str, condition: Any) -> list[PriorLote]:
        query = (
            select(LoteRow)
            .where(LoteRow.prestador == prestador, LoteRow.operadora == operadora, condition)
            .order_by(LoteRow.criado_em)
        )
        with self._session(write=False) as session:
            return [
                PriorLote(r.numero_lote, r.sequencial_transacao, r.arquivo, r.criado_em, r.hash)
                for r in session.scalars(query)
            ]

    def guias(
        self,
        prestador: str,
        operadora: str,
        numeros: Collection[str],
        solicitacoes: Collection[str],
    ) -> list[PriorGuia]:
        if not numeros and not solicitacoes:
            return []
        query = (
            select(GuiaRow, LoteRow)
            .join(LoteRow, GuiaRow.lote_id == LoteRow.id)
            .where(
                LoteRow.prestador == prestador,
                LoteRow.operadora == operadora,
                or_(
                    GuiaRow.numero_guia_prestador.in_(list(numeros)),
                    GuiaRow.numero_guia_solicitacao.in_(list(solicitacoes)),
                ),
            )
            .order_by(LoteRow.criado_em, GuiaRow.id)
        )
        with self._session(write=False) as session:
            return [
                PriorGuia(
                    guia.numero_guia_prestador,
                    lote.numero_lote,
                    lote.arquivo,
                    lote.hash,
                    guia.tipo_faturamento,
                    guia.numero_guia_solicitacao,
                    guia.janela_inicio,
                    guia.janela_fim,
                )
                for guia, lote in session.execute(query)
            ]


class Billing:
    """Numbers and rows of one build, inside the ledger's write transaction."""

    def __init__(
        self,
        ledger: Ledger,
        session: Session,
        staged: Staged,
        prestador: str,
        primeiro_lote: int,
        primeira_transacao: int | None,
        explicito: bool,
        force: bool,
    ) -> None:
        self._ledger = ledger
        self._session = session
        self.prestador = prestador
        self._primeiro_lote = primeiro_lote
        self._primeira_transacao = primeira_transacao
        self._explicito = explicito
        self._force = force
        self._given: dict[str, tuple[int, int]] = {}
        self._staged = staged

    def next_numbers(self, operadora: str) -> tuple[str, str]:
        """numeroLote and sequencialTransacao of the next lote for ``operadora``."""
        counter = lock_counter(self._session, self._ledger.dialect, self.prestador, operadora)
        last_lote, last_transacao = self._given.get(operadora, (0, 0))
        if self._explicito:
            numero = max(self._primeiro_lote, last_lote + 1)
            used = self._used(operadora, LoteRow.numero_lote, numero)
            if used is not None and not self._force:
                raise LedgerError(
                    f"o lote número {numero} já foi usado para a operadora {operadora} em "
                    f"{used.criado_em:%d/%m/%Y %H:%M} (arquivo {used.arquivo}); escolha outro "
                    "número ou use --force para gerar assim mesmo"
                )
        else:
            numero = max(self._primeiro_lote, counter.proximo_lote, last_lote + 1)
            while self._used(operadora, LoteRow.numero_lote, numero) is not None:
                numero += 1
        if self._primeira_transacao is None:
            start = numero  # the lote's own number, unless another message took it
        else:
            start = max(self._primeira_transacao, counter.proxima_transacao)
        transacao = free_transacao(
            self._session, self.prestador, operadora, max(start, last_transacao + 1)
        )
        self._given[operadora] = (numero, transacao)
        return str(numero), str(transacao)

    def _used(self, operadora: str, column: Any, numero: int) -> LoteRow | None:
        return self._session.scalars(
            select(LoteRow)
            .where(
                LoteRow.prestador == self.prestador,
                LoteRow.operadora == operadora,
                column == str(numero),
            )
            .limit(1)
        ).first()

    def write(self, lote: LoteTISS, folder: Path) -> Path:
        """Stage ``lote`` in ``folder`` and add its row; the file gets its final name only after
        the commit (:meth:`publish`). The caller has already refused existing files
        (:func:`tissbill.billing.workflow.refuse_existing`)."""
        target = (folder / lote.filename).absolute()
        self._staged.write(target, lote.xml)
        row = lote_row(lote.message, lote.xml, target, origem="build")
        row.arquivo_pendente = True
        existing = self._session.scalar(select(LoteRow).where(LoteRow.sha256 == row.sha256))
        if existing is None:
            self._session.add(row)
            _advance(self._session, row)
        return target


class Staged:
    """Files of one write transaction, under their :func:`partial_path` until the commit."""

    def __init__(self) -> None:
        self._files: list[tuple[Path, Path]] = []

    def write(self, target: Path, data: bytes) -> None:
        """Write ``data`` under the partial name of ``target`` (made absolute by the caller)."""
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = partial_path(target)
        self._files.append((partial, target))
        # Exclusive temporary file and rename: a symlink planted at the partial name is
        # replaced, never followed.
        files.atomic_write(partial, data)

    def discard(self) -> None:
        for partial, _ in self._files:
            partial.unlink(missing_ok=True)

    def publish(self) -> None:
        for partial, target in self._files:
            if partial.exists():
                os.replace(partial, target)


def _sqlite_events(engine: Engine, *, immediate: bool) -> None:
    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, record: Any) -> None:
        # pysqlite's own transaction handling is off so that BEGIN is ours to emit.
        dbapi_connection.isolation_level = None
        dbapi_connection.execute("PRAGMA foreign_keys = ON")

    @event.listens_for(engine, "begin")
    def _begin(connection: Any) -> None:
        # IMMEDIATE takes the write lock at once: the numbers read are still free at commit.
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def lock_counter(session: Session, dialect: str, prestador: str, operadora: str) -> Numeracao:
    """The numbering row of a prestador and operadora, created if new and locked until the end
    of the transaction: whoever numbers something (a lote, a recurso) holds it."""
    insert: Callable[..., Any] = postgresql.insert if dialect == "postgresql" else sqlite.insert
    session.execute(
        insert(Numeracao)
        .values(prestador=prestador, operadora=operadora, proximo_lote=1, proxima_transacao=1)
        .on_conflict_do_nothing()
    )
    counter = session.scalars(
        select(Numeracao)
        .where(Numeracao.prestador == prestador, Numeracao.operadora == operadora)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()
    return counter


def free_transacao(session: Session, prestador: str, operadora: str, start: int) -> int:
    """The first sequencialTransacao from ``start`` that no message sent to the operadora (a
    lote or a recurso de glosa of the prestador) has used: one numbering for all of them."""
    numero = start
    while any(
        session.scalar(
            select(model.id)
            .where(
                model.prestador == prestador,
                model.operadora == operadora,
                model.sequencial_transacao == str(numero),
            )
            .limit(1)
        )
        is not None
        for model in (LoteRow, RecursoRow)
    ):
        numero += 1
    return numero


def _advance(session: Session, row: LoteRow) -> None:
    """Move the counters past a recorded lote's numbers (numeric ones only)."""
    counter = session.get(Numeracao, (row.prestador, row.operadora))
    if counter is None:
        return
    if row.numero_lote.isdigit():
        counter.proximo_lote = max(counter.proximo_lote, int(row.numero_lote) + 1)
    if row.sequencial_transacao.isdigit():
        counter.proxima_transacao = max(
            counter.proxima_transacao, int(row.sequencial_transacao) + 1
        )


def lote_row(message: MensagemTISS, data: bytes, arquivo: Path, *, origem: str) -> LoteRow:
    """The rows of one lote message (lote, guias, items)."""
    cabecalho = message.cabecalho
    guias = message.guias
    row = LoteRow(
        prestador=prestador_key(cabecalho.origem.identificacao_prestador),
        operadora=cabecalho.destino.registro_ans,
        numero_lote=message.prestador_para_operadora.lote_guias.numero_lote,
        sequencial_transacao=cabecalho.identificacao_transacao.sequencial_transacao,
        versao=str(cabecalho.padrao.value),
        tipo_guia=guias[0].tipo_guia if guias else "",
        hash=message.epilogo.hash,
        sha256=_sha256(data),
        guias_count=len(guias),
        valor_total=sum((g.valor_total_geral for g in guias), Decimal("0.00")),
        arquivo=str(arquivo),
        origem=origem,
        estado=IMPORTADO if origem == IMPORTADO else GERADO,
        arquivo_pendente=False,
        criado_em=dt.datetime.now().replace(microsecond=0),
    )
    row.guias = [_guia_row(g) for g in guias]
    return row


def _guia_row(guia: Guia) -> GuiaRow:
    dates = atendimento_dates(guia)
    row = GuiaRow(
        numero_guia_prestador=guia.numero_guia_prestador,
        numero_guia_operadora=getattr(guia, "numero_guia_operadora", None),
        numero_carteira=carteira(guia),
        data_inicio=min(dates) if dates else None,
        data_fim=max(dates) if dates else None,
        valor_total=guia.valor_total_geral,
    )
    if isinstance(guia, GuiaResumoInternacao):
        dados = guia.dados_internacao
        row.tipo_faturamento = dados.tipo_faturamento.value
        row.numero_guia_solicitacao = guia.numero_guia_solicitacao_internacao
        row.janela_inicio = dt.datetime.combine(
            dados.data_inicio_faturamento, dados.hora_inicio_faturamento
        )
        row.janela_fim = dt.datetime.combine(
            dados.data_final_faturamento, dados.hora_final_faturamento
        )
    row.itens = [
        ItemRow(
            sequencial_item=line.sequencial_item,
            data_execucao=line.data,
            codigo_tabela=str(line.codigo_tabela) if line.codigo_tabela is not None else None,
            codigo=line.codigo,
            categoria=line.categoria,
            quantidade=line.quantidade,
            valor_total=line.valor,
        )
        for line in item_lines(guia)
    ]
    return row


def _info(row: LoteRow) -> LoteInfo:
    return LoteInfo(
        numero_lote=row.numero_lote,
        sequencial_transacao=row.sequencial_transacao,
        prestador=row.prestador,
        operadora=row.operadora,
        tipo_guia=row.tipo_guia,
        versao=row.versao,
        guias=row.guias_count,
        valor_total=row.valor_total,
        estado=row.estado,
        arquivo=row.arquivo,
        criado_em=row.criado_em,
        enviado_em=row.enviado_em,
        hash=row.hash,
    )


__all__ = [
    "ESTADOS",
    "LEDGER_ENV",
    "Billing",
    "ImportResult",
    "Ledger",
    "LoteInfo",
    "Staged",
    "default_location",
    "free_transacao",
    "identificacao_of",
    "kill_point",
    "lock_counter",
    "lote_row",
    "partial_path",
    "prestador_key",
    "resolve_url",
    "safe_url",
]
