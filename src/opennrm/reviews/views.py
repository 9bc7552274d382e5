"""Pages of the safeguards on decisions: the review panel's queue and review page, the
senior caseworker's quality checks, the decision maker's answer to the panel, and the
measures. Thin: selectors ask the access policy, services apply the rules."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from opennrm.access import evaluate
from opennrm.access.policy import Permission
from opennrm.accounts.models import User
from opennrm.cases import selectors as case_selectors
from opennrm.cases.domain import QUALITY_CHECK_STATES, REVIEW_STATES
from opennrm.cases.models import Case
from opennrm.cases.services import CaseChanged, proposed_decision
from opennrm.core.exceptions import ApplicationError
from opennrm.core.form_fields import add_problems
from opennrm.reviews import measures as review_measures
from opennrm.reviews import selectors, services
from opennrm.reviews.forms import ConclusionForm, QualityCheckForm, ResponseForm, ReviewViewForm

LIST_LIMIT = 200


def _user(request: HttpRequest) -> User:
    user: User = request.user  # type: ignore[assignment]
    return user


@login_required
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    """The review panel's queue: proposed negative decisions, soonest due first."""
    user = _user(request)
    if not evaluate.holds_somewhere(user, Permission.CASE_REVIEW):
        raise PermissionDenied
    today = timezone.localdate()
    reviews = list(selectors.review_queue_for_user(user=user)[:LIST_LIMIT])
    return render(request, "reviews/queue.html", {"reviews": reviews, "today": today})


