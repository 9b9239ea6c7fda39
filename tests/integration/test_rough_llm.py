"""The rough model of benchmarks.rough_llm misses a style as its error model says, no more.

Benchmarks of first-draft fit and follow-up convergence are only as honest as this model, so
its rates are pinned here statistically: requests are built by the real domain.context
prompt builder, posts measured by the real yardstick (domain.text_metrics). The writer is
called directly for speed; one test goes through the real `openai` SDK and the fake server.
The seeds are fixed, so the figures do not flake; the bounds are those of the model (a few
standard errors wide), so they would hold for any seed.
"""

from __future__ import annotations

import math
import statistics
from collections import Counter
from collections.abc import Sequence

import openai
import pytest
from openai.types.chat import ChatCompletionMessageParam

from benchmarks.rough_llm import (
    DRAFT_COUNT_SLIP,
    FOLLOW_UP_TONE_FOLLOWED,
    RoughWriter,
    error_model_table,
    length_bias,
    read_request,
)
from domain.conformance import Fit, Miss
from domain.context import Prompt, build_prompt, follow_up_instructions
from domain.generation import FollowUp, GenerationRequest
from domain.style import Formality, Style
from domain.text_metrics import TextMetrics, measure
from tests.fake_openai import JSON, Compose, FakeOpenAI
from tests.threads import in_threads

BRIEF = "Our bakery opens a second shop on Main Street next Saturday"
BUDGET = 4000
N = 400
SHORT = Style(length=40, formality=Formality.NEUTRAL, emoji=2, hashtags=3, cta=True)
DRAFT = "An earlier draft of the post, as the model wrote it. Come and see us!"


def _words(text: str) -> int:
    return len(text.split())


def _prompt(style: Style, follow_up: FollowUp | None = None, brief: str = BRIEF) -> Prompt:
    request = GenerationRequest(brief=brief, style=style, follow_up=follow_up)
    return build_prompt(request, BUDGET, _words)


def _body(style: Style, follow_up: FollowUp | None = None, brief: str = BRIEF) -> JSON:
    messages = _prompt(style, follow_up, brief).messages
    return {"model": "m", "messages": [{"role": m.role, "content": m.content} for m in messages]}


def _follow_up(style: Style, keys: Sequence[str], asked: tuple[int, int]) -> FollowUp:
    """The follow-up postmind sends for a draft that missed `style` on `keys`."""
    words = 84 if "length" in keys else style.length  # a draft that missed only its length
    measured = TextMetrics(
        words=words, emoji=style.emoji, hashtags=style.hashtags, cta=True, formality=style.formality
    )
    fit = Fit(tuple(Miss(key, "wanted", "got") for key in keys))
    return FollowUp(DRAFT, follow_up_instructions(style, measured, fit, asked))


def _posts(body: JSON, n: int = N, seed: int = 7) -> list[TextMetrics]:
    writer = RoughWriter(seed)
    return [measure(writer(body)) for _ in range(n)]


def _share(flags: Sequence[bool]) -> float:
    return sum(flags) / len(flags)


def _log_ratios(posts: Sequence[TextMetrics], asked: float) -> list[float]:
    return [math.log(p.words / asked) for p in posts]


@pytest.fixture(scope="module")
def short_drafts() -> list[TextMetrics]:
    """First drafts for a 40-word neutral post with 2 emoji, 3 hashtags and a CTA."""
    return _posts(_body(SHORT))


def test_short_first_drafts_run_about_a_third_over_the_target(
    short_drafts: list[TextMetrics],
) -> None:
    ratios = [p.words / SHORT.length for p in short_drafts]

    assert 1.2 <= statistics.mean(ratios) <= 1.45
    assert 0.08 <= statistics.stdev(_log_ratios(short_drafts, SHORT.length)) <= 0.12


def test_emoji_and_hashtags_on_first_drafts_are_exact_three_times_in_four_else_one_off(
    short_drafts: list[TextMetrics],
) -> None:
    emoji = Counter(p.emoji for p in short_drafts)
    hashtags = Counter(p.hashtags for p in short_drafts)

    assert 0.65 <= emoji[SHORT.emoji] / N <= 0.85
    assert 0.65 <= hashtags[SHORT.hashtags] / N <= 0.85
    assert set(emoji) <= {1, 2, 3} and set(hashtags) <= {2, 3, 4}  # one off, never more
    assert emoji[3] > emoji[1] and hashtags[4] > hashtags[2]  # slips add more often


def test_an_asked_call_to_action_is_kept_about_four_times_in_five(
    short_drafts: list[TextMetrics],
) -> None:
    assert 0.72 <= _share([p.cta for p in short_drafts]) <= 0.88


def test_a_neutral_tone_drifts_on_about_one_first_draft_in_seven_mostly_to_casual(
    short_drafts: list[TextMetrics],
) -> None:
    tones = Counter(p.formality for p in short_drafts)

    assert 0.09 <= 1 - tones[Formality.NEUTRAL] / N <= 0.21
    assert tones[Formality.CASUAL] > tones[Formality.FORMAL] > 0


