"""A clear page, not a stack trace, when the database cannot be reached."""

import logging
from collections.abc import Callable

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template import loader

logger = logging.getLogger(__name__)


class DatabaseUnavailableMiddleware:
    """Turn a lost database connection into the GOV.UK "service unavailable" page (503)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, (OperationalError, InterfaceError)):
            return None
        logger.error("Database unavailable while serving %s: %s", request.path, exception)
        if request.path.startswith("/api/"):
            return HttpResponse(
                b'{"detail": "The service is unavailable. Try again later."}',
                status=503,
                content_type="application/json",
                headers={"Retry-After": "60"},
            )
        body = loader.get_template("errors/503.html").render({"service_name": "OpenNRM"})
        return HttpResponse(body, status=503, headers={"Retry-After": "60"})
