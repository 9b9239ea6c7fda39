"""The OpenAI generator: chat completions through the official SDK, against OpenAI or any
OpenAI-compatible server (vLLM, Ollama, llama.cpp) named by OPENAI_BASE_URL.

Retries with backoff on 408/409/429/5xx and connection errors are the SDK's own (it honours
Retry-After); a timeout bounds every attempt. Every failure becomes a GenerationError with a
sentence for the user, and nothing is returned that is not a whole, non-empty post.
"""

from __future__ import annotations

import logging

import openai
from openai import OpenAI

from domain.context import build_prompt
from domain.errors import GenerationError
from domain.generation import GenerationRequest
from domain.ports import ContentGenerator, TokenCounter
from domain.posts import Generated

logger = logging.getLogger(__name__)

GENERATOR = "openai"


def build_client(
    api_key: str | None, base_url: str | None, timeout: float, max_retries: int
) -> OpenAI:
    """The SDK client: explicit settings, no environment lookups of its own."""
    return OpenAI(
        api_key=api_key or "not-needed",  # local OpenAI-compatible servers often need none
        base_url=base_url,
        timeout=timeout,
        max_retries=max_retries,
    )


class OpenAIGenerator(ContentGenerator):
    def __init__(self, client: OpenAI, model: str, budget: int, counter: TokenCounter) -> None:
        self._client = client
        self._model = model
        self._budget = budget
        self._counter = counter

    def generate(self, request: GenerationRequest) -> Generated:
        prompt = build_prompt(request, self._budget, self._counter.count)
        try:
            completion = self._client.chat.completions.create(
                model=self._model,
                messages=[{"role": m.role, "content": m.content} for m in prompt.messages],  # type: ignore[misc]
            )
        except openai.RateLimitError as exc:
            if _code(exc) == "insufficient_quota":
                raise GenerationError(
                    "The writing service's quota is used up. Please tell the bot's owner."
                ) from exc
            raise GenerationError(
                "The writing service is busy right now. Please try again in a minute."
            ) from exc
        except openai.APITimeoutError as exc:
            raise GenerationError(
                "The writing service took too long to answer. Please try again."
            ) from exc
        except openai.APIConnectionError as exc:
            raise GenerationError(
                "The writing service cannot be reached right now. Please try again."
            ) from exc
        except openai.APIStatusError as exc:
            logger.warning("LLM answered %s: %s", exc.status_code, exc.message)
            raise GenerationError("The writing service failed. Please try again.") from exc
        except (openai.OpenAIError, ValueError) as exc:  # a body the SDK could not read
            logger.warning("unreadable LLM answer: %s", exc)
            raise GenerationError(
                "The writing service sent an answer I could not read. Please try again."
            ) from exc
        return self._read(completion)

    def _read(self, completion: object) -> Generated:
        try:
            choice = completion.choices[0]  # type: ignore[attr-defined]
            message = choice.message
            refusal, content = getattr(message, "refusal", None), message.content
            usage = completion.usage  # type: ignore[attr-defined]
            model = str(completion.model or self._model)  # type: ignore[attr-defined]
        except (AttributeError, IndexError, TypeError) as exc:
            logger.warning("malformed LLM answer: %r", completion)
            raise GenerationError(
                "The writing service sent an answer I could not read. Please try again."
            ) from exc
        if refusal:
            raise GenerationError("The writing service declined this brief. Try rewording it.")
        if not isinstance(content, str) or not content.strip():
            raise GenerationError("The writing service returned an empty post. Please try again.")
        return Generated(
            content=content.strip(),
            generator=GENERATOR,
            model=model,
            prompt_tokens=int(getattr(usage, "prompt_tokens", 0) or 0),
            completion_tokens=int(getattr(usage, "completion_tokens", 0) or 0),
        )


def _code(exc: openai.APIStatusError) -> str | None:
    body = exc.body if isinstance(exc.body, dict) else {}
    error = body.get("error", body) if isinstance(body, dict) else {}
    code = error.get("code") if isinstance(error, dict) else None
    return code if isinstance(code, str) else getattr(exc, "code", None)
