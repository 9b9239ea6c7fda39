"""The terminal conversation: `postmind chat`, line by line, the same as in Telegram.

It reads standard input one line at a time so a script can pipe a conversation in; on a
TTY it prompts and uses colour. Every reply is flushed as soon as it is written: when a
draft is on screen, it is already committed.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

from rich.console import Console
from rich.markup import escape
from rich.panel import Panel

from application import requests
from application.bus import Bus
from application.views import DraftView, SessionView
from domain.actions import Action
from domain.errors import PostmindError, ValidationError
from domain.posts import MAX_RATING, MIN_RATING, PostStatus
from domain.user_text import quoted
from interfaces import presenting, wording
from interfaces.cli import render

logger = logging.getLogger(__name__)

EXPORT_FILE = "postmind-export-{user_id}.json"
R = TypeVar("R")


class TerminalChat:
    def __init__(self, bus: Bus, console: Console, user_id: int) -> None:
        self._bus = bus
        self._console = console
        self._user_id = user_id
        self._awaiting_rating = False
        self._registered = False  # nothing is stored about the user until they write
        self._commands: dict[str, Callable[[str], bool]] = {
            "/quit": self._on_quit,
            "/exit": self._on_quit,
            "/help": self._on_help,
            "/start": self._on_help,
            "/new": self._on_new,
            "/stats": self._on_stats,
            "/sessions": self._on_sessions,
            "/preferences": self._on_preferences,
            "/set": self._on_set,
            "/reset_preferences": self._on_reset,
            "/context": self._on_context,
            "/export": self._on_export,
            "/forget": self._on_forget,
        }

    def run(self, lines: Iterable[str]) -> None:
        """Hold the conversation until /quit or the end of input."""
        self._say(f"postmind: hello, user {self._user_id}. Send a brief, or /help.")
        for raw in lines:
            if not self._handle(raw.rstrip("\r\n")):
                break
        self._say("Bye.")

    def _handle(self, line: str) -> bool:
        """React to one line; False ends the conversation."""
        text = line.strip()
        try:
            if not text:
                self._say("(empty line) Send a brief, feedback, an :action, or /help.")
                return True
            if text.startswith("/"):
                word, _, rest = text.partition(" ")
                return self._on_command(word.lower(), rest.strip())
            if text.startswith(":"):
                self._on_action(text[1:])
            elif self._awaiting_rating and text.isdigit():
                self._rate(int(text))
            else:
                self._show(self._write(requests.Text(self._user_id, text)))
        except PostmindError as exc:
            self._error(wording.phrase(exc, wording.TERMINAL))
        return True

    def _on_command(self, word: str, rest: str) -> bool:
        handler = self._commands.get(word)
        if handler is not None:
            return handler(rest)
        self._error(f"Unknown command {quoted(word)}. Try /help.")
        return True

    def _on_action(self, text: str) -> None:
        word, _, rest = text.strip().partition(" ")
        if word.lower() == "retry":
            self._show(self._bus.handle(requests.Retry(self._user_id)))
            return
        if word.lower() == "edit":
            edited = self._bus.handle(requests.Edit(self._user_id, rest))
            self._say(f"Your version is saved as v{edited.version}. :approve it, or keep refining.")
            self._show(edited)
            return
        if word.lower() == "rate":
            try:
                rating = int(rest.strip())
            except ValueError:
                raise ValidationError(
                    f"Use :rate N with N from {MIN_RATING} to {MAX_RATING}."
                ) from None
            self._rate(rating)
            return
        self._show(self._bus.handle(requests.Act(self._user_id, Action.parse(word))))

    def _rate(self, rating: int) -> None:
        rated = self._bus.handle(requests.Rate(self._user_id, rating))
        self._awaiting_rating = False
        self._say(f"Thanks! Post {rated.post_id} rated {rated.rating}/5.")

    def _on_quit(self, _: str) -> bool:
        return False

    def _on_help(self, _: str) -> bool:
        self._say(wording.TERMINAL_HELP)
        return True

    def _on_new(self, brief: str) -> bool:
        result = self._write(requests.New(self._user_id, brief or None))
        if isinstance(result, SessionView):
            self._say(f"New session #{result.session_id}. What should the post be about?")
        else:
            self._show(result)
        return True

    def _on_stats(self, _: str) -> bool:
        self._say_lines(presenting.stats_lines(self._bus.handle(requests.Stats(self._user_id))))
        return True

    def _on_sessions(self, _: str) -> bool:
        sessions = self._bus.handle(requests.Sessions(self._user_id))
        if not sessions:
            self._say("No sessions yet.")
        for view in sessions:
            self._say(presenting.session_line(view))
            if view.latest is not None:
                self._say(f"  latest draft (v{view.latest.version}, {view.latest.status.value}):")
                self._say("  " + view.latest.content.replace("\n", "\n  "))
        return True

    def _on_preferences(self, _: str) -> bool:
        views = self._bus.handle(requests.Preferences(self._user_id))
        self._say_lines(presenting.preferences_lines(views, bullet="  "))
        return True

    def _on_set(self, rest: str) -> bool:
        key, _, value = rest.partition(" ")
        if not key or not value.strip():
            raise ValidationError("Use /set <key> <value>, e.g. /set length 60. See /help.")
        view = self._write(requests.SetPreference(self._user_id, key, value))
        self._say(f"Set. {presenting.preference_line(view)}")
        return True

    def _on_reset(self, _: str) -> bool:
        dropped = self._bus.handle(requests.ResetPreferences(self._user_id))
        self._say(presenting.reset_line(dropped))
        return True

    def _on_context(self, _: str) -> bool:
        self._say_lines(presenting.context_lines(self._bus.handle(requests.Context(self._user_id))))
        return True

    def _on_export(self, _: str) -> bool:
        path = Path(EXPORT_FILE.format(user_id=self._user_id)).resolve()
        exported = self._bus.handle(requests.Export(self._user_id))
        data = json.dumps(exported, ensure_ascii=False, indent=2)
        with os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w") as out:
            out.write(data)
        self._say(f"Everything stored about you is in {path}")
        return True

    def _on_forget(self, rest: str) -> bool:
        if rest.strip().lower() != "yes":
            self._say(
                "This erases everything stored about you: sessions, messages, drafts, feedback"
                " and learned preferences. Send /forget yes to confirm."
            )
            return True
        result = self._bus.handle(requests.Forget(self._user_id))
        self._say(f"Erased {result.sessions_erased} session(s); {result.rows_left} row(s) left.")
        self._registered = False  # the chat goes on; nothing is stored until they write again
        return True

    def _write(self, request: requests.Request[R]) -> R:
        """Handle a request that stores what the user wrote, registering them first."""
        if not self._registered:
            self._bus.handle(requests.Hello(self._user_id))
            self._registered = True
        return self._bus.handle(request)

    def _show(self, draft: DraftView) -> None:
        self._awaiting_rating = draft.status is PostStatus.APPROVED
        if draft.status is PostStatus.APPROVED:
            self._say(
                f"Approved post {draft.post_id} (v{draft.version})."
                " Rate it 1-5? (:rate N or just N)"
            )
        elif draft.status is PostStatus.REJECTED:
            self._say(f"Rejected draft {draft.post_id}. Send a new brief whenever you like.")
        elif self._console.is_terminal:
            self._console.print(
                Panel(escape(draft.content), title=escape(render.draft_header(draft)))
            )
            self._console.print(f"[dim]{escape(wording.TERMINAL_ACTIONS_HINT)}[/dim]")
        else:
            self._say(render.draft_header(draft))
            self._say(draft.content)
            self._say(wording.TERMINAL_ACTIONS_HINT)
        self._console.file.flush()

    def _say_lines(self, lines: list[str]) -> None:
        self._say("\n".join(lines))

    def _say(self, text: str) -> None:
        self._console.print(text, markup=False, highlight=False, soft_wrap=True)
        self._console.file.flush()

    def _error(self, text: str) -> None:
        self._console.print(
            f"! {text}", markup=False, highlight=False, soft_wrap=True, style="bold red"
        )
        self._console.file.flush()
