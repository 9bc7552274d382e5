"""Pages for what follows a decision. Thin: the case comes through a selector that asks the
access policy (404 if the person may not know it, 403 if they may not do this), the
service applies the rules, and a refusal is shown in the GOV.UK error summary."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from opennrm.access import evaluate
from opennrm.access.policy import Permission
from opennrm.accounts.models import User
from opennrm.cases.models import Case
from opennrm.core.exceptions import ApplicationError, Forbidden
from opennrm.core.form_fields import add_problems
from opennrm.core.jurisdiction import jurisdiction
from opennrm.policy import reconsideration_deadline
from opennrm.protection import after_decision, forms, judicial_reviews, reconsiderations, support
from opennrm.protection.models import JudicialReview, ReconsiderationRequest, RequestStatus
from opennrm.protection.selectors import case_for_action


def _user(request: HttpRequest) -> User:
    user: User = request.user  # type: ignore[assignment]
    return user


def _back(user: User, case: Case) -> HttpResponse:
    """To the case page for those who see it; home for a first responder, who does not."""
    if evaluate.may(user, Permission.CASE_VIEW, case):
        return redirect("cases:case", reference=case.reference)
    return redirect("home:home")


def _form_page(
    request: HttpRequest,
    *,
    case: Case,
    form: Any,
    template: str,
    act: Callable[[dict[str, Any]], object],
    done: str,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    """Show ``form``; on a valid POST run ``act`` with its data and go back to the case."""
    user = _user(request)
    if request.method == "POST" and form.is_valid():
        try:
            act(form.cleaned_data)
        except ApplicationError as error:
            add_problems(form, error)
        else:
            messages.success(request, done)
            return _back(user, case)
    return render(
        request,
        template,
        {
            "case": case,
            "form": form,
            "page_has_errors": bool(form.errors),
            "sees_case": evaluate.may(user, Permission.CASE_VIEW, case),
            **(extra or {}),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def reconsideration_new(request: HttpRequest, reference: str) -> HttpResponse:
    """Ask for a negative decision to be reconsidered, with the evidence."""
    user = _user(request)
    case = case_for_action(
        user=user, reference=reference, permission=Permission.CASE_REQUEST_RECONSIDERATION
    )
    decision = reconsiderations.decision_to_reconsider(case)
    deadline = (
        reconsideration_deadline(
            timezone.localdate(decision.decided_at), case.nation, jurisdiction=jurisdiction()
        )
        if decision is not None
        else None
    )
    form = forms.ReconsiderationForm(request.POST or None)

    def act(data: dict[str, Any]) -> object:
        return reconsiderations.reconsideration_request(
            user=user,
            case=case,
            grounds=data["grounds"],
            details=data["details"],
            evidence=data["evidence"],
            exceptional_reason=data["exceptional_reason"],
            requested_for=data["requested_for"],
            representative_name=data["representative_name"],
        )

    return _form_page(
        request,
        case=case,
        form=form,
        template="protection/reconsideration_new.html",
        act=act,
        done=_("Your request for reconsideration has been sent to the decision maker."),
        extra={"decision": decision, "deadline": deadline},
    )


@login_required
@require_http_methods(["GET", "POST"])
def reconsideration_answer(request: HttpRequest, reference: str) -> HttpResponse:
    """The decision maker accepts or declines the request waiting on the case."""
    user = _user(request)
    case = case_for_action(
        user=user, reference=reference, permission=Permission.CASE_ANSWER_RECONSIDERATION
    )
    pending = (
        ReconsiderationRequest.objects.filter(case=case, status=RequestStatus.PENDING)
        .select_related("decision", "requested_by", "requested_by_organisation")
        .first()
    )
    form = forms.AnswerForm(request.POST or None)
    if pending is None:
        messages.info(request, _("No request for reconsideration is waiting on this case."))
        return redirect("cases:case", reference=case.reference)

    def act(data: dict[str, Any]) -> object:
        return reconsiderations.reconsideration_answer(
            user=user,
            request=pending,
            accept=data["accept"] == "yes",
            reasons=data["reasons"],
            expected_version=int(request.POST.get("version", "-1") or -1),
        )

    return _form_page(
        request,
        case=case,
        form=form,
        template="protection/reconsideration_answer.html",
        act=act,
        done=_("Your answer has been recorded."),
        extra={"request_": pending},
    )


@login_required
@require_http_methods(["GET", "POST"])
def support_allocate(request: HttpRequest, reference: str) -> HttpResponse:
    user = _user(request)
    case = case_for_action(
        user=user, reference=reference, permission=Permission.CASE_ALLOCATE_SUPPORT
    )
    providers = support.support_providers()
    form = forms.SupportForm(request.POST or None, providers=providers)
    return _form_page(
        request,
        case=case,
        form=form,
        template="protection/support.html",
        act=lambda data: support.support_allocate(
            user=user, case=case, provider_id=data["provider"]
        ),
        done=_("The support provider has been allocated."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def extension_new(request: HttpRequest, reference: str) -> HttpResponse:
    user = _user(request)
    case = case_for_action(
        user=user, reference=reference, permission=Permission.CASE_REQUEST_EXTENSION
    )
    form = forms.ExtensionForm(request.POST or None)
    return _form_page(
        request,
        case=case,
        form=form,
        template="protection/extension.html",
        act=lambda data: support.extension_request(
            user=user, case=case, days=data["days"], reason=data["reason"]
        ),
        done=_("Your request for more recovery time has been sent to the decision maker."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def judicial_review_new(request: HttpRequest, reference: str) -> HttpResponse:
    user = _user(request)
    case = case_for_action(
        user=user, reference=reference, permission=Permission.CASE_RECORD_JUDICIAL_REVIEW
    )
    form = forms.JudicialReviewForm(request.POST or None, decisions=list(case.decisions.all()))
    return _form_page(
        request,
        case=case,
        form=form,
        template="protection/judicial_review.html",
        act=lambda data: judicial_reviews.judicial_review_record(
            user=user,
            case=case,
            decision_id=data["decision"],
            claim_lodged_on=data["claim_lodged_on"],
            solicitor_referral_offered=data["solicitor_referral_offered"],
            solicitor=data["solicitor"],
        ),
        done=_("The judicial review has been recorded."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def judicial_review_outcome(request: HttpRequest, reference: str) -> HttpResponse:
    user = _user(request)
    case = case_for_action(
        user=user, reference=reference, permission=Permission.CASE_RECORD_JUDICIAL_REVIEW
    )
    review = JudicialReview.objects.filter(case=case, outcome="pending").first()
    if review is None:
        messages.info(request, _("No judicial review of this case is waiting for its outcome."))
        return redirect("cases:case", reference=case.reference)
    form = forms.JudicialReviewOutcomeForm(request.POST or None)
    return _form_page(
        request,
        case=case,
        form=form,
        template="protection/judicial_review_outcome.html",
        act=lambda data: judicial_reviews.judicial_review_outcome(
            user=user, review=review, outcome=data["outcome"], outcome_on=data["outcome_on"]
        ),
        done=_("The outcome of the judicial review has been recorded."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def leave_consider(request: HttpRequest, reference: str) -> HttpResponse:
    """Home Office immigration staff record that leave to remain was considered. Anyone
    else who may see the case is told why they cannot."""
    user = _user(request)
    try:
        case = case_for_action(
            user=user, reference=reference, permission=Permission.CASE_CONSIDER_LEAVE
        )
    except Forbidden:
        # They may see the case, but not its immigration details: say why, plainly.
        return render(
            request,
            "protection/refused.html",
            {"reason": after_decision.IMMIGRATION_STAFF_ONLY, "reference": reference},
            status=403,
        )
    form = forms.LeaveForm(request.POST or None)
    return _form_page(
        request,
        case=case,
        form=form,
        template="protection/leave.html",
        act=lambda data: after_decision.leave_consideration_record(
            user=user,
            case=case,
            kind=data["kind"],
            outcome=data["outcome"],
            considered_on=data["considered_on"],
            reasons=data["reasons"],
            child_best_interests=data["child_best_interests"],
        ),
        done=_("The consideration of leave to remain has been recorded."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def public_order(request: HttpRequest, reference: str) -> HttpResponse:
    user = _user(request)
    case = case_for_action(user=user, reference=reference, permission=Permission.CASE_PUBLIC_ORDER)
    form = forms.PublicOrderForm(request.POST or None)
    return _form_page(
        request,
        case=case,
        form=form,
        template="protection/public_order.html",
        act=lambda data: after_decision.public_order_decide(
            user=user,
            case=case,
            grounds=data["grounds"],
            representations=data["representations"],
            outcome=data["outcome"],
            reasons=data["reasons"],
        ),
        done=_("The public-order decision has been recorded."),
    )
