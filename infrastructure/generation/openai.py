"""The OpenAI generator: chat completions through the official SDK, against OpenAI or any
OpenAI-compatible server (vLLM, Ollama, llama.cpp) named by OPENAI_BASE_URL.

Retries are ours, not the SDK's (its client is built with max_retries=0): 408, 409, 429 and
5xx answers, timeouts and connection errors are tried again up to `retries` times, after the
server's Retry-After or an exponential backoff, and never past an overall `deadline` that
counts every attempt and every wait: a user hears back within it whatever the server does.
A 429 for `insufficient_quota` is not retried (waiting does not buy credit). Every failure
becomes a GenerationError with a sentence for the user, and nothing is returned that is not
a whole, non-empty post: an answer cut off at the token limit (`finish_reason=length`) or by
a content filter is refused like an empty one.
"""

from __future__ import annotations

import logging
import random
import time

import openai
from openai import OpenAI
from openai.types.chat import ChatCompletion

from domain.context import build_prompt
from domain.errors import GenerationError
from domain.generation import GenerationRequest
from domain.ports import ContentGenerator, TokenCounter
from domain.posts import Generated

logger = logging.getLogger(__name__)

GENERATOR = "openai"
RETRYABLE = frozenset({408, 409, 429})  # and every 5xx
FIRST_BACKOFF = 0.5  # seconds, doubled per attempt, with jitter
MAX_BACKOFF = 8.0
MAX_RETRY_AFTER = 60.0  # a longer Retry-After is not waited for


def build_client(api_key: str | None, base_url: str | None, timeout: float) -> OpenAI:
    """The SDK client: explicit settings, no environment lookups, no retries of its own."""
    return OpenAI(
        api_key=api_key or "not-needed",  # local OpenAI-compatible servers often need none
        base_url=base_url,
        timeout=timeout,
        max_retries=0,
    )


class OpenAIGenerator(ContentGenerator):
    def __init__(
        self,
        client: OpenAI,
        model: str,
        budget: int,
        counter: TokenCounter,
        *,
        timeout: float = 30.0,
        retries: int = 2,
        deadline: float = 60.0,
    ) -> None:
        self._client = client
        self._model = model
        self._budget = budget
        self._counter = counter
        self._timeout = timeout  # one attempt
        self._retries = retries
        self._deadline = deadline  # every attempt and wait together
        self._several = True  # whether the server takes `n` (several choices in one call)

    @property
    def model(self) -> str:
        return self._model

    def generate(self, request: GenerationRequest) -> Generated:
        prompt = build_prompt(request, self._budget, self._counter.count)
        messages = [{"role": m.role, "content": m.content} for m in prompt.messages]
        deadline = self._deadline
        if request.time_left is not None:  # a follow-up gets what is left of the draft's time
            deadline = min(deadline, max(request.time_left, 0.0))
        give_up_at = time.monotonic() + deadline
        attempt = 0
        while True:
            left = give_up_at - time.monotonic()
            several = request.choices > 1 and self._several
            try:
                completion = self._client.with_options(
                    timeout=max(min(self._timeout, left), 0.001)
                ).chat.completions.create(
                    model=self._model,
                    messages=messages,  # type: ignore[arg-type]
                    n=request.choices if several else openai.omit,
                )
            except openai.BadRequestError as exc:
                if not several:
                    raise _user_error(exc) from exc
                # Some OpenAI-compatible servers refuse `n`: try once without it, and ask for
                # one from now on only if that is what made the difference.
                completion = self._one_choice(messages, give_up_at, exc)
                logger.warning("the LLM server refused n=%d: asking for one", request.choices)
                self._several = False
            except openai.OpenAIError as exc:
                wait = self._wait_before_retry(exc, attempt, give_up_at)
                if wait is None:
                    raise _user_error(exc) from exc
                logger.info(
                    "LLM attempt %d failed (%s); retrying in %.2f s", attempt + 1, exc, wait
                )
                time.sleep(wait)
                attempt += 1
                continue
            except ValueError as exc:  # a body the SDK could not read
                logger.warning("unreadable LLM answer: %s", exc)
                raise GenerationError(UNREADABLE) from exc
            return self._read(completion)

    def _one_choice(
        self, messages: list[dict[str, str]], give_up_at: float, refused: openai.OpenAIError
    ) -> ChatCompletion:
        """The same request without `n`; the error of the first when this one fails too."""
        try:
            return self._client.with_options(
                timeout=max(min(self._timeout, give_up_at - time.monotonic()), 0.001)
            ).chat.completions.create(model=self._model, messages=messages)  # type: ignore[arg-type]
        except openai.OpenAIError:
            raise _user_error(refused) from refused

    def _wait_before_retry(
        self, exc: openai.OpenAIError, attempt: int, give_up_at: float
    ) -> float | None:
        """Seconds to wait before trying again, or None to give up now."""
        if attempt >= self._retries or not _retryable(exc):
            return None
        wait = _retry_after(exc)
        if wait is None:
            wait = min(FIRST_BACKOFF * 2**attempt, MAX_BACKOFF) * random.uniform(0.75, 1.25)
        if time.monotonic() + wait >= give_up_at:  # no time for another attempt
            return None
        return wait

    def _read(self, completion: object) -> Generated:
        """The first usable choice as the draft, the other usable ones as alternatives;
        when none is usable, the error of the first."""
        try:
            choices = list(completion.choices)  # type: ignore[attr-defined]
            usage = completion.usage  # type: ignore[attr-defined]
            model = str(completion.model or self._model)  # type: ignore[attr-defined]
            texts = [_text_of(choice) for choice in choices]
        except (AttributeError, IndexError, TypeError) as exc:
            logger.warning("malformed LLM answer: %r", completion)
            raise GenerationError(UNREADABLE) from exc
        usable = [text for text in texts if isinstance(text, str)]
        if not texts:
            logger.warning("LLM answer without choices: %r", completion)
            raise GenerationError(UNREADABLE)
        if not usable:
            raise texts[0]  # type: ignore[misc]
        return Generated(
            content=usable[0],
            generator=GENERATOR,
            model=model,
            prompt_tokens=int(getattr(usage, "prompt_tokens", 0) or 0),
            completion_tokens=int(getattr(usage, "completion_tokens", 0) or 0),
            alternatives=tuple(usable[1:]),
        )


