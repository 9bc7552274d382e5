"""Request hygiene and response headers that every page and API answer gets.

- Control characters (a NUL byte above all) in a path or query string are refused with
  400 before any view sees them: PostgreSQL cannot store or compare them, and no address
  or filter in this service ever needs them (ASVS 5.0 V1.2/V2.2: validate input early).
- A NUL character in a JSON body sent to the API is refused with 422 naming the field,
  the same shape as any other validation error.
- Every answer to a signed-in person, and every API answer, is marked
  ``Cache-Control: no-store`` so that no browser, proxy or shared computer keeps a copy of
  personal data (ASVS 5.0 V14.3.2).
"""

import json
import re
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import unquote_to_bytes

from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.cache import add_never_cache_headers
from django.utils.functional import empty
from django.utils.translation import gettext as _

API_PREFIX = "/api/"

# C0 controls and DEL. Tab, line feed and carriage return are allowed in query values
# (a search box may send them), never in the path.
_PATH_CONTROL = re.compile(rb"[\x00-\x1f\x7f]")
_QUERY_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _has_control_characters(request: HttpRequest) -> bool:
    path = request.path_info.encode("utf-8", "surrogateescape")
    query = unquote_to_bytes(request.META.get("QUERY_STRING", "").replace("+", " "))
    return bool(_PATH_CONTROL.search(path) or _QUERY_CONTROL.search(query))


def _nul_paths(value: Any, path: list[str | int]) -> Iterator[list[str | int]]:
    if isinstance(value, str):
        if "\x00" in value:
            yield path
    elif isinstance(value, dict):
        for key, item in value.items():
            if "\x00" in key:
                yield [*path, key.replace("\x00", "")]
            yield from _nul_paths(item, [*path, key])
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _nul_paths(item, [*path, index])


def _json_body_nul_errors(request: HttpRequest) -> list[dict[str, Any]]:
    if request.method not in ("POST", "PUT", "PATCH") or request.content_type != (
        "application/json"
    ):
        return []
    body = request.body
    if b"\\u0000" not in body.lower() and b"\x00" not in body:
        return []
    try:
        parsed = json.loads(body)
    except ValueError:
        return []  # not JSON: the API's own parser answers that
    return [
        {
            "loc": path,
            "msg": _("Remove the NUL character: it is not allowed in text"),
            "type": "string_nul_character",
        }
        for path in _nul_paths(parsed, [])
    ]


class MalformedRequestMiddleware:
    """Answer 400 to a path or query string holding control characters, and 422 to an
    API body holding a NUL character."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _has_control_characters(request):
            if request.path_info.startswith(API_PREFIX):
                return JsonResponse(
                    {"detail": _("The address contains characters that are not allowed.")},
                    status=400,
                )
            # Django turns this into the GOV.UK "problem with your request" page.
            raise BadRequest("Control characters in the path or query string.")
        if request.path_info.startswith(API_PREFIX):
            errors = _json_body_nul_errors(request)
            if errors:
                return JsonResponse({"detail": errors}, status=422)
        return self.get_response(request)


class NoStoreMiddleware:
    """``Cache-Control: no-store`` on every API answer and every answer to a signed-in user."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path_info.startswith(API_PREFIX) or _signed_in(request):
            add_never_cache_headers(response)
        return response


def _signed_in(request: HttpRequest) -> bool:
    # Only a user the view already looked up: a response built without knowing who asked
    # holds nothing personal, and looking them up here would reach for the database even
    # while it is down (the "service unavailable" page must still be served).
    user = getattr(request, "user", None)
    if user is None or getattr(user, "_wrapped", None) is empty:
        return False
    return bool(user.is_authenticated)
