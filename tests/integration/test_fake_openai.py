"""The fake OpenAI server, driven by the real `openai.OpenAI` client over loopback HTTP.

Besides checking the fake, these tests pin down what SDK 3.x does with each failure, which the
generation adapter relies on: which exception surfaces, and whether the SDK already retried.
"""

from __future__ import annotations

import json
import threading
import time

import openai
import pytest
from openai.types.chat import ChatCompletion, ChatCompletionMessageParam

from tests.fake_openai import (
    JSON,
    Compose,
    Empty,
    FakeOpenAI,
    Hang,
    Malformed,
    RateLimit,
    Refusal,
    Reply,
    ServerError,
)
from tests.threads import in_threads

MODEL = "gpt-4o-mini"
BRIEF = (
    "<brief>Write about our <b>new</b> bakery opening on Main Street this Saturday morning"
    " at nine</brief>"
)
MESSAGES: list[ChatCompletionMessageParam] = [
    {"role": "system", "content": "You write Facebook posts."},
    {"role": "user", "content": BRIEF},
]


def _client(
    fake: FakeOpenAI, *, max_retries: int = 0, timeout: float = 5.0, strict: bool = True
) -> openai.OpenAI:
    """Strict validation makes the SDK check every field of what the fake sends."""
    return openai.OpenAI(
        api_key="x",
        base_url=fake.base_url,
        max_retries=max_retries,
        timeout=timeout,
        _strict_response_validation=strict,
    )


def _ask(client: openai.OpenAI) -> ChatCompletion:
    return client.chat.completions.create(model=MODEL, messages=MESSAGES)


def test_a_default_reply_parses_with_usage_and_the_request_is_recorded(fake: FakeOpenAI) -> None:
    completion = _ask(_client(fake))

    assert isinstance(completion, ChatCompletion)
    message = completion.choices[0].message
    assert (
        message.content
        == "Post: Write about our new bakery opening on Main Street this Saturday morning"
    )
    assert message.role == "assistant" and message.refusal is None
    assert completion.choices[0].finish_reason == "stop" and completion.model == MODEL
    assert completion.usage is not None
    assert (completion.usage.prompt_tokens, completion.usage.completion_tokens) == (
        18,
        42,
    )  # 4 + 14 raw words
    assert completion.usage.total_tokens == 60
    [request] = fake.requests
    assert request.body["model"] == MODEL and request.body["messages"] == MESSAGES
    assert request.headers["authorization"] == "Bearer x"


def test_a_scripted_reply_sets_content_tokens_and_model(fake: FakeOpenAI) -> None:
    fake.script(Reply("Hello!", prompt_tokens=7, completion_tokens=2, model="gpt-4o-2024-08-06"))

    completion = _ask(_client(fake))

    assert completion.choices[0].message.content == "Hello!"
    assert completion.model == "gpt-4o-2024-08-06"
    assert completion.usage is not None and completion.usage.total_tokens == 9
    assert _ask(_client(fake)).choices[0].message.content != "Hello!"  # back to the default


def test_a_delayed_reply_arrives_after_its_delay(fake: FakeOpenAI) -> None:
    fake.script(Reply("late", delay=0.3))
    started = time.monotonic()

    assert _ask(_client(fake)).choices[0].message.content == "late"
    assert time.monotonic() - started >= 0.3


def test_a_composed_reply_is_written_from_the_request_body(fake: FakeOpenAI) -> None:
    def echo(body: JSON) -> str:
        return f"{body['model']} got {len(body['messages'])} messages, last from the user"

    fake.script(Compose(echo, delay=0.2), Compose(echo, completion_tokens=3))
    started = time.monotonic()

    first, second = _ask(_client(fake)), _ask(_client(fake))

    assert time.monotonic() - started >= 0.2
    assert first.choices[0].message.content == f"{MODEL} got 2 messages, last from the user"
    assert first.choices[0].finish_reason == "stop" and first.model == MODEL
    assert first.usage is not None and first.usage.completion_tokens == 8  # its words
    assert first.usage.prompt_tokens == 18  # counted like a Reply's
    assert second.usage is not None and second.usage.completion_tokens == 3


def test_a_rate_limit_is_retried_after_retry_after_ms_and_then_succeeds(fake: FakeOpenAI) -> None:
    fake.script(RateLimit(retry_after=0.2), Reply("second time lucky"))

    completion = _ask(_client(fake, max_retries=2))

    assert completion.choices[0].message.content == "second time lucky"
    first, second = fake.wait_for_requests(2)
    assert 0.18 <= second.at - first.at < 0.35  # the header, not the 0.375-0.5 s backoff
    assert [
        first.headers["x-stainless-retry-count"],
        second.headers["x-stainless-retry-count"],
    ] == [
        "0",
        "1",
    ]


def test_a_rate_limit_without_retries_raises_rate_limit_error_with_its_code(
    fake: FakeOpenAI,
) -> None:
    fake.script(RateLimit())

    with pytest.raises(openai.RateLimitError) as caught:
        _ask(_client(fake, max_retries=0))

    assert caught.value.status_code == 429 and caught.value.code == "rate_limit_exceeded"
    assert caught.value.type == "requests" and "Rate limit reached" in caught.value.message
    assert len(fake.requests) == 1