def test_a_post_asked_without_extras_gains_them_only_by_slips() -> None:
    plain = Style(length=60, formality=Formality.FORMAL, emoji=0, hashtags=0, cta=False)

    posts = _posts(_body(plain))

    assert 0.04 <= _share([p.cta for p in posts]) <= 0.16  # an unasked CTA, about 1 in 10
    assert 0.17 <= _share([p.emoji == 1 for p in posts]) <= 0.33  # "one off" from 0 is +1
    assert {p.emoji for p in posts} <= {0, 1} and {p.hashtags for p in posts} <= {0, 1}
    tones = Counter(p.formality for p in posts)
    assert set(tones) == {Formality.FORMAL, Formality.NEUTRAL}  # formal drifts to neutral only


@pytest.mark.parametrize(("target", "low", "high"), [(100, 1.05, 1.15), (300, 0.83, 0.93)])
def test_longer_targets_are_overshot_less_and_long_ones_undershot(
    target: int, low: float, high: float
) -> None:
    style = Style(length=target, formality=Formality.NEUTRAL, emoji=1, hashtags=2, cta=False)

    posts = _posts(_body(style), n=100)

    assert low <= statistics.mean(p.words / target for p in posts) <= high


def test_the_length_bias_steps_down_from_a_third_over_to_an_eighth_under() -> None:
    assert [length_bias(w) for w in (15, 40, 41, 80, 150, 250, 251, 400)] == [
        1.33,
        1.33,
        1.22,
        1.22,
        1.10,
        0.97,
        0.88,
        0.88,
    ]


def test_a_follow_up_range_lands_near_the_biased_midpoint_with_less_spread_than_a_draft() -> None:
    asked = (41, 49)  # midpoint 45: the same bias band as a 45-word first draft
    follow_up = _follow_up(SHORT, ("length",), asked)
    first = _posts(_body(Style(length=45, emoji=2, hashtags=3, cta=True)))

    edits = _posts(_body(SHORT, follow_up))

    ratios = [p.words / 45 for p in edits]
    assert abs(statistics.mean(ratios) - length_bias(45)) <= 0.03
    spread, draft_spread = (statistics.stdev(_log_ratios(p, 45)) for p in (edits, first))
    assert 0.04 <= spread <= 0.08 and 0.08 <= draft_spread <= 0.12
    assert spread < 0.75 * draft_spread
    assert 0.84 <= _share([p.emoji == SHORT.emoji for p in edits]) <= 0.96  # told to keep them


def test_a_follow_up_naming_tone_and_cta_is_followed_about_nineteen_times_in_twenty() -> None:
    formal = Style(length=40, formality=Formality.FORMAL, emoji=1, hashtags=2, cta=False)
    follow_up = _follow_up(formal, ("formality", "cta"), (41, 49))
    assert any("Remove the call to action" in line for line in follow_up.instructions)

    posts = _posts(_body(formal, follow_up))

    assert 0.90 <= _share([p.formality is Formality.FORMAL for p in posts]) <= 0.99
    assert {p.formality for p in posts} <= {Formality.FORMAL, Formality.NEUTRAL}  # one step
    assert 0.90 <= _share([not p.cta for p in posts]) <= 0.99


def test_a_follow_up_asking_for_a_cta_and_tone_overrides_the_style_rules() -> None:
    """The rules say casual and no CTA; the follow-up asks for formal with a CTA."""
    rules = Style(length=40, formality=Formality.CASUAL, emoji=1, hashtags=2, cta=False)
    wanted = Style(length=40, formality=Formality.FORMAL, emoji=1, hashtags=2, cta=True)
    follow_up = _follow_up(wanted, ("formality", "cta"), (30, 40))

    ask = read_request(_body(rules, follow_up))

    assert ask is not None and ask.follow_up and ask.names_tone and ask.names_cta
    assert ask.keeps_length  # the length fitted: "Keep its length: about 40 words"
    assert (ask.words, ask.formality, ask.cta) == (40, Formality.FORMAL, True)


def test_a_follow_up_that_keeps_the_length_keeps_it_and_rarely_changes_tone_or_cta() -> None:
    casual = Style(length=60, formality=Formality.CASUAL, emoji=2, hashtags=2, cta=True)
    follow_up = _follow_up(casual, ("emoji",), (54, 66))
    assert follow_up.instructions[0].startswith("Keep its length: about 60 words")

    posts = _posts(_body(casual, follow_up))

    assert _share([p.formality is Formality.CASUAL for p in posts]) >= 0.93
    assert _share([p.cta for p in posts]) >= 0.93
    assert abs(statistics.mean(p.words / 60 for p in posts) - 1.0) <= 0.02  # no bias
    assert statistics.pstdev(p.words / 60 for p in posts) <= 0.05


