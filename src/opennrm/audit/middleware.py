"""Give every request an id that its log lines and audit events carry."""

import re
import uuid
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from django.http import HttpRequest, HttpResponse

_request_id: ContextVar[str] = ContextVar("request_id", default="")
_route: ContextVar[str] = ContextVar("route", default="")
_SAFE_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


def current_request_id() -> str:
    """The id of the request being served, or "" outside a request (commands, tasks)."""
    return _request_id.get()


def current_route() -> str:
    """The page or API operation being served (its URL name), or "" outside a request.
    Recorded with every view of a record: it says why the record was opened."""
    return _route.get()


class RequestIdMiddleware:
    """Take a well-formed ``X-Request-ID`` from the proxy, or make one; echo it back."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _SAFE_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]
        token = _request_id.set(request_id)
        route_token = _route.set("")
        try:
            response = self.get_response(request)
        finally:
            _route.reset(route_token)
            _request_id.reset(token)
        response["X-Request-ID"] = request_id
        return response

    def process_view(self, request: HttpRequest, view: Any, args: Any, kwargs: Any) -> None:
        match = request.resolver_match
        if match is not None:
            _route.set(_route_name(request, match.view_name))


def _route_name(request: HttpRequest, view_name: str) -> str:
    """The access policy's name of the route: ``cases:case`` for a page, ``GET
    /api/v1/cases/{reference}`` for an API operation."""
    match = request.resolver_match
    if view_name.startswith("api:") and match is not None:
        pattern = "/api/v1/" + str(match.route).removeprefix("api/v1/")
        for name in match.kwargs:
            pattern = pattern.replace(f"<{name}>", f"{{{name}}}").replace(
                f"<str:{name}>", f"{{{name}}}"
            )
        return f"{request.method} {pattern.rstrip('/') or pattern}"[:100]
    return view_name[:100]