def _text_of(choice: object) -> str | GenerationError:
    """A choice's post, or the error that makes it unusable."""
    message = choice.message  # type: ignore[attr-defined]
    refusal, content = getattr(message, "refusal", None), message.content
    finish = getattr(choice, "finish_reason", None)
    if refusal:
        return GenerationError(
            "The writing service declined this brief. Try rewording it.", again=None
        )
    if finish == "content_filter":
        return GenerationError(
            "The writing service's content filter stopped this draft. Try rewording the brief.",
            again=None,
        )
    if finish == "length":
        return GenerationError("The writing service stopped before the post was finished.")
    if not isinstance(content, str) or not content.strip():
        return GenerationError("The writing service returned an empty post.")
    return content.strip()


UNREADABLE = "The writing service sent an answer I could not read."


def _retryable(exc: openai.OpenAIError) -> bool:
    if isinstance(exc, openai.RateLimitError) and _code(exc) == "insufficient_quota":
        return False
    if isinstance(exc, openai.APIStatusError):
        return exc.status_code in RETRYABLE or exc.status_code >= 500
    return isinstance(exc, openai.APIConnectionError)  # timeouts included


def _retry_after(exc: openai.OpenAIError) -> float | None:
    """The server's Retry-After (milliseconds or seconds), when it gives a usable one."""
    response = getattr(exc, "response", None)  # an APIStatusError's HTTP response
    headers = getattr(response, "headers", None) or {}
    for name, scale in (("retry-after-ms", 0.001), ("retry-after", 1.0)):
        try:
            seconds = float(headers.get(name, "")) * scale
        except ValueError:
            continue
        if 0 < seconds <= MAX_RETRY_AFTER:
            return seconds
    return None


def _user_error(exc: openai.OpenAIError) -> GenerationError:
    """What to tell the user about a failure that will not be retried."""
    if isinstance(exc, openai.RateLimitError):
        if _code(exc) == "insufficient_quota":
            return GenerationError(
                "The writing service's quota is used up. Please tell the bot's owner.", again=None
            )
        return GenerationError("The writing service is busy right now.", again=" in a minute")
    if isinstance(exc, openai.APITimeoutError):
        return GenerationError("The writing service took too long to answer.")
    if isinstance(exc, openai.APIConnectionError):
        return GenerationError("The writing service cannot be reached right now.")
    if isinstance(exc, openai.APIStatusError):
        logger.warning("LLM answered %s: %s", exc.status_code, exc.message)
        return GenerationError("The writing service failed.")
    logger.warning("unreadable LLM answer: %s", exc)
    return GenerationError(UNREADABLE)


def _code(exc: openai.APIStatusError) -> str | None:
    body = exc.body if isinstance(exc.body, dict) else {}
    error = body.get("error", body) if isinstance(body, dict) else {}
    code = error.get("code") if isinstance(error, dict) else None
    return code if isinstance(code, str) else getattr(exc, "code", None)