def test_the_request_is_read_as_build_prompt_states_it() -> None:
    brief = "Tasting <b>night</b> & more:\nbring a friend"
    style = Style(length=120, formality=Formality.CASUAL, emoji=0, hashtags=5, cta=False)

    ask = read_request(_body(style, brief=brief))

    assert ask is not None and not ask.follow_up
    assert ask.brief == "Tasting ‹b›night‹/b› & more:\nbring a friend"  # as fenced, unescaped
    assert (ask.words, ask.formality, ask.emoji, ask.hashtags, ask.cta) == (
        120,
        Formality.CASUAL,
        0,
        5,
        False,
    )


def test_the_same_seed_and_requests_give_the_same_posts_and_another_seed_others() -> None:
    bodies = [_body(SHORT), _body(SHORT, _follow_up(SHORT, ("length", "cta"), (41, 49)))] * 10

    def run(seed: int) -> list[str]:
        writer = RoughWriter(seed)
        return [writer(body) for body in bodies]

    assert run(3) == run(3)
    assert run(3) != run(4)


def test_concurrent_requests_draw_the_same_posts_as_sequential_ones() -> None:
    """With one body, interleaving cannot change which posts are drawn, only who gets them."""
    body = _body(SHORT)
    sequential = RoughWriter(11)
    expected = sorted(sequential(body) for _ in range(160))
    writer = RoughWriter(11)

    def ask() -> list[str]:
        return [writer(body) for _ in range(20)]

    drawn = in_threads(ask, 8, timeout=10)

    assert sorted(post for posts in drawn for post in posts) == expected


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"messages": []},
        {"messages": "not a list"},
        {"messages": [{"role": "user", "content": "Write about our bakery on Main Street"}]},
        {"messages": [{"role": "user", "content": [{"type": "text", "text": "<brief>"}]}]},
        {"messages": [{"role": "system", "content": "Style rules:\n- Be nice."}, {"role": "user"}]},
        {"messages": [None, 3, {"role": "system", "content": None}]},
    ],
)
def test_a_request_that_is_not_postminds_gets_a_plain_sixty_word_post(body: JSON) -> None:
    post = RoughWriter(0)(body)

    metrics = measure(post)
    assert metrics.words == 60 and (metrics.emoji, metrics.hashtags, metrics.cta) == (0, 0, False)
    assert metrics.formality is Formality.NEUTRAL


def test_the_error_model_table_states_each_dimension_with_its_rate_and_reason() -> None:
    rows = error_model_table()

    assert [what.split(",")[0] for what, _, _ in rows] == [
        "length",
        "length",
        "length",
        "emoji",
        "hashtags",
        "call to action",
        "tone",
    ]
    assert all(rate and why for _, rate, why in rows)
    assert f"{DRAFT_COUNT_SLIP:.0%}" in rows[3][1] and "x1.33" in rows[0][1]
    assert f"{FOLLOW_UP_TONE_FOLLOWED:.0%}" in rows[5][1]


def _sdk_messages(prompt: Prompt) -> list[ChatCompletionMessageParam]:
    messages: list[ChatCompletionMessageParam] = []
    for m in prompt.messages:
        if m.role == "system":
            messages.append({"role": "system", "content": m.content})
        elif m.role == "user":
            messages.append({"role": "user", "content": m.content})
        else:
            messages.append({"role": "assistant", "content": m.content})
    return messages


def test_served_through_the_sdk_the_writer_answers_as_when_called_directly(
    fake: FakeOpenAI,
) -> None:
    fake.default = Compose(write=RoughWriter(5))
    client = openai.OpenAI(
        api_key="x", base_url=fake.base_url, max_retries=0, _strict_response_validation=True
    )
    prompts = [_prompt(SHORT), _prompt(SHORT, _follow_up(SHORT, ("length",), (41, 49)))] * 4

    completions = [
        client.chat.completions.create(model="m", messages=_sdk_messages(p)) for p in prompts
    ]

    direct = RoughWriter(5)
    expected = [direct(request.body) for request in fake.requests]
    contents = [c.choices[0].message.content for c in completions]
    assert contents == expected
    for completion, content in zip(completions, expected, strict=True):
        assert completion.usage is not None
        assert completion.usage.completion_tokens == len(content.split())
        assert measure(content).hashtags in {2, 3, 4}  # a post in (roughly) the asked style


def test_choices_of_one_call_can_be_made_alike() -> None:
    style = Style(length=40, formality=Formality.NEUTRAL, emoji=2, hashtags=3, cta=True)
    body = _body(style)
    alike, apart = RoughWriter(3, alike=1.0), RoughWriter(3)
    same = [measure(alike(body)) == measure(alike(body)) for _ in range(100)]
    fresh = [measure(apart(body)) == measure(apart(body)) for _ in range(100)]
    assert all(same)  # each body's second choice repeats the first one's slips
    assert sum(fresh) < 60  # independent choices often differ
