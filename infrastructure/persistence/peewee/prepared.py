"""Statements that peewee builds once per kind of database and that then run many times.

Building a statement with peewee's query builder costs 0.2-0.6 ms on our machines (a
select of the 22 columns of a post, an insert of 21 values); running it on SQLite costs
about 0.03 ms. A conversation turn runs nine statements, so building each on every call
made a turn 2.8 ms against 0.7 for the SQL text written by hand (make bench-storage).
The statements of the hot paths are therefore built once per kind of database, with a
`slot` in place of each value to come, and peewee's text is kept and run with each call's
values, converted by the field each belongs to (its `db_value`). The text is peewee's own,
for the dialect at hand; rows come back through peewee's own cursor wrappers, so `.dicts()`
and `.tuples()` convert them by the model's fields as usual.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from typing import Any

from peewee import Database, Field, Insert, Value


class Slot:
    """The value of the call's argument `name`, converted by `convert` when it runs."""

    __slots__ = ("convert", "name")

    def __init__(self, name: str, convert: Callable[[Any], Any]) -> None:
        self.name = name
        self.convert = convert


def slot(name: str, field: Field) -> Value:
    """A place for the argument `name`, stored as `field` stores its values."""
    return Value(Slot(name, field.db_value), converter=False)  # converted when run


Compiled = tuple[Any, str, list[Any]]  # the query, its text, its parameters with slots


class Prepared:
    """A statement from `build` (a peewee query with slots), built once per kind of database."""

    def __init__(self, build: Callable[[], Any]) -> None:
        self._build = build
        self._compiled: dict[tuple[type[Database], bool], Compiled] = {}
        self.builds = 0  # how often peewee built it: once per kind of database

    def _for(self, db: Database) -> Compiled:
        key = (type(db), bool(db.returning_clause))
        found = self._compiled.get(key)
        if found is None:
            query = self._build()
            returns_id = isinstance(query, Insert) and not getattr(query, "_as_rowcount", False)
            if returns_id and db.returning_clause and not query._returning:
                query = query.returning(query.model._meta.primary_key)
            sql, params = db.get_sql_context().sql(query).query()
            self.builds += 1
            found = self._compiled.setdefault(key, (query, sql, params))  # a race builds twice
        return found

    def _run(self, db: Database, values: dict[str, Any]) -> tuple[Any, Any]:
        query, sql, params = self._for(db)
        args = [p.convert(values[p.name]) if isinstance(p, Slot) else p for p in params]
        return query, db.execute_sql(sql, args)

    def rows(self, db: Database, **values: Any) -> Iterable[Any]:
        """The rows of a select, as its row type (.dicts(), .tuples()) makes them."""
        query, cursor = self._run(db, values)
        return query._get_cursor_wrapper(cursor)

    def execute(self, db: Database, **values: Any) -> int:
        """Run a change; the rows it touched."""
        return int(self._run(db, values)[1].rowcount)

    def insert(self, db: Database, **values: Any) -> int:
        """Run an insert; the new row's id (from RETURNING where the database has it)."""
        query, cursor = self._run(db, values)
        if query._returning:
            return int(cursor.fetchone()[0])
        return int(cursor.lastrowid)


_PREPARED: dict[Hashable, Prepared] = {}


def prepared(key: Hashable, build: Callable[[], Any]) -> Prepared:
    """The statement kept under `key`, prepared from `build` the first time it is asked for:
    for statements whose shape depends on the call (the fields an update changes)."""
    found = _PREPARED.get(key)
    if found is None:
        found = _PREPARED.setdefault(key, Prepared(build))
    return found
