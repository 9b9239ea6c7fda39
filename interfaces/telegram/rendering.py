"""Text for Telegram: HTML with every piece of user text escaped, split at 4096 characters."""

from __future__ import annotations

import html

from application.views import DraftView
from domain.text_metrics import measure
from interfaces.presenting import draft_notes

MAX_MESSAGE = 4096
DRAFT_HEADER = "Draft v"  # how every draft message begins (as Telegram shows it, tags removed)


def escape(text: str) -> str:
    return html.escape(text, quote=False)


def telegram_length(text: str) -> int:
    """Length as Telegram counts it: UTF-16 code units (an emoji is two)."""
    return len(text.encode("utf-16-le")) // 2


def draft_html(draft: DraftView) -> list[str]:
    """A draft as messages: a short header line, then the post text exactly as written,
    over as many messages as it takes (a long post is cut at paragraph or word breaks)."""
    m = draft.measured or measure(draft.content)
    header = f"<b>{DRAFT_HEADER}{draft.version}</b> · {m.words} words · {m.formality.value}"
    for note in draft_notes(draft):
        header += f"\n<i>{escape(note)}</i>"
    first = f"{header}\n\n"
    pieces = html_pieces(draft.content, MAX_MESSAGE - telegram_length(first))
    return [first + pieces[0], *pieces[1:]]


def html_pieces(text: str, room: int = MAX_MESSAGE, limit: int | None = None) -> list[str]:
    """`text` escaped for HTML, in pieces of at most `room` as Telegram counts, never cut
    inside an escape (`&amp;`): cut at `limit` characters, finer where escapes or emoji
    make a piece longer than it looks."""
    pieces: list[str] = []
    for piece in split(text, limit or room):
        html = escape(piece)
        if telegram_length(html) <= room:
            pieces.append(html)
        else:
            pieces += html_pieces(piece, room, max(1, (limit or room) // 2))
    return pieces


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
