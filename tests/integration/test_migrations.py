"""Migrations through peewee: every released schema version, on SQLite and on PostgreSQL,
upgrades in place to exactly the schema a new database gets, with every row kept."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from peewee import Database, PostgresqlDatabase
from playhouse.cysqlite_ext import CySqliteDatabase
from playhouse.db_url import parse as parse_url

from infrastructure.persistence.peewee.migrations import LATEST_VERSION, current_version, migrate
from infrastructure.persistence.peewee.models import SCHEMA
from infrastructure.persistence.peewee.unit_of_work import PeeweeUnitOfWork
from tests.contract.builders import a_session
from tests.fixtures.released_schemas import RELEASED, released
from tests.postgres import fresh_schema

V1 = Path(__file__).resolve().parents[1] / "fixtures" / "postmind-v1.db"
V1_TABLES = ("users", "sessions", "posts", "chat_history", "feedback", "user_preferences")


@contextmanager
def opened(dialect: str, tmp_path: Path, name: str) -> Iterator[Database]:
    if dialect == "sqlite":
        db: Database = CySqliteDatabase(str(tmp_path / f"{name}.db"), pragmas=[("foreign_keys", 1)])
        db.connect()
        try:
            yield db
        finally:
            db.close()
        return
    with fresh_schema() as url:
        parsed = parse_url(url)
        db = PostgresqlDatabase(parsed.pop("database"), **parsed)
        db.connect()
        try:
            yield db
        finally:
            db.close()


def v1_rows() -> dict[str, tuple[list[str], list[tuple[Any, ...]]]]:
    """The fixture's rows, an older postmind's real writes, by table: (columns, rows)."""
    with sqlite3.connect(V1) as source:
        found = {}
        for table in V1_TABLES:
            cursor = source.execute(f"SELECT * FROM {table} ORDER BY id")
            found[table] = ([d[0] for d in cursor.description], cursor.fetchall())
    source.close()
    return found


def load(db: Database, rows: dict[str, tuple[list[str], list[tuple[Any, ...]]]]) -> None:
    for table, (columns, values) in rows.items():
        marks = ", ".join([db.param] * len(columns))
        for row in values:
            db.execute_sql(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", row)


def described(db: Database) -> dict[str, Any]:
    """Tables, columns (in order, with type, nullability and default), indexes, references
    and what deleting a referenced row does: the schema as the database itself reports it."""
    schema = {}
    for table in sorted(db.get_tables()):
        columns = [
            (c.name, c.data_type.upper(), None if c.primary_key else c.null, c.default)
            for c in db.get_columns(table)
        ]
        indexes = sorted(
            (i.name, tuple(i.columns), i.unique)
            for i in db.get_indexes(table)
            if not i.name.startswith("sqlite_autoindex")
        )
        references = sorted(
            (fk.column, fk.dest_table, fk.dest_column) for fk in db.get_foreign_keys(table)
        )
        schema[table] = (columns, indexes, references, deletes(db, table))
    return schema


def deletes(db: Database, table: str) -> list[tuple[str, str]]:
    if isinstance(db, PostgresqlDatabase):
        rows = db.execute_sql(
            "SELECT k.column_name, r.delete_rule FROM information_schema.referential_constraints r"
            " JOIN information_schema.key_column_usage k ON k.constraint_name = r.constraint_name"
            " AND k.constraint_schema = r.constraint_schema"
            " WHERE k.table_name = %s AND k.table_schema = current_schema()",
            (table,),
        ).fetchall()
    else:
        rows = [(r[3], r[6]) for r in db.execute_sql(f"PRAGMA foreign_key_list({table})")]
    return sorted((column, rule) for column, rule in rows)


DIALECTS = ["sqlite", "postgres"]


@pytest.mark.parametrize("dialect", DIALECTS)
@pytest.mark.parametrize("version", sorted(RELEASED))
def test_every_released_version_migrates_to_the_schema_of_a_new_database(
    tmp_path: Path, dialect: str, version: int
) -> None:
    with opened(dialect, tmp_path, "fresh") as fresh, opened(dialect, tmp_path, "old") as old:
        assert migrate(fresh) == list(range(1, LATEST_VERSION + 1))
        released(version, old.execute_sql, postgres=dialect == "postgres")
        rows = v1_rows()
        load(old, rows)

        applied = migrate(old)

        assert applied == list(range(version + 1, LATEST_VERSION + 1))
        assert current_version(old) == LATEST_VERSION
        schema = described(fresh)
        assert {model._meta.table_name for model in SCHEMA} <= set(schema)
        assert described(old) == schema
        for table, (columns, values) in rows.items():
            kept = old.execute_sql(f"SELECT {', '.join(columns)} FROM {table} ORDER BY id")
            assert [tuple(r) for r in kept.fetchall()] == [tuple(r) for r in values], table


@pytest.mark.parametrize("dialect", DIALECTS)
def test_a_migrated_database_takes_new_rows_with_fresh_ids(tmp_path: Path, dialect: str) -> None:
    """The sequences (SQLite's AUTOINCREMENT, PostgreSQL's BIGSERIAL) carry on past the
    ids an older postmind gave."""
    with opened(dialect, tmp_path, "old") as old:
        released(1, old.execute_sql, postgres=dialect == "postgres")
        rows = v1_rows()
        load(old, rows)
        if dialect == "postgres":  # rows loaded with their ids leave the sequence behind
            for table in V1_TABLES[1:]:
                old.execute_sql(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), MAX(id)) FROM {table}"
                )
        migrate(old)
        with PeeweeUnitOfWork(old) as uow:
            session = uow.sessions.add(a_session(42))
            uow.commit()

    highest = max(row[0] for row in rows["sessions"][1])
    assert session.id is not None and session.id > highest


def test_the_models_are_the_whole_schema(tmp_path: Path) -> None:
    with opened("sqlite", tmp_path, "fresh") as fresh:
        migrate(fresh)
        tables = set(fresh.get_tables()) - {"sqlite_sequence"}

    assert tables == {model._meta.table_name for model in SCHEMA}


def test_tables_of_postmind_without_a_schema_version_are_refused(tmp_path: Path) -> None:
    with opened("sqlite", tmp_path, "odd") as db:
        db.execute_sql("CREATE TABLE users (id INTEGER PRIMARY KEY)")

        with pytest.raises(RuntimeError, match="no schema version"):
            migrate(db)
