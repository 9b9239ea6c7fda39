"""The composition root: the one place that picks adapters and wires the handlers' bus.

Nothing here runs at import time. An entry point builds `Container(settings=...)`, asks
it for what it needs, and calls `shutdown_resources()` on the way out. Tests swap an
adapter with `container.<provider>.override(...)`.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from dependency_injector import containers, providers
from playhouse.pool import PooledDatabase

from application.bus import Bus
from application.checking import CheckingPolicy, DraftChecker
from application.drafting import DraftWriter
from application.learning import PreferenceLearner
from application.maintenance import CleanupHistory, CopyDatabase, ListUsers, Storage, Summary
from domain.limits import DraftAllowance
from domain.ports import ChatTurns, ContentGenerator, TokenCounter
from infrastructure.clock import SystemClock
from infrastructure.config import Settings
from infrastructure.generation.offline import OfflineGenerator
from infrastructure.generation.tokens import EstimatingTokenCounter
from infrastructure.persistence.memory import MemoryAdmin, MemoryStore, MemoryUnitOfWork
from infrastructure.persistence.peewee.admin import PostgresAdmin, SqliteAdmin
from infrastructure.persistence.peewee.checkpoints import WalCheckpointer
from infrastructure.persistence.peewee.copy import PeeweeCopier
from infrastructure.persistence.peewee.database import open_postgres, open_sqlite
from infrastructure.persistence.peewee.pacing import PostgresSendPacing
from infrastructure.persistence.peewee.turns import PostgresChatTurns
from infrastructure.persistence.peewee.unit_of_work import PeeweeUnitOfWork
from infrastructure.persistence.url import DatabaseUrl, parse_database_url


def peewee_database(url: DatabaseUrl) -> Iterator[PooledDatabase]:
    """SQLite or PostgreSQL as a resource: opened (and migrated) once, closed on shutdown.

    SQLite's WAL is checkpointed by a thread of its own while the database is open.
    """
    checkpointer = None
    if url.kind == "postgres":
        assert url.url is not None
        database: PooledDatabase = open_postgres(url.url)
    else:
        assert url.path is not None
        database = open_sqlite(url.path, background_checkpoints=True)
        checkpointer = WalCheckpointer(url.path).start()
    try:
        yield database
    finally:
        if checkpointer is not None:
            checkpointer.stop()
        database.close_all()


def chat_turns(url: DatabaseUrl, database: PooledDatabase) -> Iterator[ChatTurns]:
    """Chat turns shared by every bot process on the PostgreSQL database (opened, and so
    migrated, first); given up on shutdown."""
    assert url.url is not None
    turns = PostgresChatTurns(url.url)
    try:
        yield turns
    finally:
        turns.close()


def openai_generator(settings: Settings, counter: TokenCounter) -> ContentGenerator:
    """The OpenAI generator. Imported here, when chosen: the SDK alone takes about 0.6 s to
    import, which every other command (and the offline chat) need not pay."""
    from infrastructure.generation.openai import OpenAIGenerator, build_client

    key = settings.openai_api_key
    client = build_client(
        api_key=key.get_secret_value() if key is not None else None,
        base_url=settings.openai_base_url,
        timeout=settings.openai_timeout,
    )
    return OpenAIGenerator(
        client,
        settings.model,
        settings.context_tokens,
        counter,
        timeout=settings.openai_timeout,
        retries=settings.openai_retries,
        deadline=settings.openai_deadline,
    )


class Container(containers.DeclarativeContainer):
    settings = providers.Dependency(instance_of=Settings)
    database_url = providers.Singleton(parse_database_url, settings.provided.database_url)

    clock = providers.Singleton(SystemClock)

    database = providers.Resource(peewee_database, url=database_url)
    memory_store = providers.ThreadSafeSingleton(MemoryStore)
    # A plain callable, built once: whoever receives it (handlers, on any thread) only
    # calls it, so the database is opened exactly once, where the bus is wired.
    uow_factory = providers.Selector(
        database_url.provided.kind,
        sqlite=providers.ThreadSafeSingleton(partial, PeeweeUnitOfWork, database),
        postgres=providers.ThreadSafeSingleton(partial, PeeweeUnitOfWork, database),
        memory=providers.ThreadSafeSingleton(partial, MemoryUnitOfWork, memory_store),
    )

    # Several bot processes on one database: PostgreSQL only (a SQLite file serves one).
    shared_turns = providers.Selector(
        database_url.provided.kind,
        postgres=providers.Resource(chat_turns, url=database_url, database=database),
        sqlite=providers.Object(None),
        memory=providers.Object(None),
    )
    send_pacing = providers.Singleton(PostgresSendPacing, database)

    storage_admin = providers.Selector(
        database_url.provided.kind,
        sqlite=providers.Singleton(SqliteAdmin, path=database_url.provided.path),
        postgres=providers.Singleton(PostgresAdmin, url=database_url.provided.url),
        memory=providers.Singleton(MemoryAdmin),
    )
    storage = providers.Factory(Storage, admin=storage_admin)
    cleanup = providers.Factory(CleanupHistory, uow_factory=uow_factory, clock=clock)
    list_users = providers.Factory(ListUsers, uow_factory=uow_factory)
    summary = providers.Factory(Summary, uow_factory=uow_factory)
    copy_database = providers.Factory(CopyDatabase, copier=providers.Singleton(PeeweeCopier))

    token_counter = providers.Singleton(EstimatingTokenCounter)
    generator = providers.Selector(
        settings.provided.generator_name,
        offline=providers.Singleton(OfflineGenerator),
        openai=providers.Singleton(openai_generator, settings=settings, counter=token_counter),
    )

    learner = providers.ThreadSafeSingleton(PreferenceLearner, enabled=settings.provided.learning)
    checking = providers.Singleton(
        CheckingPolicy,
        follow_ups=settings.provided.correction_attempts,
        deadline=settings.provided.openai_deadline,
        calibrate=settings.provided.calibration,
        choices=settings.provided.choices,
    )
    checker = providers.ThreadSafeSingleton(
        DraftChecker, generator=generator, clock=clock, policy=checking
    )
    drafts = providers.ThreadSafeSingleton(
        DraftWriter,
        uow_factory=uow_factory,
        checker=checker,
        learner=learner,
        clock=clock,
        allowance=providers.Factory(DraftAllowance, per_hour=settings.provided.drafts_per_hour),
    )

    # Every service a handler may name (application.bus gives each handler its own).
    bus = providers.ThreadSafeSingleton(
        Bus,
        services=providers.Dict(
            uow=uow_factory,
            clock=clock,
            learner=learner,
            drafts=drafts,
            counter=token_counter,
            budget=settings.provided.context_tokens,
            model=checker.provided.model,
            policy=checking,
            admin=storage_admin,
        ),
    )
