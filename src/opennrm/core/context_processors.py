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
        current = request.path
        context["navigation"] = [
            {
                "text": destination.text,
                "href": (href := reverse(destination.url_name)),
                "active": current == href
                or (href != reverse("core:home") and current.startswith(href)),
            }
            for destination in destinations_for(user)
        ]
    return context
