"""Decision makers' pages: the work queue, the case page, decisions, other actions, letters.

Views are thin: they get objects through selectors that ask the access policy (a case the
user may not see answers 404, an action they may not take 403), write through services,
and render.
"""

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from opennrm.access import evaluate
from opennrm.access.policy import Permission
from opennrm.accounts.models import User
from opennrm.cases import letters, selectors, services
from opennrm.cases.domain import Action, allowed_actions, permission_for
from opennrm.cases.forms import (
    CaseActionForm,
    DecisionForm,
    InformationRequestForm,
    QueueFilterForm,
)
from opennrm.cases.information import information_request_create
from opennrm.cases.models import Case
from opennrm.core.exceptions import ApplicationError
from opennrm.core.form_fields import add_problems
from opennrm.core.jurisdiction import rules_in_force
from opennrm.core.pagination import keyset_page
from opennrm.policy import rg_target_in_working_days, time_left

QUEUE_PAGE_SIZE = 50
ACTION_TITLES = {
    Action.SUSPEND: _("Suspend the case"),
    Action.REINSTATE: _("Reinstate the case"),
    Action.WITHDRAW: _("Withdraw the case"),
    Action.WITHDRAW_IN_ERROR: _("Withdraw a referral made in error or a duplicate"),
    Action.EXTEND_RECOVERY_PERIOD: _("Extend the recovery period"),
    Action.RECOVERY_PERIOD_ENDED: _("End the recovery period"),
}


def _user(request: HttpRequest) -> User:
    user: User = request.user  # type: ignore[assignment]
    return user


def _same_site(request: HttpRequest, target: str, fallback: str) -> str:
    """``target`` if it is a path on this service, else ``fallback`` (never an open redirect)."""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def deadline_text(due: date | None, today: date, nation: str, working: bool) -> str:
    """ "3 working days left", "due today", "2 days overdue"…"""
    if due is None:
        return ""
    days = time_left(due, today, nation=nation, in_working_days=working)
    unit = _("working days") if working else _("days")
    if days > 0:
        return _("%(n)s %(unit)s left") % {"n": days, "unit": unit}
    if days == 0:
        return _("due today")
    return _("%(n)s %(unit)s overdue") % {"n": -days, "unit": unit}


def _with(request: HttpRequest, **changes: str) -> str:
    """The current query string with some parameters changed (and the page reset)."""
    query = request.GET.copy()
    query.pop("after", None)
    for key, value in changes.items():
        if value:
            query[key] = value
        else:
            query.pop(key, None)
    return query.urlencode()


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    """The cases the user works on, soonest deadline first."""
    user = _user(request)
    if not evaluate.holds_somewhere(user, Permission.QUEUE_VIEW):
        raise PermissionDenied
    today = timezone.localdate()
    form = QueueFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    age = data.get("age", "")
    filters = selectors.QueueFilters(
        state={"": "open", "all": ""}.get(data.get("state", ""), data.get("state", "")),
        is_child={"child": True, "adult": False}.get(age),
        nation=data.get("nation", ""),
        assigned=data.get("assigned", ""),
        due=data.get("due", ""),
    )
    latest_first = request.GET.get("order") == "latest"
    cases = selectors.case_queue(user=user, filters=filters, today=today, latest_first=latest_first)
    after = request.GET.get("after", "")
    try:
        page = keyset_page(
            cases, key="rg_due", cursor=after, limit=QUEUE_PAGE_SIZE, descending=latest_first
        )
    except ApplicationError:
        after = ""  # a mangled link: start from the first page
        page = keyset_page(cases, key="rg_due", limit=QUEUE_PAGE_SIZE, descending=latest_first)
    query = request.GET.copy()
    query.pop("after", None)
    if page.next_cursor:
        query["after"] = page.next_cursor
    rows = [
        {
            "case": case,
            "rg_left": deadline_text(
                case.rg_due,
                today,
                case.nation,
                rg_target_in_working_days(case.decision_maker_type),
            )
            if case.state == "awaiting_rg"
            else "",
            "overdue": case.state == "awaiting_rg" and case.rg_due < today,
        }
        for case in page.items
    ]
    return render(
        request,
        "cases/queue.html",
        {
            "form": form,
            "rows": rows,
            "next_query": query.urlencode() if page.next_cursor else "",
            "first_page_query": request.GET.copy().urlencode() if after else "",
            "counts": selectors.overdue_counts(user=user, today=today),
            "latest_first": latest_first,
            "sort_query": _with(request, order="" if latest_first else "latest"),
            "can_assign": evaluate.holds_somewhere(user, Permission.CASE_ASSIGN),
        },
    )


