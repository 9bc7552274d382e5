"""The audit trail pages, for auditors and administrators: every event, and who viewed a
record."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from opennrm.access import evaluate
from opennrm.access.policy import Permission
from opennrm.audit.selectors import audit_events_for_user, viewers_of
from opennrm.audit.services import audit_record_search
from opennrm.core.references import is_reference

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


# What the person was doing when they opened the record, for the routes that show one.
ROUTE_PURPOSES = {
    "cases:case": _("Opened the case page"),
    "cases:decide": _("Recorded a decision"),
    "cases:letter": _("Read a decision letter"),
    "cases:letter-pdf": _("Downloaded a decision letter"),
    "cases:action": _("Took an action on the case"),
    "cases:request-information": _("Asked the first responder for information"),
    "referrals:detail": _("Opened the referral"),
    "referrals:confirmation": _("Saw the referral's confirmation"),
    "referrals:evidence-download": _("Downloaded an evidence file"),
    "GET /api/v1/cases/{reference}": _("Read the case through the API"),
    "GET /api/v1/referrals/{reference}": _("Read the referral through the API"),
}
RECORD_KINDS = {
    "cases.case": _("Case"),
    "referrals.referral": _("Referral"),
    "referrals.evidencefile": _("Evidence file"),
    "cases.decision": _("Decision"),
}


@login_required
@require_GET
def viewers(request: HttpRequest) -> HttpResponse:
    """Who viewed a case (or its referral and documents), when, and from which page."""
    user = request.user
    if not evaluate.holds_somewhere(user, Permission.AUDIT_VIEW):
        raise PermissionDenied
    raw = "".join(request.GET.get("reference", "").split()).upper()[:32]
    error = ""
    rows: list[dict[str, object]] = []
    page = None
    if raw and not is_reference(raw):
        error = str(_("Enter the reference in the correct format, like NRM-2026-000123"))
    elif raw:
        audit_record_search(actor=user, kind="audit", criteria={"reference": raw})
        page = Paginator(viewers_of(user=user, case_reference=raw), PAGE_SIZE).get_page(  # type: ignore[arg-type]
            request.GET.get("page")
        )
        for event in page.object_list:
            route = str(event.payload.get("route", ""))
            rows.append(
                {
                    "event": event,
                    "record": RECORD_KINDS.get(event.object_type, event.object_type),
                    "purpose": ROUTE_PURPOSES.get(route, route or _("Not recorded")),
                    "reason": event.payload.get("reason", ""),
                }
            )
    return render(
        request,
        "audit/viewers.html",
        {
            "reference": raw,
            "error": error,
            "page": page,
            "rows": rows,
            "page_has_errors": bool(error),
            "extra_query": urlencode({"reference": raw}) if raw else "",
        },
        status=400 if error else 200,
    )
