"""Telegram callbacks: translate updates into conversation calls and results into messages.

No rule lives here: what a text means, who owns a post and what a button may do are the
application's decisions. Every conversation call runs on the Core's thread pool.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import AsyncIterator, Callable, Coroutine
from dataclasses import replace
from functools import wraps
from typing import Any, TypeVar

from telegram import Message, Update
from telegram.constants import ChatAction, ParseMode
from telegram.ext import ApplicationHandlerStop, ContextTypes

from application import requests
from application.bus import Bus
from application.views import DraftView, SessionView
from domain.errors import DuplicateRequestError, GenerationError, PostmindError
from domain.posts import PostStatus
from interfaces import presenting, wording
from interfaces.telegram import keyboards
from interfaces.telegram.callback_data import (
    ActionButton,
    ForgetButton,
    RateButton,
    RetryButton,
    decode,
)
from interfaces.telegram.core import Core
from interfaces.telegram.rendering import DRAFT_HEADER, draft_html, html_pieces

logger = logging.getLogger(__name__)

Context = ContextTypes.DEFAULT_TYPE
H = TypeVar("H", bound="Handlers")
R = TypeVar("R")
Method = Callable[[H, Update, Context], Coroutine[Any, Any, None]]
TYPING_AFTER = 0.3  # seconds of drafting before "typing…" is shown


def replies_errors(method: Method[H]) -> Method[H]:
    """A PostmindError becomes its one-line message to the user; anything else goes on to
    the error handler."""

    @wraps(method)
    async def wrapper(self: H, update: Update, context: Context) -> None:
        try:
            await method(self, update, context)
        except DuplicateRequestError:  # delivered again after a crash: it was handled
            logger.info("update %s was handled before; ignored", update.update_id)
        except GenerationError as exc:  # the brief and feedback are stored: offer to retry
            markup = keyboards.retry_keyboard() if exc.again is not None else None
            if update.callback_query is not None:
                await update.callback_query.answer()
            if update.effective_chat is not None:
                said = wording.phrase(exc, wording.BOT)
                await update.effective_chat.send_message(said, reply_markup=markup)
        except PostmindError as exc:
            said = wording.phrase(exc, wording.BOT)
            if update.callback_query is not None:
                await update.callback_query.answer(said, show_alert=True)
            elif update.effective_message is not None:
                await update.effective_message.reply_text(said)

    return wrapper


class Handlers:
    def __init__(
        self, bus: Bus, core: Core, allowed: frozenset[int], *, alone: bool = True
    ) -> None:
        """`alone`: no other process serves the bot. With several, what this one saw of a
        user's drafts says nothing of what another stored since, so it is always asked."""
        self._bus = bus
        self._core = core
        self._allowed = allowed
        self._alone = alone
        self._known: set[int] = set()  # users registered since this process started
        self._delivered: set[int] = set()  # users whose open draft is known to be shown

    # --- access and registration -----------------------------------------------------------

    async def guard(self, update: Update, context: Context) -> None:
        """Refuse users outside POSTMIND_ALLOWED_USERS (storing nothing); register the rest."""
        user = update.effective_user
        if user is None:
            raise ApplicationHandlerStop
        if self._allowed and user.id not in self._allowed:
            logger.info("refused user %d (not in POSTMIND_ALLOWED_USERS)", user.id)
            if update.callback_query is not None:
                await update.callback_query.answer(wording.BOT_NOT_ALLOWED, show_alert=True)
            elif update.effective_message is not None:
                await update.effective_message.reply_text(wording.BOT_NOT_ALLOWED)
            raise ApplicationHandlerStop
        if user.id not in self._known:
            # Not keyed: the update's key belongs to the request it makes (registering
            # again changes nothing, and must not use up the key of the text that follows).
            hello = requests.Hello(user.id, user.username, user.first_name, user.last_name)
            await self._core.run(self._bus.handle, hello)
            self._known.add(user.id)
        if user.id not in self._delivered or not self._alone:  # and after a failed send
            await self._deliver_unshown(update, context, user.id)

    # --- commands -------------------------------------------------------------------------

    async def on_start(self, update: Update, context: Context) -> None:
        """/start: who we are."""
        await _message(update).reply_text(wording.BOT_WELCOME)

    async def on_help(self, update: Update, context: Context) -> None:
        """/help: what to send."""
        await _message(update).reply_text(wording.BOT_HELP)

    @replies_errors
    async def on_new(self, update: Update, context: Context) -> None:
        """/new [brief]: a fresh session, drafted at once when a brief comes with it."""
        brief = " ".join(context.args or [])
        async with self._typing(update, context):
            result = await self._ask(update, requests.New(_user_id(update), brief or None))
        if isinstance(result, SessionView):
            await _message(update).reply_text("New session. What should the post be about?")
        else:
            await self._send_draft(update, context, result)

    @replies_errors
    async def on_stats(self, update: Update, context: Context) -> None:
        """/stats: the user's feedback analysis."""
        stats = await self._ask(update, requests.Stats(_user_id(update)))
        await self._reply_long(update, presenting.stats_lines(stats))

    @replies_errors
    async def on_sessions(self, update: Update, context: Context) -> None:
        """/sessions: recent sessions with their latest draft."""
        sessions = await self._ask(update, requests.Sessions(_user_id(update), 10))
        lines = [presenting.session_line(s) for s in sessions] or ["No sessions yet."]
        await self._reply_long(update, lines)

    @replies_errors
    async def on_context(self, update: Update, context: Context) -> None:
        """/context: what the next draft will be written from."""
        view = await self._ask(update, requests.Context(_user_id(update)))
        await self._reply_long(update, presenting.context_lines(view))

    @replies_errors
    async def on_preferences(self, update: Update, context: Context) -> None:
        """/preferences: each style dimension, its value and where it came from."""
        views = await self._ask(update, requests.Preferences(_user_id(update)))
        await self._reply_long(update, presenting.preferences_lines(views, bullet="• "))

    @replies_errors
    async def on_set(self, update: Update, context: Context) -> None:
        """/set <key> <value>: an explicit preference."""
        args = context.args or []
        if len(args) < 2:
            await _message(update).reply_text("Use /set <key> <value>, e.g. /set length 60.")
            return
        request = requests.SetPreference(_user_id(update), args[0], " ".join(args[1:]))
        view = await self._ask(update, request)
        await _message(update).reply_text(f"Set. {presenting.preference_line(view)}")

    @replies_errors
    async def on_reset_preferences(self, update: Update, context: Context) -> None:
        """/reset_preferences: forget what was learned and set."""
        dropped = await self._ask(update, requests.ResetPreferences(_user_id(update)))
        await _message(update).reply_text(presenting.reset_line(dropped))

    @replies_errors
    async def on_export(self, update: Update, context: Context) -> None:
        """/export: every stored row of the user, as a JSON document."""
        user_id = _user_id(update)
        data = await self._ask(update, requests.Export(user_id))
        payload = json.dumps(data, ensure_ascii=False, indent=2).encode()
        await _message(update).reply_document(
            document=payload,
            filename=f"postmind-export-{user_id}.json",
            caption="Everything I store about you.",
        )

    async def on_forget(self, update: Update, context: Context) -> None:
        """/forget: ask first; the button decides."""
        await _message(update).reply_text(
            wording.BOT_FORGET_QUESTION, reply_markup=keyboards.forget_keyboard()
        )

    # --- conversation ---------------------------------------------------------------------

    @replies_errors
    async def on_text(self, update: Update, context: Context) -> None:
        """A brief, feedback on the open draft, or (as a reply to a draft) the user's version."""
        message = _message(update)
        text = message.text or ""
        replied = message.reply_to_message
        async with self._typing(update, context):
            if replied is not None and _is_draft(replied):
                post_id = keyboards.post_id_of(replied.reply_markup)  # None: an unkeyed part
                edit = requests.Edit(_user_id(update), text, post_id, replied.message_id)
                draft = await self._ask(update, edit)
            else:
                draft = await self._ask(update, requests.Text(_user_id(update), text))
        await self._send_draft(update, context, draft)

    @replies_errors
    async def on_button(self, update: Update, context: Context) -> None:
        """An inline button: a draft action, a rating, or the /forget answer."""
        query = update.callback_query
        assert query is not None
        button = decode(query.data)
        user_id = _user_id(update)
        match button:
            case ActionButton(action, post_id):
                async with self._typing(update, context):
                    draft = await self._ask(update, requests.Act(user_id, action, post_id))
                await query.answer()
                await self._send_draft(update, context, draft)
            case RateButton(rating, post_id):
                rated = await self._ask(update, requests.Rate(user_id, rating, post_id))
                await query.answer("Thanks!")
                await _edit(query.message, f"Thanks! You rated this post {rated.rating}/5.")
            case ForgetButton(confirmed=True):
                result = await self._ask(update, requests.Forget(user_id))
                self._known.discard(user_id)
                await query.answer()
                await _edit(
                    query.message,
                    f"Done. I erased {result.sessions_erased} session(s) and everything else "
                    f"about you; {result.rows_left} row(s) of yours are left.",
                )
            case RetryButton():
                await query.answer()
                async with self._typing(update, context):
                    draft = await self._ask(update, requests.Retry(user_id))
                await _edit(query.message, "Trying again…")
                await self._send_draft(update, context, draft)
            case ForgetButton(confirmed=False):
                await query.answer()
                await _edit(query.message, "Kept. Nothing was erased.")
            case _:
                await query.answer(wording.BOT_STALE_BUTTON, show_alert=True)

    async def on_error(self, update: object, context: Context) -> None:
        """Log the details; tell the user in plain words."""
        logger.error("error while handling an update", exc_info=context.error)
        if isinstance(update, Update):
            try:
                if update.callback_query is not None:
                    await update.callback_query.answer(
                        wording.BOT_SOMETHING_WENT_WRONG, show_alert=True
                    )
                elif update.effective_message is not None:
                    await update.effective_message.reply_text(wording.BOT_SOMETHING_WENT_WRONG)
            except Exception:  # the apology itself failed: the log has it all
                logger.warning("could not tell the user about the error", exc_info=True)

    async def _ask(self, update: Update, request: requests.Request[R]) -> R:
        """The answer to a request the update makes, from the Core's thread pool. The request
        carries the update's idempotency key: delivered again, it changes nothing."""
        keyed = replace(request, idempotency_key=f"telegram:{update.update_id}")
        return await self._core.run(self._bus.handle, keyed)

    # --- sending ----------------------------------------------------------------------------

    async def _send_draft(self, update: Update, context: Context, draft: DraftView) -> None:
        """A new version follows as a new message with its keys, and the message is stored
        with the version (a reply to it names it, after a restart too). Older versions keep
        their keys: a press on one acts on the newest version (approve approves the one
        pressed), so the chat reads as a history and no call is spent taking keys away."""
        chat = update.effective_chat
        assert chat is not None
        if draft.status is PostStatus.APPROVED:
            await chat.send_message(
                f"Approved (version {draft.version}). How happy are you with it?",
                reply_markup=keyboards.rating_keyboard(draft.post_id),
            )
            return
        if draft.status is PostStatus.REJECTED:
            await chat.send_message("Rejected. Send a new brief whenever you like.")
            return
        user_id = _user_id(update)
        self._delivered.discard(user_id)  # until the draft is shown, and stored as shown
        *pieces, last = draft_html(draft)  # a long post takes several messages
        sent = [await chat.send_message(piece, parse_mode=ParseMode.HTML) for piece in pieces]
        keyed = await chat.send_message(
            last, parse_mode=ParseMode.HTML, reply_markup=keyboards.draft_keyboard(draft.post_id)
        )
        # The first message is stored (the last one names the post by its keys); not keyed
        # by the update: its key was recorded with the request that wrote the draft.
        shown = requests.Shown(user_id, draft.post_id, (sent or [keyed])[0].message_id)
        await self._core.run(self._bus.handle, shown)
        self._delivered.add(user_id)

    async def _deliver_unshown(self, update: Update, context: Context, user_id: int) -> None:
        """The user's open draft, if no message has shown it yet (Telegram kept refusing to
        take it, or the process ended before it was sent): sent now, before their update."""
        draft = await self._core.run(self._bus.handle, requests.Unshown(user_id))
        if draft is not None and update.effective_chat is not None:
            await update.effective_chat.send_message(wording.BOT_UNDELIVERED)
            await self._send_draft(update, context, draft)
        self._delivered.add(user_id)

    @contextlib.asynccontextmanager
    async def _typing(self, update: Update, context: Context) -> AsyncIterator[None]:
        """Show "typing…" while the block runs, once it has taken TYPING_AFTER seconds: an
        LLM's draft gets the indicator, a quick answer does not need it (nor its Bot API
        call, a quarter of the calls of a fast update)."""
        chat = update.effective_chat
        if chat is None:
            yield
            return

        async def show() -> None:
            await asyncio.sleep(TYPING_AFTER)
            try:
                await context.bot.send_chat_action(chat.id, ChatAction.TYPING)
            except Exception:  # only a courtesy: the draft matters, not the indicator
                logger.debug("could not show typing in chat %s", chat.id, exc_info=True)

        indicator = asyncio.create_task(show())
        try:
            yield
        finally:
            indicator.cancel()

    async def _reply_long(self, update: Update, lines: list[str]) -> None:
        """The lines as one message, split where Telegram's limit asks for it."""
        for piece in html_pieces("\n".join(lines)):
            await _message(update).reply_text(piece, parse_mode=ParseMode.HTML)


def _is_draft(message: Message) -> bool:
    """A message of ours that shows a draft (a reply to anything else is ordinary text)."""
    ours = message.from_user is not None and message.from_user.is_bot
    keyed = keyboards.post_id_of(message.reply_markup) is not None  # a long draft's last part
    return ours and ((message.text or "").startswith(DRAFT_HEADER) or keyed)


def _message(update: Update) -> Message:
    message = update.effective_message
    assert isinstance(message, Message), "this handler is registered for messages only"
    return message


def _user_id(update: Update) -> int:
    assert update.effective_user is not None
    return update.effective_user.id


async def _edit(message: Any, text: str) -> None:
    if isinstance(message, Message):
        await message.edit_text(text, reply_markup=None)
