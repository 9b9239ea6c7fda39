"""The peewee models: one per table, the schema of SQLite and PostgreSQL alike.

The models are bound to no database. Every query runs on the unit of work's own database
(`query.execute(db)`, a prepared statement's text on `db`, `SchemaManager(model, db)`), so
one process can hold a SQLite file and a PostgreSQL database at once (the copy command,
the contract suite) without a global proxy to switch. Rows leave the package as domain
objects (mappers.py), never as models.

The storage format is the one every released schema version wrote, so old databases
migrate in place (migrations.py): times as UTC ISO-8601 text with microseconds (sortable,
the same on both dialects), JSON as compact UTF-8 text, flags as 0/1 integers, ids drawn
once and never reused (a forgotten user's post id cannot come back in a new button).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from peewee import (
    SQL,
    BigAutoField,
    BigIntegerField,
    CompositeKey,
    Context,
    DoubleField,
    ForeignKeyField,
    IntegerField,
    Model,
    Node,
    NodeList,
    TextField,
)


class SerialField(BigAutoField):
    """A row id drawn from a sequence that never goes back: BIGSERIAL on PostgreSQL,
    INTEGER PRIMARY KEY AUTOINCREMENT on SQLite (without it SQLite reuses the largest id
    once that row is deleted)."""

    def ddl(self, ctx: Context) -> NodeList:
        node = super().ddl(ctx)
        if str(ctx.state.field_types.get(self.field_type, "")).endswith("SERIAL"):
            return node
        return NodeList((node, SQL("AUTOINCREMENT")))


class MomentField(TextField):
    """An aware datetime, stored as UTC ISO-8601 text with microseconds."""

    def db_value(self, value: datetime | None) -> str | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored: pass an aware UTC datetime")
        return value.astimezone(UTC).isoformat(timespec="microseconds")

    def python_value(self, value: str | None) -> datetime | None:
        return None if value is None else datetime.fromisoformat(value)


class JsonField(TextField):
    """Any JSON value (None too, as `null`), stored as compact UTF-8 text."""

    def db_value(self, value: Any) -> str:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))

    def python_value(self, value: str | None) -> Any:
        return None if value is None else json.loads(value)


class CounterField(IntegerField):
    """A count that changes by steps (a replaced rating takes its old value off
    `ratings_sum`): repositories write a change to it as the step from the value this unit
    of work read (`drafts_count = drafts_count + 1`), so concurrent steps add up."""


def server_default(value: int | str) -> list[Node]:
    """The column's default in the schema, for rows written without it (and by old code).
    SQL text: peewee's fields have no option for a default the database applies."""
    literal = str(value) if isinstance(value, int) else "'" + value.replace("'", "''") + "'"
    return [SQL(f"DEFAULT {literal}")]


def counter() -> CounterField:
    return CounterField(default=0, constraints=server_default(0))


class Base(Model):
    class Meta:
        legacy_table_names = False


class User(Base):
    id = BigIntegerField(primary_key=True)  # the Telegram user id
    username = TextField(null=True)
    first_name = TextField(null=True)
    last_name = TextField(null=True)
    created_at = MomentField()
    last_active_at = MomentField()
    sessions_count = counter()
    drafts_count = counter()
    approved_count = counter()
    rejected_count = counter()
    ratings_count = counter()
    ratings_sum = counter()
    checked_count = counter()
    first_fit_count = counter()

    class Meta:
        table_name = "users"


def owner(model: type[Base]) -> ForeignKeyField:
    """A reference that goes when its row goes (forget deletes a user and everything of
    theirs); indexed by the composite indexes below, not one index per reference."""
    return ForeignKeyField(model, on_delete="CASCADE", index=False)


class Session(Base):
    id = SerialField()
    user = owner(User)
    brief = TextField(null=True)
    status = TextField()
    started_at = MomentField()
    ended_at = MomentField(null=True)
    turn_count = counter()
    content = JsonField(default=list, constraints=server_default("[]"))  # [[phrase, include]]

    class Meta:
        table_name = "sessions"


Session.add_index(Session.index(Session.user, Session.started_at, name="sessions_user_started"))
Session.add_index(Session.index(Session.user, Session.status, name="sessions_user_status"))
Session.add_index(Session.index(Session.status, Session.ended_at, name="sessions_status_ended"))


class Message(Base):
    id = SerialField()
    session = owner(Session)
    user = owner(User)
    role = TextField()
    content = TextField()
    created_at = MomentField()
    satisfaction = IntegerField(null=True)

    class Meta:
        table_name = "chat_history"


Message.add_index(Message.index(Message.session, Message.id, name="chat_history_session"))
Message.add_index(Message.index(Message.user, name="chat_history_user"))
Message.add_index(Message.index(Message.created_at, name="chat_history_created"))


