"""Text for Telegram: HTML with every piece of user text escaped, split at 4096 characters."""

from __future__ import annotations

import html

from application.views import DraftView
from domain.text_metrics import count_words

MAX_MESSAGE = 4096
DRAFT_HEADER = "Draft v"  # how every draft message begins (as Telegram shows it, tags removed)


def escape(text: str) -> str:
    return html.escape(text, quote=False)


def draft_html(draft: DraftView) -> str:
    """A draft as one message: a short header line, then the post text exactly as written."""
    words = count_words(draft.content)
    header = f"<b>{DRAFT_HEADER}{draft.version}</b> · {words} words · {draft.style.formality.value}"
    return f"{header}\n\n{escape(draft.content)}"


def split(text: str, limit: int = MAX_MESSAGE) -> list[str]:
    """Pieces of at most `limit` characters, cut at paragraph, line or word breaks if possible."""
    pieces: list[str] = []
    rest = text
    while len(rest) > limit:
        window = rest[:limit]
        cut = max(window.rfind("\n\n"), window.rfind("\n"), window.rfind(" "))
        if cut <= limit // 2:
            cut = limit
        pieces.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest or not pieces:
        pieces.append(rest)
    return pieces