def test_insufficient_quota_is_retried_like_a_rate_limit_before_raising(fake: FakeOpenAI) -> None:
    fake.script(*[RateLimit(retry_after=0.01, code="insufficient_quota")] * 2)

    with pytest.raises(openai.RateLimitError) as caught:
        _ask(_client(fake, max_retries=1))

    assert caught.value.code == "insufficient_quota" and caught.value.type == "insufficient_quota"
    assert len(fake.requests) == 2


def test_three_server_errors_exhaust_two_retries_and_raise_internal_server_error(
    fake: FakeOpenAI,
) -> None:
    fake.script(*[ServerError(500)] * 3, Reply("never reached"))

    with pytest.raises(openai.InternalServerError) as caught:
        _ask(_client(fake, max_retries=2))

    assert caught.value.status_code == 500 and caught.value.type == "server_error"
    assert len(fake.requests) == 3


def test_a_hang_fires_the_client_timeout_as_api_timeout_error(fake: FakeOpenAI) -> None:
    fake.script(Hang(30))
    started = time.monotonic()

    with pytest.raises(openai.APITimeoutError):
        _ask(_client(fake, max_retries=0, timeout=0.5))

    assert time.monotonic() - started < 3
    assert len(fake.requests) == 1


def test_stop_drops_a_hung_request_at_once_as_api_connection_error() -> None:
    fake = FakeOpenAI().start()
    fake.script(Hang(30))
    errors: list[Exception] = []

    def ask() -> None:
        try:
            _ask(_client(fake, max_retries=0, timeout=10))
        except openai.APIConnectionError as e:
            errors.append(e)

    caller = threading.Thread(target=ask)
    caller.start()
    fake.wait_for_requests(1)
    started = time.monotonic()
    fake.stop()
    caller.join(timeout=5)

    assert time.monotonic() - started < 1
    assert not caller.is_alive()
    assert [type(e) for e in errors] == [openai.APIConnectionError]


def test_a_200_with_a_non_json_body_escapes_as_json_decode_error_without_retry(
    fake: FakeOpenAI,
) -> None:
    """Not an `openai.OpenAIError`: the adapter must catch ValueError itself."""
    fake.script(Malformed())

    with pytest.raises(json.JSONDecodeError) as caught:
        _ask(_client(fake, max_retries=2, strict=False))

    assert not isinstance(caught.value, openai.OpenAIError)
    assert len(fake.requests) == 1


def test_a_200_with_a_non_json_content_type_returns_the_raw_text(fake: FakeOpenAI) -> None:
    """Without strict validation `create` returns a str, not a ChatCompletion."""
    fake.script(Malformed(content_type="text/plain"), Malformed(content_type="text/plain"))

    result: object = _ask(_client(fake, strict=False))
    assert result == "this is not json"
    with pytest.raises(openai.APIResponseValidationError):
        _ask(_client(fake, strict=True))


def test_json_of_the_wrong_shape_is_returned_unvalidated_with_choices_none(
    fake: FakeOpenAI,
) -> None:
    """Without strict validation missing fields are None; a `null` body is None itself."""
    fake.script(Malformed('{"id": 1}'), Malformed("null"), Malformed('{"id": 1}'))

    wrong_shape = _ask(_client(fake, strict=False))
    assert isinstance(wrong_shape, ChatCompletion) and wrong_shape.choices is None
    assert _ask(_client(fake, strict=False)) is None
    with pytest.raises(openai.APIResponseValidationError):
        _ask(_client(fake, strict=True))


def test_a_5xx_with_an_html_body_raises_internal_server_error_holding_the_text(
    fake: FakeOpenAI,
) -> None:
    fake.script(Malformed("<html>502 Bad Gateway</html>", status=502, content_type="text/html"))

    with pytest.raises(openai.InternalServerError) as caught:
        _ask(_client(fake, max_retries=0))

    assert caught.value.status_code == 502 and caught.value.code is None
    assert caught.value.body == "<html>502 Bad Gateway</html>"


def test_a_refusal_parses_with_content_none_and_the_refusal_text(fake: FakeOpenAI) -> None:
    fake.script(Refusal())

    message = _ask(_client(fake)).choices[0].message

    assert message.content is None and message.refusal == "I can't help with that."


def test_an_empty_reply_parses_with_empty_content(fake: FakeOpenAI) -> None:
    fake.script(Empty())

    message = _ask(_client(fake)).choices[0].message

    assert message.content == "" and message.refusal is None


def test_the_default_behaviour_can_be_replaced(fake: FakeOpenAI) -> None:
    fake.default = Refusal("no")

    assert _ask(_client(fake)).choices[0].message.refusal == "no"
    assert _ask(_client(fake)).choices[0].message.refusal == "no"


def test_models_lists_the_served_models(fake: FakeOpenAI) -> None:
    models = _client(fake).models.list()

    assert [m.id for m in models] == [MODEL]
    assert fake.requests == []  # only chat requests are recorded


def test_concurrent_requests_each_consume_one_scripted_behaviour(fake: FakeOpenAI) -> None:
    fake.script(*[Reply(f"reply {i}") for i in range(8)])
    client = _client(fake)

    contents = in_threads(lambda: _ask(client).choices[0].message.content, 8, timeout=5)

    assert sorted(c or "" for c in contents) == [f"reply {i}" for i in range(8)]
    assert len(fake.wait_for_requests(8)) == 8


def test_waiting_for_more_requests_than_arrive_raises_timeout_error(fake: FakeOpenAI) -> None:
    with pytest.raises(TimeoutError):
        fake.wait_for_requests(1, timeout=0.05)