class Post(Base):
    id = SerialField()
    session = owner(Session)
    user = owner(User)
    version = IntegerField()
    content = TextField()
    style = JsonField()
    status = TextField()
    generator = TextField()
    model_name = TextField(column_name="model")  # `model` is a peewee field's own attribute
    prompt_tokens = IntegerField(default=0, constraints=server_default(0))
    completion_tokens = IntegerField(default=0, constraints=server_default(0))
    latency_ms = IntegerField(default=0, constraints=server_default(0))
    rating = IntegerField(null=True)
    created_at = MomentField()
    measured_words = IntegerField(null=True)
    measured_emoji = IntegerField(null=True)
    measured_hashtags = IntegerField(null=True)
    measured_cta = IntegerField(null=True)
    measured_formality = TextField(null=True)
    attempts = IntegerField(default=1, constraints=server_default(1))
    attempt_log = JsonField(default=list, constraints=server_default("[]"))
    misses = JsonField(default=list, constraints=server_default("[]"))
    shown_in_message = BigIntegerField(null=True)  # the chat message showing it, when one does

    class Meta:
        table_name = "posts"


Post.add_index(Post.index(Post.session, Post.version, unique=True, name="posts_session_version"))
Post.add_index(Post.index(Post.user, Post.status, name="posts_user_status"))
Post.add_index(Post.index(Post.user, Post.created_at, name="posts_user_created"))
Post.add_index(Post.index(Post.user, Post.shown_in_message, name="posts_user_shown"))


class Feedback(Base):
    id = SerialField()
    user = owner(User)
    session = owner(Session)
    post = ForeignKeyField(Post, on_delete="CASCADE", index=False, null=True)
    kind = TextField()
    signals = JsonField()
    rating = IntegerField(null=True)
    text = TextField(null=True)
    created_at = MomentField()

    class Meta:
        table_name = "feedback"


Feedback.add_index(Feedback.index(Feedback.user, Feedback.created_at, name="feedback_user_created"))
Feedback.add_index(Feedback.index(Feedback.session, name="feedback_session"))
Feedback.add_index(Feedback.index(Feedback.post, name="feedback_post"))


class Preference(Base):
    id = SerialField()
    user = owner(User)
    key = TextField()
    value = JsonField()
    confidence = DoubleField()
    evidence_count = IntegerField()
    source = TextField()
    updated_at = MomentField()

    class Meta:
        table_name = "user_preferences"


Preference.add_index(
    Preference.index(Preference.user, Preference.key, unique=True, name="user_preferences_user_key")
)


class RequestReceipt(Base):
    """A handled request's key (a Telegram update), so a redelivered one is handled once."""

    key = TextField(primary_key=True)
    recorded_at = MomentField()

    class Meta:
        table_name = "request_receipts"


RequestReceipt.add_index(
    RequestReceipt.index(RequestReceipt.recorded_at, name="request_receipts_recorded")
)


class ChatTurn(Base):
    """A Telegram update as the bot's processes received it: its chat, the process that has
    it, and when that one started and finished handling it (see turns.py). Kept a day."""

    update_id = BigIntegerField(primary_key=True)
    chat_id = BigIntegerField(null=True)
    worker = BigIntegerField()
    arrived_at = MomentField()
    started_at = MomentField(null=True)
    finished_at = MomentField(null=True)

    class Meta:
        table_name = "chat_turns"


ChatTurn.add_index(ChatTurn.index(ChatTurn.chat_id, ChatTurn.update_id, name="chat_turns_chat"))
ChatTurn.add_index(ChatTurn.index(ChatTurn.arrived_at, name="chat_turns_arrived"))


class SendSlot(Base):
    """When the next message of a pacing key (the bot, a chat) may go, as a generic cell rate
    algorithm's theoretical arrival time in seconds since the epoch (see pacing.py)."""

    key = TextField(primary_key=True)
    at = DoubleField()

    class Meta:
        table_name = "send_pacing"


class Calibration(Base):
    """What postmind learned about a model's lengths: shared by every user, kept by forget."""

    model_name = TextField(column_name="model")
    length_range = IntegerField()
    ratio = DoubleField()
    samples = IntegerField()
    updated_at = MomentField(null=True)

    class Meta:
        table_name = "calibrations"
        primary_key = CompositeKey("model_name", "length_range")


class SchemaVersion(Base):
    version = IntegerField(primary_key=True)
    description = TextField()
    applied_at = MomentField()

    class Meta:
        table_name = "schema_version"


USER_DATA = (User, Session, Message, Post, Feedback, Preference)  # parents before children
SHARED = (Calibration,)  # no user's data: what postmind learned about models
TABLES = (*USER_DATA, *SHARED)  # what verify counts and copy copies
SCHEMA = (SchemaVersion, *TABLES, RequestReceipt, ChatTurn, SendSlot)
