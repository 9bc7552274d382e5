"""The start page, each person's home page, the health check and the error pages."""

import logging

from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from opennrm.accounts.selectors import memberships_for_user
from opennrm.cases.selectors import overdue_counts
from opennrm.core.navigation import destinations_for

logger = logging.getLogger(__name__)


@require_GET
def start(request: HttpRequest) -> HttpResponse:
    """The GOV.UK start page: what the service is for and who may use it."""
    if request.user.is_authenticated:
        return redirect("core:home")
    return render(request, "core/start.html")


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The signed-in home page: the person's roles and the work each lets them do."""
    user = request.user
    memberships = list(memberships_for_user(user=user))  # type: ignore[arg-type]
    destinations = [d for d in destinations_for(user) if d.url_name != "core:home"]  # type: ignore[arg-type]
    overdue = None
    if any(d.url_name == "cases:queue" for d in destinations):
        overdue = overdue_counts(user=user, today=timezone.localdate())  # type: ignore[arg-type]
    return render(
        request,
        "core/home.html",
        {"memberships": memberships, "destinations": destinations, "overdue": overdue},
    )


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and database status, for load balancers and monitoring."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        database = "ok"
    except DatabaseError as error:
        logger.error("Health check: database unavailable: %s", error)
        database = "unavailable"
    healthy = database == "ok"
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "database": database},
        status=200 if healthy else 503,
    )


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/400.html", status=400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/403.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    """Rendered without a request context: the database may be the thing that failed."""
    template = loader.get_template("errors/500.html")
    return HttpResponse(template.render({"service_name": "OpenNRM"}), status=500)
