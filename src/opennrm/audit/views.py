"""The audit trail page, for auditors and administrators."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from opennrm.access import evaluate
from opennrm.access.policy import Permission
from opennrm.audit.selectors import audit_events_for_user

PAGE_SIZE = 50


@login_required
@require_GET
def events(request: HttpRequest) -> HttpResponse:
    """Every change and sensitive read, newest first, filterable by case reference."""
    user = request.user
    if not evaluate.holds_somewhere(user, Permission.AUDIT_VIEW):
        raise PermissionDenied
    case_reference = request.GET.get("case", "").strip()[:32]
    queryset = audit_events_for_user(user=user, case_reference=case_reference or None)  # type: ignore[arg-type]
    page = Paginator(
        queryset.only(
            "id",
            "occurred_at",
            "actor_name",
            "action",
            "object_type",
            "object_id",
            "case_reference",
            "request_id",
        ),
        PAGE_SIZE,
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "audit/events.html",
        {
            "page": page,
            "case_reference": case_reference,
            "extra_query": urlencode({"case": case_reference}) if case_reference else "",
        },
    )
