"""Values every page needs: the service name."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def service(request: HttpRequest) -> dict[str, Any]:
    return {"service_name": settings.OPENNRM_SERVICE_NAME}
