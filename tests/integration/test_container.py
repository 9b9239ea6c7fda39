"""The composition root picks adapters from configuration, and nothing else does."""

from __future__ import annotations

from pathlib import Path

import pytest

from infrastructure.config import ConfigurationError, Settings, load_settings
from infrastructure.container import Container
from infrastructure.generation.offline import OfflineGenerator
from infrastructure.generation.openai import OpenAIGenerator
from infrastructure.persistence.memory import MemoryUnitOfWork
from infrastructure.persistence.peewee.unit_of_work import PeeweeUnitOfWork
from infrastructure.persistence.url import parse_database_url
from tests.postgres import fresh_schema


def _container(**settings: object) -> Container:
    return Container(settings=Settings(**settings))  # type: ignore[arg-type]


def test_memory_url_selects_the_in_memory_adapter() -> None:
    container = _container(database_url="memory://")

    assert isinstance(container.uow_factory()(), MemoryUnitOfWork)


def test_sqlite_url_selects_the_peewee_adapter_on_that_file(tmp_path: Path) -> None:
    container = _container(database_url=f"sqlite:///{tmp_path / 'c.db'}")
    try:
        assert isinstance(container.uow_factory()(), PeeweeUnitOfWork)
        assert (tmp_path / "c.db").exists()
    finally:
        container.shutdown_resources()


def test_a_relative_sqlite_url_is_relative_to_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    container = _container(database_url="sqlite:///rel.db")
    try:
        container.uow_factory()()
        assert (tmp_path / "rel.db").exists()
    finally:
        container.shutdown_resources()


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("redis://localhost", "Unknown database URL scheme 'redis'"),
        ("sqlite://", "names no file"),
        ("sqlite:///:memory:", "names no file"),
        ("mysql://u@h/db", "Unknown database URL scheme 'mysql'"),
    ],
)
def test_an_unusable_database_url_is_a_configuration_error(url: str, message: str) -> None:
    with pytest.raises(ConfigurationError, match=message):
        _container(database_url=url).uow_factory()()


def test_the_generator_defaults_to_offline_without_an_openai_key() -> None:
    container = _container(database_url="memory://")

    assert isinstance(container.generator(), OfflineGenerator)


def test_an_openai_key_selects_the_openai_generator_with_the_configured_model() -> None:
    settings = Settings(
        database_url="memory://", OPENAI_API_KEY="sk-test", POSTMIND_MODEL="my-model"
    )  # type: ignore[call-arg]

    assert settings.generator_name == "openai"
    generator = Container(settings=settings).generator()
    assert isinstance(generator, OpenAIGenerator)


def test_the_generator_can_be_forced_offline_despite_a_key() -> None:
    settings = Settings(
        database_url="memory://", OPENAI_API_KEY="sk-test", POSTMIND_GENERATOR="offline"
    )  # type: ignore[call-arg]

    assert isinstance(Container(settings=settings).generator(), OfflineGenerator)


def test_a_context_budget_below_the_minimum_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POSTMIND_CONTEXT_TOKENS", "100")

    with pytest.raises(ConfigurationError, match="POSTMIND_CONTEXT_TOKENS"):
        load_settings()


def test_settings_come_from_the_environment_and_keep_secrets_out_of_reprs(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)  # no stray .env
    monkeypatch.setenv("POSTMIND_DATABASE_URL", "memory://")
    monkeypatch.setenv("POSTMIND_GENERATOR", "offline")
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123:secret-token")
    monkeypatch.setenv("POSTMIND_ALLOWED_USERS", "42, 7,")

    settings = load_settings()

    assert settings.database_url == "memory://" and settings.generator_name == "offline"
    assert settings.allowed_users == frozenset({42, 7})
    assert "secret-token" not in repr(settings)


def test_a_malformed_setting_is_one_clear_configuration_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("POSTMIND_GENERATOR", "gpt-7")

    with pytest.raises(ConfigurationError, match="POSTMIND_GENERATOR"):
        load_settings()


def test_options_override_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("POSTMIND_DATABASE_URL", "sqlite:///env.db")

    assert load_settings(database_url="memory://").database_url == "memory://"
    assert load_settings(database_url=None).database_url == "sqlite:///env.db"


def test_a_postgresql_url_selects_the_peewee_adapter_on_that_server() -> None:
    with fresh_schema() as url:
        container = _container(database_url=url)
        try:
            uow = container.uow_factory()()
            assert isinstance(uow, PeeweeUnitOfWork)
            with uow:
                assert uow.users.list() == []
        finally:
            container.shutdown_resources()


def test_the_parsed_postgresql_url_hides_its_password() -> None:
    parsed = parse_database_url("postgresql://ann:s3cret@db.example.org:5432/postmind")

    assert parsed.kind == "postgres" and "s3cret" not in repr(parsed)
