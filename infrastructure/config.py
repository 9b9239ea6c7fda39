"""Configuration: read from the environment (or `.env`) here and nowhere else."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlsplit, urlunsplit

from pydantic import Field, SecretStr, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from domain.context import MIN_BUDGET
from domain.errors import PostmindError

GeneratorName = Literal["offline", "openai"]
LogLevel = Literal["DEBUG", "INFO", "WARNING", "ERROR"]
HIDDEN = "<hidden>"  # what `postmind config` shows of a secret


class ConfigurationError(PostmindError):
    """A setting is missing or malformed; the message names the variable."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", populate_by_name=True
    )

    database_url: str = Field("sqlite:///postmind.db", alias="POSTMIND_DATABASE_URL")
    generator: GeneratorName | None = Field(None, alias="POSTMIND_GENERATOR")
    openai_api_key: SecretStr | None = Field(None, alias="OPENAI_API_KEY")
    openai_base_url: str | None = Field(None, alias="OPENAI_BASE_URL")
    model: str = Field("gpt-4o-mini", alias="POSTMIND_MODEL")
    telegram_bot_token: SecretStr | None = Field(None, alias="TELEGRAM_BOT_TOKEN")
    telegram_api_base_url: str | None = Field(None, alias="TELEGRAM_API_BASE_URL")
    # Webhook mode: the secret Telegram must send (`postmind bot --secret-token` wins).
    webhook_secret: SecretStr | None = Field(None, alias="POSTMIND_WEBHOOK_SECRET")
    allowed_users_raw: str = Field("", alias="POSTMIND_ALLOWED_USERS")
    learning: bool = Field(True, alias="POSTMIND_LEARNING")
    context_tokens: int = Field(3000, ge=MIN_BUDGET, alias="POSTMIND_CONTEXT_TOKENS")
    openai_timeout: float = Field(30.0, gt=0, alias="POSTMIND_OPENAI_TIMEOUT")
    openai_retries: int = Field(2, ge=0, le=10, alias="POSTMIND_OPENAI_RETRIES")
    # Every attempt and every wait between them: the longest a user waits for a draft.
    openai_deadline: float = Field(60.0, gt=0, alias="POSTMIND_OPENAI_DEADLINE")
    # Follow-up requests that correct a draft missing its style (0: checking off, drafts
    # are shown as the model wrote them); all within POSTMIND_OPENAI_DEADLINE.
    correction_attempts: int = Field(2, ge=0, le=5, alias="POSTMIND_CORRECTION_ATTEMPTS")
    # Drafts asked of each LLM call while checking (the chat API's `n`; the closest is kept):
    # more tokens, fewer round trips. Servers that refuse `n` are asked for one.
    choices: int = Field(3, ge=1, le=5, alias="POSTMIND_CHOICES")
    # Ask each model for lengths compensated for how it is measured to miss them.
    calibration: bool = Field(True, alias="POSTMIND_CALIBRATION")
    log_level: LogLevel = Field("INFO", alias="POSTMIND_LOG_LEVEL")  # the bot's log on stderr
    # Generated drafts per user per hour (0: no cap): what one user can cost.
    drafts_per_hour: int = Field(120, ge=0, alias="POSTMIND_DRAFTS_PER_HOUR")

    @property
    def generator_name(self) -> GeneratorName:
        """The configured generator; by default openai when a key is set, else offline."""
        if self.generator is not None:
            return self.generator
        return "openai" if self.openai_api_key else "offline"

    @property
    def allowed_users(self) -> frozenset[int]:
        """Telegram user ids allowed to talk to the bot; empty means everyone."""
        ids = [part.strip() for part in self.allowed_users_raw.split(",") if part.strip()]
        try:
            return frozenset(int(i) for i in ids)
        except ValueError:
            raise ConfigurationError(
                "POSTMIND_ALLOWED_USERS must be comma-separated Telegram user ids."
            ) from None


def load_settings(**overrides: object) -> Settings:
    """Settings from the environment and `.env`, with explicit overrides (CLI options) on top."""
    try:
        return Settings(**{k: v for k, v in overrides.items() if v is not None})  # type: ignore[arg-type]
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(map(str, e['loc'])) or 'settings'}: {e['msg']}" for e in exc.errors()
        )
        raise ConfigurationError(f"Invalid configuration: {problems}.") from None


@dataclass(frozen=True, slots=True)
class ShownSetting:
    """One setting as `postmind config` shows it: a secret is hidden, a URL's password too."""

    variable: str  # the environment variable that sets it
    value: str | int | float | bool | None  # in effect; None when unset
    is_default: bool  # nothing set it (neither the environment, .env, nor an option)


def variables() -> tuple[str, ...]:
    """Every environment variable Settings reads, in the order they are declared."""
    return tuple(field.alias or name for name, field in Settings.model_fields.items())


def shown(settings: Settings) -> tuple[ShownSetting, ...]:
    """The settings in effect, each under its variable, safe to print."""
    return tuple(
        ShownSetting(
            field.alias or name, _safe(name, settings), name not in settings.model_fields_set
        )
        for name, field in Settings.model_fields.items()
    )


def _safe(name: str, settings: Settings) -> str | int | float | bool | None:
    if name == "generator":
        return settings.generator_name  # the default depends on OPENAI_API_KEY
    value = getattr(settings, name)
    if isinstance(value, SecretStr):
        return HIDDEN if value.get_secret_value() else None
    if isinstance(value, str) and name.endswith("url"):
        return _without_password(value)
    return value  # type: ignore[no-any-return]


def _without_password(url: str) -> str:
    """`url` with the password of its user part (postgresql://user:pw@host/db) hidden."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.netloc.rpartition("@")[2]
    return urlunsplit(parts._replace(netloc=f"{parts.username or ''}:{HIDDEN}@{host}"))
