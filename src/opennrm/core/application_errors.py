"""Pages for application errors that reach the top of a view unhandled.

A view that asks the access policy for an object gets ``NotFound`` or ``Forbidden`` when it
may not have it; this turns them into the GOV.UK 404 and 403 pages, so every view answers
alike without catching them itself.
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from opennrm.core.exceptions import ApplicationError, Forbidden, NotFound


class ApplicationErrorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if request.path.startswith("/api/") or not isinstance(exception, ApplicationError):
            return None
        if exception.status == NotFound.status:
            return render(request, "errors/404.html", status=404)
        if exception.status == Forbidden.status:
            return render(request, "errors/403.html", status=403)
        return render(request, "errors/400.html", status=400)
