"""Logging for postmind's processes (the bot, the CLI): useful at INFO, and never a secret.

The token travels in every Bot API URL (`.../bot<id>:<secret>/sendMessage`), so it can turn
up in a message, an exception's text or a traceback. Redaction therefore works on the whole
formatted record, traceback included, and covers any `bot<digits>:<secret>` besides the
secrets named.
"""

from __future__ import annotations

import logging
import re
import sys

TOKEN_IN_URL = re.compile(r"bot\d+:[A-Za-z0-9_-]+")
REDACTED = "<redacted>"


def redact_tokens(text: str) -> str:
    """`text` with every token-shaped `bot<id>:<secret>` replaced."""
    return TOKEN_IN_URL.sub(f"bot{REDACTED}", text)


class RedactingFormatter(logging.Formatter):
    """Formats as usual, then replaces each secret and every token-shaped `bot<id>:<x>`."""

    def __init__(self, fmt: str, *secrets: str) -> None:
        super().__init__(fmt)
        self._secrets = [s for s in secrets if s]

    def format(self, record: logging.LogRecord) -> str:
        return self.redact(super().format(record))

    def redact(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, REDACTED)
        return redact_tokens(text)


def configure(level: int, *secrets: str) -> None:
    """Log to stderr. httpx logs every request URL, which holds the token: keep it quiet too."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(
        RedactingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s", *secrets)
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    logging.getLogger("httpx").setLevel(max(level, logging.WARNING))