def _review_page(
    request: HttpRequest,
    case: Case,
    *,
    view_form: ReviewViewForm | None = None,
    conclusion_form: ConclusionForm | None = None,
    conflict: str = "",
) -> HttpResponse:
    review = case.independent_reviews.filter(concluded_at__isnull=True).first()
    initial = {"version": case.version}
    view_form = view_form or ReviewViewForm(prefix="view")
    conclusion_form = conclusion_form or ConclusionForm(initial=initial, prefix="conclusion")
    return render(
        request,
        "reviews/review.html",
        {
            "case": case,
            "decision": proposed_decision(case),
            "review": review,
            "views": list(review.views.select_related("member", "agency")) if review else [],
            "view_form": view_form,
            "conclusion_form": conclusion_form,
            "conflict": conflict,
            "page_has_errors": bool(view_form.errors or conclusion_form.errors or conflict),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def review(request: HttpRequest, reference: str) -> HttpResponse:
    """A proposed decision under review: the decision and its reasons, each member's view,
    and the forms for one's own view and the panel's conclusion."""
    user = _user(request)
    case = case_selectors.case_get_for(
        user=user,
        reference=reference,
        permission=Permission.CASE_REVIEW,
        record_view=request.method == "GET",
    )
    if request.method == "POST":
        form = ReviewViewForm(request.POST, prefix="view")
        if form.is_valid():
            try:
                services.review_view_record(
                    user=user,
                    case=case,
                    view=form.cleaned_data["outcome"],
                    reasons=form.cleaned_data["reasons"],
                )
            except ApplicationError as error:
                add_problems(form, error)
            else:
                messages.success(request, _("Your view has been recorded."))
                return redirect("reviews:review", reference=case.reference)
        return _review_page(request, case, view_form=form)
    return _review_page(request, case)


@login_required
@require_POST
def conclude(request: HttpRequest, reference: str) -> HttpResponse:
    """The panel's conclusion: agree (issued) or disagree (back to the decision maker)."""
    user = _user(request)
    case = case_selectors.case_get_for(
        user=user, reference=reference, permission=Permission.CASE_REVIEW, record_view=False
    )
    form = ConclusionForm(request.POST, prefix="conclusion")
    conflict = ""
    if form.is_valid():
        try:
            concluded = services.review_conclude(
                user=user,
                case=case,
                outcome=form.cleaned_data["outcome"],
                reasons=form.cleaned_data["reasons"],
                expected_version=form.cleaned_data["version"],
            )
        except CaseChanged as changed:
            conflict = changed.message
        except ApplicationError as error:
            add_problems(form, error)
        else:
            messages.success(
                request,
                _("The panel agreed: the decision has been issued and the first responder told.")
                if concluded.outcome == "agree"
                else _("The panel disagreed: the case has returned to the decision maker."),
            )
            return redirect("reviews:queue")
    return _review_page(request, case, conclusion_form=form, conflict=conflict)


@login_required
@require_GET
def quality_checks(request: HttpRequest) -> HttpResponse:
    """A senior caseworker's page of proposed negative decisions awaiting their check."""
    user = _user(request)
    if not evaluate.holds_somewhere(user, Permission.CASE_QUALITY_CHECK):
        raise PermissionDenied
    checks = list(selectors.quality_checks_for_user(user=user)[:LIST_LIMIT])
    return render(request, "reviews/quality_checks.html", {"checks": checks})


@login_required
@require_http_methods(["GET", "POST"])
def quality_check(request: HttpRequest, reference: str) -> HttpResponse:
    """Check one proposed negative decision: pass it, or send it back with reasons."""
    user = _user(request)
    case = case_selectors.case_get_for(
        user=user,
        reference=reference,
        permission=Permission.CASE_QUALITY_CHECK,
        record_view=request.method == "GET",
    )
    form = QualityCheckForm(request.POST or None, initial={"version": case.version})
    conflict = ""
    if request.method == "POST" and form.is_valid():
        try:
            services.quality_check_record(
                user=user,
                case=case,
                outcome=form.cleaned_data["outcome"],
                reasons=form.cleaned_data["reasons"],
                expected_version=form.cleaned_data["version"],
            )
        except CaseChanged as changed:
            conflict = changed.message
        except ApplicationError as error:
            add_problems(form, error)
        else:
            case.refresh_from_db()
            messages.success(request, _check_message(case))
            return redirect("reviews:quality-checks")
    return render(
        request,
        "reviews/quality_check.html",
        {
            "case": case,
            "decision": proposed_decision(case) if case.state in QUALITY_CHECK_STATES else None,
            "form": form,
            "conflict": conflict,
            "page_has_errors": bool(form.errors or conflict),
        },
    )


def _check_message(case: Case) -> str:
    if case.state in REVIEW_STATES:
        return _("The decision passed and has gone to the independent review panel.")
    if case.state in QUALITY_CHECK_STATES:
        return _("The decision is still waiting for a check.")
    if case.state in ("negative_rg", "negative_cg"):
        return _("The decision passed and has been issued; the first responder has been told.")
    return _("The decision has been sent back to the decision maker.")


@login_required
@require_http_methods(["GET", "POST"])
def respond(request: HttpRequest, reference: str) -> HttpResponse:
    """The decision maker's answer to a review panel that disagreed, before deciding again."""
    user = _user(request)
    case = case_selectors.case_get_for(
        user=user, reference=reference, permission=Permission.CASE_DECIDE, record_view=False
    )
    waiting = selectors.awaiting_response(case)
    form = ResponseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.panel_response_record(
                user=user,
                case=case,
                accepts=form.cleaned_data["accepts"] == "yes",
                reasons=form.cleaned_data["reasons"],
            )
        except ApplicationError as error:
            add_problems(form, error)
        else:
            messages.success(request, _("Your answer to the panel has been recorded: now decide."))
            stage = waiting.stage if waiting is not None else "reasonable_grounds"
            return redirect("cases:decide", reference=case.reference, stage=stage)
    return render(
        request,
        "reviews/respond.html",
        {
            "case": case,
            "review": waiting,
            "form": form,
            "page_has_errors": bool(form.errors),
        },
    )


@login_required
@require_GET
def measures(request: HttpRequest) -> HttpResponse:
    """How reviews and quality checks are going, by stage and deciding body."""
    user = _user(request)
    if not evaluate.holds_somewhere(user, Permission.MEASURES_VIEW):
        raise PermissionDenied
    table = review_measures.measures_table()
    context: dict[str, Any] = {"table": table}
    return render(request, "reviews/measures.html", context)