def _assign(request: HttpRequest, case: Case, assignee: User | None) -> bool:
    try:
        services.case_assign(
            user=_user(request),
            case=case,
            assignee=assignee,
            expected_version=int(request.POST.get("version", "-1") or -1),
        )
    except ApplicationError as error:
        messages.error(request, error.message)
        return False
    return True


@login_required
@require_POST
def assign_to_me(request: HttpRequest, reference: str) -> HttpResponse:
    user = _user(request)
    case = selectors.case_get_for(user=user, reference=reference, permission=Permission.CASE_ASSIGN)
    if _assign(request, case, user):
        messages.success(request, _("%(ref)s is assigned to you.") % {"ref": case.reference})
    return redirect(_same_site(request, request.POST.get("next", ""), reverse("cases:queue")))


@login_required
@require_POST
def assign(request: HttpRequest, reference: str) -> HttpResponse:
    """Assign the case to a colleague in the deciding organisation, or to nobody."""
    user = _user(request)
    case = selectors.case_get_for(user=user, reference=reference, permission=Permission.CASE_ASSIGN)
    chosen = request.POST.get("assignee", "")
    assignee = None
    if chosen:
        assignee = (
            selectors.colleagues_for_case(user=user, case=case)
            .filter(pk=int(chosen) if chosen.isascii() and chosen.isdigit() else 0)
            .first()
        )
        if assignee is None:
            messages.error(request, _("Choose someone from the list"))
            return redirect("cases:case", reference=case.reference)
    if _assign(request, case, assignee):
        messages.success(request, _("The case has been assigned."))
    return redirect("cases:case", reference=case.reference)


