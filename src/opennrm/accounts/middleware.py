"""What every request of a signed-in browser goes through: the session's limits, and the
second factor before anything but the pages that ask for it.

``SessionLimitsMiddleware`` ends a session that has been idle too long or has reached its
absolute limit; ``SecondFactorRequiredMiddleware`` lets someone who has given only their
password reach nothing but the public pages and the second-factor pages (ASVS 5.0 V6.3.3,
V6.4: no route with case data is reachable half-signed-in).
"""

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.db import InterfaceError, OperationalError, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from opennrm.access.policy import ROUTES
from opennrm.accounts import sessions
from opennrm.accounts.models import User
from opennrm.audit.services import audit_record

API_PREFIX = "/api/"
# Framework pages of the API that hold no data (the schema and its viewer).
_API_OPEN = ("/api/v1/openapi.json", "/api/v1/docs")
# Requests that read the session's clock without counting as activity.
PASSIVE_ROUTES = frozenset({"accounts:session-timeout"})


def _signed_in(request: HttpRequest) -> bool:
    # The session says so without a database query for the user.
    return SESSION_KEY in request.session


class SessionLimitsMiddleware:
    """End sessions idle for ``OPENNRM_SESSION_IDLE_SECONDS`` or older than
    ``OPENNRM_SESSION_ABSOLUTE_SECONDS``; note activity on every other request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        try:
            if not _signed_in(request):
                return None
            reason = sessions.expiry_reason(request.session)
            if reason:
                return self._expire(request, reason)
            match = request.resolver_match
            if match is None or match.view_name not in PASSIVE_ROUTES:
                sessions.session_touch(request.session)
        except (OperationalError, InterfaceError):
            return None  # the view's own database access answers 503
        return None

    def _expire(self, request: HttpRequest, reason: str) -> HttpResponse:
        user = request.user
        with transaction.atomic():
            audit_record(
                actor=user,
                action="account.session_expired",
                obj=user if isinstance(user, User) else None,
                object_type="" if isinstance(user, User) else "accounts.user",
                payload={"reason": reason},
            )
        logout(request)
        if request.path_info.startswith(API_PREFIX):
            return JsonResponse({"detail": _("Your session has ended. Sign in again.")}, status=401)
        if reason == "idle":
            text = _("We signed you out because you did nothing for %(minutes)s minutes.") % {
                "minutes": sessions.idle_seconds() // 60
            }
        else:
            text = _("We signed you out because you had been signed in for %(hours)s hours.") % {
                "hours": sessions.absolute_seconds() // 3600
            }
        messages.info(request, text)
        query = urlencode({"next": request.get_full_path()}) if request.method == "GET" else ""
        return HttpResponseRedirect(reverse("accounts:sign-in") + (f"?{query}" if query else ""))


class SecondFactorRequiredMiddleware:
    """Until the second factor is verified, only public and second-factor routes answer:
    pages redirect to the code page, the API answers 401."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        try:
            if not _signed_in(request):
                return None
            path = request.path_info
            if path.startswith(API_PREFIX):
                if path.startswith(_API_OPEN) or _verified(request):
                    return None
                return JsonResponse(
                    {"detail": _("Authentication required: finish signing in.")}, status=401
                )
            match = request.resolver_match
            route = ROUTES.get(match.view_name) if match is not None else None
            if route is not None and (route.public or route.second_factor):
                return None
            if _verified(request):
                return None
        except (OperationalError, InterfaceError):
            return None
        query = urlencode({"next": request.get_full_path()}) if request.method == "GET" else ""
        return HttpResponseRedirect(reverse("accounts:two-factor") + (f"?{query}" if query else ""))


def _verified(request: HttpRequest) -> bool:
    user = request.user
    if not user.is_authenticated:
        # The session named a person who is no longer active: nothing to verify.
        return True
    is_verified = getattr(user, "is_verified", None)
    return bool(is_verified is not None and is_verified())
