"""API rate limits and the lockout of addresses that keep sending wrong tokens.

Counters live in Django's cache (the ``ratelimit`` alias): fixed one-minute windows per
token (or browser session) and per address, and a longer window of wrong bearer tokens per
address. Over a limit the API answers 429 with ``Retry-After`` (ASVS 5.0 V2.4.1 anti-
automation; V6.3.1 guessing credentials).
"""

import hashlib
import math
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _

API_PREFIX = "/api/"
WINDOW_SECONDS = 60


def client_address(request: HttpRequest) -> str:
    """The caller's address. Behind ``OPENNRM_TRUSTED_PROXIES`` proxies, the address the
    nearest untrusted hop gave, read from the right of ``X-Forwarded-For``."""
    trusted = int(getattr(settings, "OPENNRM_TRUSTED_PROXIES", 0))
    if trusted > 0:
        hops = [h.strip() for h in request.headers.get("X-Forwarded-For", "").split(",")]
        hops = [h for h in hops if h]
        if len(hops) >= trusted:
            return hops[-trusted][:64]
    return str(request.META.get("REMOTE_ADDR", ""))[:64]


def _cache() -> Any:
    return caches["ratelimit"]


def _count(key: str, timeout: int) -> int:
    cache = _cache()
    cache.add(key, 0, timeout)
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout)
        return 1


def _too_many(message: str, retry_after: int) -> HttpResponse:
    response = JsonResponse({"detail": message}, status=429)
    response["Retry-After"] = str(max(1, retry_after))
    return response


def _bad_token_key(address: str) -> str:
    return f"api-bad-token:{address}"


def bad_token_locked(address: str) -> bool:
    """Whether this address has sent too many wrong tokens recently."""
    limit = int(settings.OPENNRM_API_BAD_TOKEN_LIMIT)
    return int(_cache().get(_bad_token_key(address), 0)) >= limit


def bad_token_record(address: str) -> bool:
    """Count a wrong token from ``address``; True when this one reaches the limit."""
    seconds = int(settings.OPENNRM_API_LOCKOUT_SECONDS)
    count = _count(_bad_token_key(address), seconds)
    return count == int(settings.OPENNRM_API_BAD_TOKEN_LIMIT)


def _caller_key(request: HttpRequest) -> str:
    header = request.headers.get("Authorization", "")
    if header[:7].lower() == "bearer ":
        # The digest, never the token itself, goes into the cache key.
        return "token:" + hashlib.sha256(header[7:].strip().encode()).hexdigest()
    # A browser: its session, one person's. Read from the cookie, not the database, so
    # the limiter still answers while the database is down.
    session = request.COOKIES.get(settings.SESSION_COOKIE_NAME, "")
    if session:
        return "session:" + hashlib.sha256(session.encode()).hexdigest()
    return ""


class ApiRateLimitMiddleware:
    """Refuse API requests over the per-caller or per-address rate, or from an address
    locked out for wrong tokens, with 429 and ``Retry-After``."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path_info.startswith(API_PREFIX):
            return self.get_response(request)
        address = client_address(request)
        if bad_token_locked(address):
            return _too_many(
                _("Too many requests with a wrong token came from your address. Try again later."),
                int(settings.OPENNRM_API_LOCKOUT_SECONDS),
            )
        now = time.time()
        window = int(now // WINDOW_SECONDS)
        retry_after = math.ceil(WINDOW_SECONDS - now % WINDOW_SECONDS)
        caller = _caller_key(request)
        if caller:
            used = _count(f"api-rate:{caller}:{window}", WINDOW_SECONDS + 1)
            if used > int(settings.OPENNRM_API_RATE_PER_USER):
                return _too_many(_("Too many requests. Slow down and try again."), retry_after)
        used = _count(f"api-rate:addr:{address}:{window}", WINDOW_SECONDS + 1)
        if used > int(settings.OPENNRM_API_RATE_PER_ADDRESS):
            return _too_many(
                _("Too many requests from your address. Slow down and try again."), retry_after
            )
        return self.get_response(request)