@login_required
def case_page(request: HttpRequest, reference: str) -> HttpResponse:
    """Everything about one case. Viewing it is recorded ("who viewed this record")."""
    user = _user(request)
    case = selectors.case_get_for(user=user, reference=reference)
    today = timezone.localdate()
    working = rg_target_in_working_days(case.decision_maker_type)
    permissions = evaluate.permissions_on(user, case, "case")
    actions = allowed_actions(case.state, permissions)
    rules = rules_in_force(today, case.nation)
    return render(
        request,
        "cases/case.html",
        {
            "case": case,
            "referral": case.referral,
            "answers": case.referral.answers,
            "decisions": list(case.decisions.all()),
            "timeline": list(selectors.case_timeline(case=case)),
            "deadlines": [
                (
                    _("Reasonable grounds decision due"),
                    case.rg_due,
                    deadline_text(case.rg_due, today, case.nation, working)
                    if case.state == "awaiting_rg"
                    else "",
                ),
                (
                    _("Recovery period ends"),
                    case.recovery_period_ends,
                    deadline_text(case.recovery_period_ends, today, case.nation, False)
                    if case.state == "recovery_period"
                    else "",
                ),
                (_("Conclusive grounds decision possible from"), case.cg_earliest, ""),
            ],
            "can_decide_rg": Action.DECIDE_RG_POSITIVE in actions,
            "can_decide_cg": Action.DECIDE_CG_POSITIVE in actions,
            "other_actions": [(a.value, ACTION_TITLES[a]) for a in actions if a in ACTION_TITLES],
            "rules": rules,
            "information_requests": list(case.information_requests.all()),
            "colleagues": list(selectors.colleagues_for_case(user=user, case=case)),
            "can_request_information": Permission.CASE_REQUEST_INFORMATION in permissions
            and bool(actions),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def decide(request: HttpRequest, reference: str, stage: str) -> HttpResponse:
    """Record a decision, showing the standard in force today."""
    user = _user(request)
    if stage not in ("reasonable_grounds", "conclusive_grounds"):
        raise Http404
    case = selectors.case_get_for(user=user, reference=reference, permission=Permission.CASE_DECIDE)
    if stage == "conclusive_grounds" and case.cg_earliest is None:
        # No positive reasonable grounds decision yet: there is nothing to decide.
        messages.error(
            request,
            _("A conclusive grounds decision needs a positive reasonable grounds decision first."),
        )
        return redirect("cases:case", reference=case.reference)
    rules = rules_in_force(timezone.localdate(), case.nation)
    standard = rules.rg_threshold if stage == "reasonable_grounds" else rules.cg_standard
    form = DecisionForm(
        request.POST or None,
        initial={"version": case.version},
        is_child=case.is_child,
        stage=stage,
    )
    conflict = ""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            decision = services.decision_record(
                user=user,
                case=case,
                expected_version=data["version"],
                decision=services.DecisionInput(
                    stage=stage,
                    outcome=data["outcome"],
                    rationale=data["rationale"],
                    evidence_considered=data.get("evidence_considered", ""),
                    local_authority_consulted=data.get("local_authority_consulted", False),
                    child_wishes_and_feelings=data.get("child_wishes_and_feelings", ""),
                    consultations=tuple(data.get("consultations", [])),
                ),
            )
        except services.CaseChanged as changed:
            conflict = changed.message
        except ApplicationError as error:
            add_problems(form, error)
        else:
            messages.success(
                request,
                _("The decision has been recorded and the first responder told."),
            )
            return redirect("cases:letter", reference=case.reference, decision_id=decision.pk)
    return render(
        request,
        "cases/decide.html",
        {
            "case": case,
            "form": form,
            "stage": stage,
            "standard": standard,
            "conflict": conflict,
            "page_has_errors": bool(form.errors or conflict),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_action(request: HttpRequest, reference: str, action: str) -> HttpResponse:
    user = _user(request)
    try:
        chosen = Action(action)
    except ValueError:
        raise Http404 from None
    if chosen not in ACTION_TITLES:
        raise Http404
    case = selectors.case_get_for(user=user, reference=reference, permission=permission_for(chosen))
    form = CaseActionForm(request.POST or None, initial={"version": case.version}, action=chosen)
    conflict = ""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.case_transition(
                user=user,
                case=case,
                action=chosen,
                expected_version=data["version"],
                reason=data.get("reason", ""),
                written_consent=data.get("written_consent", False),
                withdrawal_reason=data.get("withdrawal_reason", ""),
                duplicate_of=data.get("duplicate_of", ""),
                extra_days=data.get("extra_days") or 0,
            )
        except services.CaseChanged as changed:
            conflict = changed.message
        except ApplicationError as error:
            add_problems(form, error)
        else:
            messages.success(request, _("The case has been updated."))
            return redirect("cases:case", reference=case.reference)
    return render(
        request,
        "cases/action.html",
        {
            "case": case,
            "form": form,
            "title": ACTION_TITLES[chosen],
            "conflict": conflict,
            "page_has_errors": bool(form.errors or conflict),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def request_information(request: HttpRequest, reference: str) -> HttpResponse:
    """Ask the first responder for more information."""
    user = _user(request)
    case = selectors.case_get_for(
        user=user, reference=reference, permission=Permission.CASE_REQUEST_INFORMATION
    )
    form = InformationRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            information_request_create(user=user, case=case, question=form.cleaned_data["question"])
        except ApplicationError as error:
            add_problems(form, error)
        else:
            messages.success(request, _("Your question has been sent to the first responder."))
            return redirect("cases:case", reference=case.reference)
    return render(
        request,
        "cases/request_information.html",
        {"case": case, "form": form, "page_has_errors": bool(form.errors)},
    )


def _decision(request: HttpRequest, reference: str, decision_id: int) -> Any:
    """A decision on a case the user may see; reading it is recorded."""
    case = selectors.case_get_for(user=_user(request), reference=reference, record_view=False)
    decision = case.decisions.filter(pk=decision_id).first()
    if decision is None:
        raise Http404
    evaluate.record_view_of(_user(request), decision)
    return decision


@login_required
def letter_pdf(request: HttpRequest, reference: str, decision_id: int) -> HttpResponse:
    """The decision letter as a PDF download."""
    decision = _decision(request, reference, decision_id)
    response = HttpResponse(letters.letter_pdf(decision), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{reference}-decision.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def letter(request: HttpRequest, reference: str, decision_id: int) -> HttpResponse:
    """The decision letter and, for a child, the child-friendly explanation."""
    decision = _decision(request, reference, decision_id)
    context: dict[str, Any] = {
        "case": decision.case,
        "decision": decision,
        **letters.letter_context(decision),
    }
    return render(request, "cases/letter_page.html", context)
