"""The signed-in person's service navigation, on every page."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from opennrm.home.navigation import destinations_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    is_verified = getattr(user, "is_verified", None)
    if is_verified is None or not is_verified():
        # Half signed in (password given, second factor not yet): no navigation at all.
        return {}
    items = [(d.text, d.url) for d in destinations_for(user)]
    # The one destination the current page belongs to: the longest matching address.
    matching = [href for _text, href in items if request.path.startswith(href)]
    current = max(matching, key=len) if matching else None
    return {
        "fully_signed_in": True,
        "session_warning_after": max(
            settings.OPENNRM_SESSION_IDLE_SECONDS - settings.OPENNRM_SESSION_WARNING_SECONDS, 0
        ),
        "navigation": [
            {"text": text, "href": href, "active": href == current} for text, href in items
        ],
    }
