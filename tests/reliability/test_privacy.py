"""Files that hold users' words are their owner's alone: the database and its WAL and
shared-memory files, backups, exports and copies are created mode 0600."""

from __future__ import annotations

import io
import logging
import os
from pathlib import Path

from application.requests import Edit, Forget, Hello, Stats, Text
from infrastructure.config import Settings
from infrastructure.container import Container
from infrastructure.persistence.peewee.copy import PeeweeCopier
from interfaces.logs import RedactingFormatter


def mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


def test_a_new_database_and_its_wal_and_shm_are_private(tmp_path: Path) -> None:
    old = os.umask(0o022)  # a usual umask would make new files world-readable
    try:
        path = tmp_path / "p.db"
        container = Container(settings=Settings(database_url=f"sqlite:///{path}"))
        try:
            bus = container.bus()
            bus.handle(Hello(1))
            bus.handle(Text(1, "Our bakery opens a second shop on Main Street"))
            files = {p.name: mode(p) for p in tmp_path.iterdir()}
        finally:
            container.shutdown_resources()
    finally:
        os.umask(old)

    assert files == {"p.db": 0o600, "p.db-wal": 0o600, "p.db-shm": 0o600}


def test_a_copy_into_a_new_sqlite_file_is_private(tmp_path: Path) -> None:
    source, target = tmp_path / "source.db", tmp_path / "target.db"
    container = Container(settings=Settings(database_url=f"sqlite:///{source}"))
    container.bus().handle(Hello(1))
    container.shutdown_resources()
    old = os.umask(0o022)
    try:
        PeeweeCopier().copy(f"sqlite:///{source}", f"sqlite:///{target}")
    finally:
        os.umask(old)

    assert mode(target) == 0o600


def test_an_existing_databases_mode_is_left_as_its_owner_set_it(tmp_path: Path) -> None:
    path = tmp_path / "shared.db"
    path.touch(mode=0o640)
    path.chmod(0o640)  # the admin shares it with a group on purpose

    container = Container(settings=Settings(database_url=f"sqlite:///{path}"))
    container.bus().handle(Hello(1))
    container.shutdown_resources()

    assert mode(path) == 0o640


def test_log_records_carry_no_token_in_messages_arguments_or_tracebacks() -> None:
    token = "4242:SECRET-test-token-AAAA"
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(RedactingFormatter("%(levelname)s %(message)s", token))
    log = logging.getLogger("tests.privacy")
    log.addHandler(handler)
    log.propagate = False
    try:
        log.warning("calling https://api.telegram.org/bot%s/getMe", token)
        log.warning("another bot's url: https://x/bot987654:Zz_9-y/sendMessage")
        try:
            raise RuntimeError(f"404 for url 'https://api.telegram.org/bot{token}/getMe'")
        except RuntimeError:
            log.exception("the request failed")
    finally:
        log.removeHandler(handler)
    text = stream.getvalue()

    assert token not in text and "SECRET" not in text
    assert "987654:Zz_9-y" not in text
    assert text.count("<redacted>") == 3  # the message, the other bot, the exception text


def test_forget_leaves_no_row_and_no_byte_of_the_user_in_the_database_or_wal(
    tmp_path: Path,
) -> None:
    marker = "ZQX-unique-marker-of-ann-7731"
    path = tmp_path / "f.db"
    container = Container(settings=Settings(database_url=f"sqlite:///{path}"))
    try:
        bus = container.bus()
        for user in (1, 2):
            bus.handle(Hello(user))
            bus.handle(Text(user, f"Our bakery opens a second shop {marker if user == 1 else ''}"))
        bus.handle(Text(1, f"mention {marker} again, and the croissants"))
        bus.handle(Edit(1, f"My own words: {marker}.", None))
        assert marker.encode() in path.read_bytes() + wal(path).read_bytes()

        result = bus.handle(Forget(1))

        files = path.read_bytes() + (wal(path).read_bytes() if wal(path).exists() else b"")
        assert result.rows_left == 0
        assert files.count(marker.encode()) == 0
        assert bus.handle(Stats(2)).sessions == 1  # the other user is untouched
    finally:
        container.shutdown_resources()


def wal(path: Path) -> Path:
    return path.with_name(path.name + "-wal")
