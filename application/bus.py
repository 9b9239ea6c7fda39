"""The one way into the conversation: `bus.handle(request)` runs the request's handler.

The container builds the Bus once with every service a handler may ask for; each handler
is given the ones its parameters name (as cosmicpython's bootstrap injects dependencies),
so a handler's signature says what it uses and a new handler needs no new wiring.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from functools import partial
from typing import Any, TypeVar, cast

from application.handlers import HANDLERS
from application.requests import Request

R = TypeVar("R")


class Bus:
    def __init__(
        self,
        services: Mapping[str, Any],
        handlers: Mapping[type[Request[Any]], Callable[..., Any]] = HANDLERS,
    ) -> None:
        self._handlers = {kind: _inject(h, services) for kind, h in handlers.items()}

    def handle(self, request: Request[R]) -> R:
        """Run the handler of `request`'s type and return its answer."""
        handler = self._handlers.get(type(request))
        if handler is None:
            raise TypeError(f"No handler for {type(request).__name__}.")
        return cast(R, handler(request))


def _inject(handler: Callable[..., Any], services: Mapping[str, Any]) -> Callable[..., Any]:
    """`handler` with the services named by its parameters after the first bound."""
    names = list(inspect.signature(handler).parameters)[1:]
    missing = [name for name in names if name not in services]
    if missing:
        raise TypeError(f"{handler.__name__} needs {', '.join(missing)}, which is not provided.")
    return partial(handler, **{name: services[name] for name in names})
