"""A throwaway PostgreSQL schema per test, when POSTMIND_TEST_POSTGRES_URL names a server.

On machines without one the PostgreSQL parameters skip with that reason; CI sets the URL
(`.ci/run`). Each schema is dropped afterwards, with everything in it.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import quote

import psycopg2
import pytest

ENV = "POSTMIND_TEST_POSTGRES_URL"


def server_url() -> str:
    url = os.environ.get(ENV, "")
    if not url:
        pytest.skip(f"{ENV} is not set: no PostgreSQL server to test against")
    return url


@contextmanager
def fresh_schema() -> Iterator[str]:
    """A database URL whose search_path is a new, empty schema; dropped on exit."""
    url = server_url()
    schema = f"pm_{uuid.uuid4().hex[:12]}"
    admin = psycopg2.connect(url)
    admin.autocommit = True
    try:
        with admin.cursor() as cursor:
            cursor.execute(f'CREATE SCHEMA "{schema}"')
        separator = "&" if "?" in url else "?"
        yield f"{url}{separator}options={quote(f'-csearch_path={schema}')}"
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        admin.close()
