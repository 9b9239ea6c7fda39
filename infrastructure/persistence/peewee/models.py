"""peewee models of the tables (see migrations.py for the DDL that creates them).

The models live here and nowhere else; repositories map them to domain objects.
`database_proxy` is bound once per process when the database is opened.
"""

from __future__ import annotations

from peewee import (
    AutoField,
    BigIntegerField,
    DatabaseProxy,
    FloatField,
    ForeignKeyField,
    IntegerField,
    Model,
    TextField,
)

from infrastructure.persistence.peewee.fields import JsonField, UtcDateTimeField

database_proxy = DatabaseProxy()


class BaseModel(Model):
    class Meta:
        database = database_proxy


class UserRow(BaseModel):
    id = BigIntegerField(primary_key=True)
    username = TextField(null=True)
    first_name = TextField(null=True)
    last_name = TextField(null=True)
    created_at = UtcDateTimeField()
    last_active_at = UtcDateTimeField()
    sessions_count = IntegerField(default=0)
    drafts_count = IntegerField(default=0)
    approved_count = IntegerField(default=0)
    rejected_count = IntegerField(default=0)
    ratings_count = IntegerField(default=0)
    ratings_sum = IntegerField(default=0)

    class Meta:
        table_name = "users"


class SessionRow(BaseModel):
    id = AutoField()
    user = ForeignKeyField(UserRow, column_name="user_id", on_delete="CASCADE")
    user_id: int  # peewee's accessor for the foreign key's value (declared for type checkers)
    brief = TextField(null=True)
    status = TextField()
    started_at = UtcDateTimeField()
    ended_at = UtcDateTimeField(null=True)
    turn_count = IntegerField(default=0)

    class Meta:
        table_name = "sessions"


class MessageRow(BaseModel):
    id = AutoField()
    session = ForeignKeyField(SessionRow, column_name="session_id", on_delete="CASCADE")
    user = ForeignKeyField(UserRow, column_name="user_id", on_delete="CASCADE")
    session_id: int
    user_id: int
    role = TextField()
    content = TextField()
    created_at = UtcDateTimeField()
    satisfaction = IntegerField(null=True)

    class Meta:
        table_name = "chat_history"


class PostRow(BaseModel):
    id = AutoField()
    session = ForeignKeyField(SessionRow, column_name="session_id", on_delete="CASCADE")
    user = ForeignKeyField(UserRow, column_name="user_id", on_delete="CASCADE")
    session_id: int
    user_id: int
    version = IntegerField()
    content = TextField()
    style = JsonField()
    status = TextField()
    generator = TextField()
    model = TextField()
    prompt_tokens = IntegerField(default=0)
    completion_tokens = IntegerField(default=0)
    latency_ms = IntegerField(default=0)
    rating = IntegerField(null=True)
    created_at = UtcDateTimeField()

    class Meta:
        table_name = "posts"


class FeedbackRow(BaseModel):
    id = AutoField()
    user = ForeignKeyField(UserRow, column_name="user_id", on_delete="CASCADE")
    session = ForeignKeyField(SessionRow, column_name="session_id", on_delete="CASCADE")
    post = ForeignKeyField(PostRow, column_name="post_id", null=True, on_delete="CASCADE")
    user_id: int
    session_id: int
    post_id: int | None
    kind = TextField()
    signals = JsonField()
    rating = IntegerField(null=True)
    text = TextField(null=True)
    created_at = UtcDateTimeField()

    class Meta:
        table_name = "feedback"


class PreferenceRow(BaseModel):
    id = AutoField()
    user = ForeignKeyField(UserRow, column_name="user_id", on_delete="CASCADE")
    key = TextField()
    value = JsonField()
    confidence = FloatField()
    evidence_count = IntegerField()
    source = TextField()
    updated_at = UtcDateTimeField()

    class Meta:
        table_name = "user_preferences"
