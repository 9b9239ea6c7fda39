"""One short handler per request: open the unit of work, load, ask the domain, store,
commit; then write the next version when the change asks for one (outside the unit of
work: an LLM may take seconds, see application.drafting).

A handler's parameters after the request name the services it needs; the Bus passes them
by name (see application.bus). `HANDLERS` maps each request type to its handler.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from application import requests
from application.changes import draft_order, store
from application.checking import CheckingPolicy
from application.drafting import DraftWriter
from application.explaining import explain
from application.exporting import export
from application.learning import PreferenceLearner
from application.lookups import (
    drafting_session,
    named_post,
    owned_post,
    rated_session,
    require_user,
)
from application.views import ContextView, DraftView, Forgotten, PreferenceView, SessionView
from domain.actions import Action
from domain.analysis import FeedbackAnalysis, analyse
from domain.dimensions import STYLE_KEYS
from domain.errors import NotFoundError
from domain.learning import explicit
from domain.ports import Clock, StorageAdmin, TokenCounter, UnitOfWorkFactory
from domain.posts import PostStatus, validate_rating
from domain.users import User

# --- the conversation -----------------------------------------------------------------------


def hello(request: requests.Hello, uow: UnitOfWorkFactory, clock: Clock) -> bool:
    """Create the user, or refresh their names; True when they are new. Registering again
    changes nothing that matters, so a hello is not checked for a repeated delivery."""
    with uow(user_id=request.user_id) as work:
        now = clock.now()
        known = work.users.get(request.user_id)
        user = known or User(id=request.user_id, created_at=now, last_active_at=now)
        if known is None:
            work.users.add(user)
        names = request.username, request.first_name, request.last_name
        work.users.update(user.named(*names).touched(now))
        work.commit()
    return known is None


def text(
    request: requests.Text, uow: UnitOfWorkFactory, clock: Clock, learner: PreferenceLearner,
    drafts: DraftWriter,
) -> DraftView:  # fmt: skip
    drafts.ensure_allowed(request.user_id)
    with uow(idempotency_key=request.idempotency_key, user_id=request.user_id) as work:
        change = drafting_session(work, request.user_id).text(request.text, clock.now())
        stored = store(work, change, learner)
        work.commit()
    assert stored.order is not None
    return drafts.write(stored.order)


def new(
    request: requests.New, uow: UnitOfWorkFactory, clock: Clock, learner: PreferenceLearner,
    drafts: DraftWriter,
) -> DraftView | SessionView:  # fmt: skip
    """A brief with /new starts a session and drafts it; /new alone opens an empty one."""
    brief = (request.brief or "").strip()
    if brief:
        drafts.ensure_allowed(request.user_id)
    with uow(idempotency_key=request.idempotency_key, user_id=request.user_id) as work:
        drafting, now = drafting_session(work, request.user_id), clock.now()
        change = drafting.brief(brief, now, new=True) if brief else drafting.start(now)
        stored = store(work, change, learner)
        work.commit()
    if stored.order is None:
        return SessionView.of(stored.session, [])
    return drafts.write(stored.order)


def act(
    request: requests.Act, uow: UnitOfWorkFactory, clock: Clock, learner: PreferenceLearner,
    drafts: DraftWriter,
) -> DraftView:  # fmt: skip
    """Approve or reject the draft, or ask for its next version."""
    if request.action.revises:
        drafts.ensure_allowed(request.user_id)
    with uow(idempotency_key=request.idempotency_key, user_id=request.user_id) as work:
        named = named_post(work, request.user_id, request.post_id)
        drafting, now = drafting_session(work, request.user_id, named), clock.now()
        if request.action is Action.APPROVE:
            change = drafting.approve(now)
        elif request.action is Action.REJECT:
            change = drafting.reject(now)
        else:
            change = drafting.react(now, action=request.action)
        stored = store(work, change, learner)
        work.commit()
    if stored.order is not None:
        return drafts.write(stored.order)
    return DraftView.of(change.closed[-1])


def edit(
    request: requests.Edit, uow: UnitOfWorkFactory, clock: Clock, learner: PreferenceLearner
) -> DraftView:
    with uow(idempotency_key=request.idempotency_key, user_id=request.user_id) as work:
        named = named_post(work, request.user_id, request.post_id, request.in_reply_to)
        drafting = drafting_session(work, request.user_id, named)
        stored = store(work, drafting.own_version(request.text, clock.now()), learner)
        work.commit()
    assert stored.added is not None
    return DraftView.of(stored.added)


def rate(
    request: requests.Rate, uow: UnitOfWorkFactory, clock: Clock, learner: PreferenceLearner
) -> DraftView:
    validate_rating(request.rating)  # a rating of 9 is refused before anything is looked up
    with uow(idempotency_key=request.idempotency_key, user_id=request.user_id) as work:
        drafting = rated_session(work, request.user_id, request.post_id)
        change = drafting.rate(request.rating, clock.now())
        store(work, change, learner)
        work.commit()
    return DraftView.of(change.closed[-1])


def shown(request: requests.Shown, uow: UnitOfWorkFactory) -> None:
    """Remember the chat message that shows a version, so that a reply to it names it after
    a restart or in another process."""
    with uow(user_id=request.user_id) as work:
        work.posts.update(
            owned_post(work, request.user_id, request.post_id).shown(request.message_id)
        )
        work.commit()


def unshown(request: requests.Unshown, uow: UnitOfWorkFactory) -> DraftView | None:
    with uow(read_only=True) as work:
        try:
            draft = drafting_session(work, request.user_id).undelivered
        except NotFoundError:  # forgotten meanwhile: nothing of theirs to deliver
            return None
    return DraftView.of(draft) if draft is not None else None


def retry(
    request: requests.Retry, uow: UnitOfWorkFactory, learner: PreferenceLearner, drafts: DraftWriter
) -> DraftView:
    """What the user said was stored before the generator failed: nothing is asked again
    and nothing is recorded twice; only the draft is written."""
    drafts.ensure_allowed(request.user_id)
    with uow(read_only=True) as work:
        drafting = drafting_session(work, request.user_id, feedback=True)
        next = drafting.retried()
        assert drafting.session is not None and drafting.session.id is not None
        order = draft_order(work, request.user_id, next, drafting.session.id, learner)
    return drafts.write(order, request.idempotency_key)


# --- what is known of the user --------------------------------------------------------------


def stats(request: requests.Stats, uow: UnitOfWorkFactory) -> FeedbackAnalysis:
    with uow(read_only=True) as work:
        user = require_user(work, request.user_id)
        posts = work.posts.list_for_user(user.id, PostStatus.APPROVED)
        feedback = work.feedback.list_for_user(user.id)
    return analyse([user], posts, feedback)


def sessions(request: requests.Sessions, uow: UnitOfWorkFactory) -> list[SessionView]:
    with uow(read_only=True) as work:
        require_user(work, request.user_id)
        found = work.sessions.list_for_user(request.user_id, request.limit)
        return [SessionView.of(s, work.posts.list_for_session(s.id)) for s in found]  # type: ignore[arg-type]


def preferences(request: requests.Preferences, uow: UnitOfWorkFactory) -> list[PreferenceView]:
    """Every style dimension, learned, set or default, in a fixed order."""
    with uow(read_only=True) as work:
        require_user(work, request.user_id)
        profile = work.preferences.get_profile(request.user_id)
    style = profile.style()
    return [PreferenceView.of(key, style, profile.get(key)) for key in STYLE_KEYS]


def set_preference(
    request: requests.SetPreference, uow: UnitOfWorkFactory, clock: Clock
) -> PreferenceView:
    with uow(idempotency_key=request.idempotency_key, user_id=request.user_id) as work:
        require_user(work, request.user_id)
        preference = explicit(request.key, request.value, clock.now())
        work.preferences.save(request.user_id, [preference])
        style = work.preferences.get_profile(request.user_id).style()
        work.commit()
    return PreferenceView.of(preference.key, style, preference)


def reset_preferences(request: requests.ResetPreferences, uow: UnitOfWorkFactory) -> int:
    with uow(idempotency_key=request.idempotency_key, user_id=request.user_id) as work:
        require_user(work, request.user_id)
        dropped = len(work.preferences.get_profile(request.user_id).entries)
        work.preferences.clear(request.user_id)
        work.commit()
    return dropped


def context(
    request: requests.Context, uow: UnitOfWorkFactory, counter: TokenCounter, budget: int,
    model: str, policy: CheckingPolicy,
) -> ContextView:  # fmt: skip
    with uow(read_only=True) as work:
        return explain(work, request.user_id, counter, budget, model, policy)


def export_user(request: requests.Export, uow: UnitOfWorkFactory) -> dict[str, Any]:
    with uow(read_only=True) as work:
        return export(work, request.user_id)


def forget(request: requests.Forget, uow: UnitOfWorkFactory, admin: StorageAdmin) -> Forgotten:
    """Erase the user and everything of theirs; report what is left (it must be nothing)."""
    with uow(idempotency_key=request.idempotency_key, user_id=request.user_id) as work:
        require_user(work, request.user_id)
        erased = len(work.sessions.list_for_user(request.user_id))
        work.users.delete(request.user_id)  # the storage cascades
        work.commit()
    admin.scrub()  # not even the bytes of what was deleted stay behind
    with uow(read_only=True) as work:
        left = (
            (work.users.get(request.user_id) is not None)
            + len(work.sessions.list_for_user(request.user_id))
            + work.messages.count_for_user(request.user_id)
            + len(work.posts.list_for_user(request.user_id))
            + len(work.feedback.list_for_user(request.user_id))
            + len(work.preferences.get_profile(request.user_id).entries)
        )
    return Forgotten(request.user_id, erased, left)


HANDLERS: dict[type[requests.Request[Any]], Callable[..., Any]] = {
    requests.Hello: hello,
    requests.Text: text,
    requests.New: new,
    requests.Act: act,
    requests.Edit: edit,
    requests.Rate: rate,
    requests.Retry: retry,
    requests.Shown: shown,
    requests.Unshown: unshown,
    requests.Stats: stats,
    requests.Sessions: sessions,
    requests.Preferences: preferences,
    requests.SetPreference: set_preference,
    requests.ResetPreferences: reset_preferences,
    requests.Context: context,
    requests.Export: export_user,
    requests.Forget: forget,
}
