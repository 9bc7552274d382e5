"""Legal holds: see them, place one on a case, lift one. Administrators only."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from opennrm.access import evaluate
from opennrm.access.policy import Permission
from opennrm.accounts.models import User
from opennrm.core.exceptions import ApplicationError
from opennrm.core.form_fields import add_problems
from opennrm.retention import selectors, services
from opennrm.retention.forms import LegalHoldForm
from opennrm.retention.registry import record_types

PAGE_SIZE = 50


def _manager(request: HttpRequest) -> User:
    user: User = request.user  # type: ignore[assignment]
    if not evaluate.holds_somewhere(user, Permission.HOLD_MANAGE):
        raise PermissionDenied
    return user


@login_required
@require_GET
def holds(request: HttpRequest) -> HttpResponse:
    """Legal holds in place and lifted, and how long each kind of record is kept."""
    user = _manager(request)
    page = Paginator(selectors.holds_for_user(user=user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "retention/holds.html",
        {
            "page": page,
            "record_types": record_types(),
            "disposals": selectors.recent_disposals(user=user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def hold_new(request: HttpRequest) -> HttpResponse:
    user = _manager(request)
    form = LegalHoldForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            hold = services.legal_hold_place(
                actor=user,
                case_reference=form.cleaned_data["case_reference"],
                reason=form.cleaned_data["reason"],
            )
        except ApplicationError as error:
            add_problems(form, error)
        else:
            messages.success(
                request,
                _(
                    "%(reference)s is under a legal hold: nothing about it will be deleted or "
                    "anonymised until the hold is lifted."
                )
                % {"reference": hold.case_reference},
            )
            return redirect("retention:holds")
    return render(
        request,
        "retention/hold_new.html",
        {"form": form, "page_has_errors": bool(form.errors)},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def hold_lift(request: HttpRequest, hold_id: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    hold = selectors.hold_for(user=user, hold_id=hold_id)
    if request.method == "POST":
        try:
            services.legal_hold_lift(actor=user, hold=hold)
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("The legal hold on %(reference)s has been lifted.")
                % {"reference": hold.case_reference},
            )
        return redirect("retention:holds")
    return render(request, "retention/hold_lift.html", {"hold": hold})
