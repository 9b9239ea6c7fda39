"""Checking and correcting drafts of a real SDK client against the fake OpenAI server:
a miss then a fit, never a fit, the deadline reached mid-correction, a 5xx during a
follow-up, and the length calibration kept across a restart (SQLite file)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from application.bus import Bus
from application.requests import Act, Context, Hello, New, Retry, Text
from domain.actions import Action
from domain.errors import GenerationError
from domain.feedback import ContentRequest
from infrastructure.config import Settings
from infrastructure.container import Container
from interfaces.presenting import draft_notes
from tests.fake_openai import Compose, FakeOpenAI, Hang, Reply, ServerError, message_text
from tests.fakes import post_of

USER = 42
BRIEF = "Our bakery opens a second shop on Main Street next Saturday"
TAGS = ("#Bakery", "#MainStreet")
FITS = post_of(80, emoji=1, hashtags=TAGS)  # the default style: 80 words, 1 emoji, 2 tags
TOO_LONG = post_of(112, emoji=1, hashtags=TAGS)


def opened(fake: FakeOpenAI, database_url: str = "memory://", **settings: object) -> Container:
    values: dict[str, object] = {
        "database_url": database_url,
        "POSTMIND_GENERATOR": "openai",
        "OPENAI_API_KEY": "sk-test",
        "OPENAI_BASE_URL": fake.base_url,
        "POSTMIND_MODEL": "test-model",
        "POSTMIND_OPENAI_TIMEOUT": 5,
        "POSTMIND_OPENAI_RETRIES": 0,
        **settings,
    }
    return Container(settings=Settings(**values))  # type: ignore[arg-type]


@pytest.fixture
def bus(fake: FakeOpenAI) -> Iterator[Bus]:
    container = opened(fake)
    bus: Bus = container.bus()
    bus.handle(Hello(USER))
    yield bus
    container.shutdown_resources()


def last_user_message(fake: FakeOpenAI, request: int) -> str:
    messages = fake.requests[request].body["messages"]
    return message_text([m for m in messages if m["role"] == "user"][-1])


def test_a_draft_that_misses_goes_back_once_and_the_fitting_answer_is_shown(
    fake: FakeOpenAI, bus: Bus
) -> None:
    fake.script(Reply(TOO_LONG, completion_tokens=150), Reply(FITS, completion_tokens=110))
    draft = bus.handle(Text(USER, BRIEF))
    assert draft.content == FITS and draft.misses == () and draft.attempts == 2
    assert len(fake.requests) == 2
    follow_up = fake.requests[1].body["messages"]
    assert follow_up[-2] == {"role": "assistant", "content": TOO_LONG}
    assert "This draft has 112 words, not counting hashtags." in last_user_message(fake, 1)
    # 74-86 fits; the model just wrote 112 for 80, so it is asked for that range / 1.4
    assert "Rewrite it in 53-61 words." in last_user_message(fake, 1)


def test_a_draft_that_never_fits_is_shown_closest_with_the_note(fake: FakeOpenAI, bus: Bus) -> None:
    fake.script(Reply(post_of(140)), Reply(post_of(104)), Reply(post_of(125)))
    draft = bus.handle(Text(USER, BRIEF))
    assert len(fake.requests) == 3  # POSTMIND_CORRECTION_ATTEMPTS: 2 by default
    assert draft.measured is not None and draft.measured.words == 104
    assert draft.measured.emoji == 1 and draft.measured.hashtags == 2  # repaired in place
    assert draft.misses == ("104 words instead of 71-89 words",)
    assert draft.attempts == 3


def test_the_deadline_reached_mid_correction_shows_the_first_answer(fake: FakeOpenAI) -> None:
    fake.script(Reply(TOO_LONG), Hang(10))
    container = opened(fake, POSTMIND_OPENAI_DEADLINE=1.0)
    bus: Bus = container.bus()
    bus.handle(Hello(USER))
    began = time.monotonic()
    draft = bus.handle(Text(USER, BRIEF))
    took = time.monotonic() - began
    container.shutdown_resources()
    assert draft.content == TOO_LONG and draft.misses  # shown, with what differs
    assert len(fake.requests) == 2
    assert took < 3.0  # the follow-up was cut at the draft's deadline, not its own timeout


def test_a_server_error_during_a_follow_up_shows_the_best_draft_so_far(
    fake: FakeOpenAI, bus: Bus
) -> None:
    fake.script(Reply(TOO_LONG), ServerError(503))
    draft = bus.handle(Text(USER, BRIEF))
    assert draft.content == TOO_LONG
    assert draft.misses == ("112 words instead of 71-89 words",)


def test_checking_off_shows_the_answer_as_written(fake: FakeOpenAI) -> None:
    fake.script(Reply(post_of(112, emoji=3)))
    container = opened(fake, POSTMIND_CORRECTION_ATTEMPTS=0)
    bus: Bus = container.bus()
    bus.handle(Hello(USER))
    draft = bus.handle(Text(USER, BRIEF))
    container.shutdown_resources()
    assert len(fake.requests) == 1 and draft.measured is not None
    assert draft.measured.emoji == 3 and len(draft.misses) == 3  # length, emoji, hashtags


def test_the_length_calibration_survives_a_restart(fake: FakeOpenAI, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'postmind.db'}"
    fake.default = Reply(post_of(104, emoji=1, hashtags=TAGS))  # 1.3 times the 80 asked
    first = opened(fake, url, POSTMIND_CORRECTION_ATTEMPTS=0)
    bus: Bus = first.bus()
    bus.handle(Hello(USER))
    bus.handle(Text(USER, BRIEF))
    first.shutdown_resources()

    again = opened(fake, url, POSTMIND_CORRECTION_ATTEMPTS=0)
    bus = again.bus()
    context = bus.handle(Context(USER))
    bus.handle(New(USER, BRIEF))
    again.shutdown_resources()
    asked = [m["content"] for m in fake.requests[-1].body["messages"] if m["role"] == "system"]
    assert "Write about 62 words, not counting hashtags." in asked[-1]  # 80 / 1.3
    assert context.calibration.startswith(
        "test-model writes about 30% long here: asking for 62 words to get 80"
    )


def test_each_call_asks_for_several_drafts_and_the_closest_is_kept(
    fake: FakeOpenAI, bus: Bus
) -> None:
    answers = iter([post_of(120), post_of(81, emoji=1, hashtags=TAGS), post_of(30)])
    fake.script(Compose(write=lambda body: next(answers)))
    draft = bus.handle(Text(USER, BRIEF))
    assert len(fake.requests) == 1 and fake.requests[0].body["n"] == 3  # POSTMIND_CHOICES
    assert draft.measured is not None and draft.measured.words == 81 and not draft.misses


def test_a_server_that_refuses_several_choices_is_asked_for_one(fake: FakeOpenAI, bus: Bus) -> None:
    fake.script(ServerError(400), Reply(FITS), Reply(FITS))
    first = bus.handle(Text(USER, BRIEF))
    bus.handle(Act(USER, Action.REGENERATE))
    assert first.content == FITS
    asked = [r.body.get("n") for r in fake.requests]
    assert asked == [3, None, None]  # refused once, then never asked again


def test_a_bad_request_that_is_not_about_choices_keeps_asking_for_several(
    fake: FakeOpenAI, bus: Bus
) -> None:
    fake.script(ServerError(400), ServerError(400), Reply(FITS))
    with pytest.raises(GenerationError):
        bus.handle(Text(USER, BRIEF))
    bus.handle(Retry(USER))
    assert [r.body.get("n") for r in fake.requests] == [3, None, 3]


WITH_COFFEE = FITS.replace("word word", "free coffee", 1)  # the same style, and the coffee


def test_content_asked_for_and_not_written_goes_back_once(fake: FakeOpenAI, bus: Bus) -> None:
    fake.script(Reply(FITS), Reply(FITS), Reply(WITH_COFFEE))
    bus.handle(Text(USER, BRIEF))

    draft = bus.handle(Text(USER, "mention the free coffee"))

    assert draft.content == WITH_COFFEE and draft.missed == () and draft.attempts == 2
    assert fake.requests[2].body["messages"][-2] == {"role": "assistant", "content": FITS}
    follow_up = last_user_message(fake, 2)
    assert "Mention this in the post: <mention>the free coffee</mention>" in follow_up
    assert "Rewrite it" not in follow_up  # the style fitted: only the content is asked for


def test_content_to_leave_out_that_stays_in_goes_back_and_is_noted_when_it_never_goes(
    fake: FakeOpenAI, bus: Bus
) -> None:
    fake.script(Reply(FITS), *[Reply(WITH_COFFEE)] * 3)
    bus.handle(Text(USER, BRIEF))

    draft = bus.handle(Text(USER, "please leave out the free coffee"))

    assert draft.attempts == 3 and draft.missed == (ContentRequest("the free coffee", False),)
    assert "Remove every mention of this: <omit>the free coffee</omit>" in last_user_message(
        fake, 3
    )
    assert "Not all you asked for: 'the free coffee' still in it." in draft_notes(draft)
