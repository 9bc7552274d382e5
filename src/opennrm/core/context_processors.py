"""Values every page needs: the service name and the signed-in person's navigation."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from opennrm.core.navigation import destinations_for


def service(request: HttpRequest) -> dict[str, Any]:
    context: dict[str, Any] = {"service_name": settings.OPENNRM_SERVICE_NAME}
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        items = [(d.text, reverse(d.url_name)) for d in destinations_for(user)]
        # The one destination the current page belongs to: the longest matching address.
        matching = [href for _text, href in items if request.path.startswith(href)]
        current = max(matching, key=len) if matching else None
        context["navigation"] = [
            {"text": text, "href": href, "active": href == current} for text, href in items
        ]
    return context
