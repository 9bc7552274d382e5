"""Decision makers' pages: the work queue, the case page, decisions, other actions, letters.

Views are thin: they read through selectors, write through services, and render.
"""

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from opennrm.accounts.models import User
from opennrm.accounts.roles import Role
from opennrm.audit.services import audit_record_access
from opennrm.cases import letters, selectors, services
from opennrm.cases.domain import Action, TransitionRefused, allowed_actions
from opennrm.cases.forms import (
    CaseActionForm,
    DecisionForm,
    InformationRequestForm,
    QueueFilterForm,
)
from opennrm.cases.information import information_request_create
from opennrm.cases.models import Case, DecisionMakerType
from opennrm.policy import load_jurisdiction, working_days_between

QUEUE_PAGE_SIZE = 50
QUEUE_ROLES = frozenset(
    {
        Role.CASEWORKER,
        Role.SENIOR_CASEWORKER,
        Role.PANEL_MEMBER,
        Role.PANEL_CHAIR,
        Role.REVIEW_PANEL_MEMBER,
        Role.AUDITOR,
        Role.DATA_MIGRATION,
    }
)
ACTION_TITLES = {
    Action.SUSPEND: _("Suspend the case"),
    Action.REINSTATE: _("Reinstate the case"),
    Action.WITHDRAW: _("Withdraw the case"),
    Action.EXTEND_RECOVERY_PERIOD: _("Extend the recovery period"),
    Action.RECOVERY_PERIOD_ENDED: _("End the recovery period"),
}


def _user(request: HttpRequest) -> User:
    user: User = request.user  # type: ignore[assignment]
    if not user.roles & QUEUE_ROLES:
        raise PermissionDenied
    return user


def _case_or_404(user: User, reference: str) -> Case:
    case = selectors.case_get(user=user, reference=reference)
    if case is None:
        raise Http404
    return case


def deadline_text(due: date | None, today: date, nation: str, working: bool) -> str:
    """ "3 working days left", "due today", "2 days overdue"…"""
    if due is None:
        return ""
    days = working_days_between(today, due, nation) if working else (due - today).days
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
    """Cases for the user's competent authority or panel, soonest deadline first."""
    user = _user(request)
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
    if after:
        try:
            cases = selectors.after_cursor(cases, after, latest_first=latest_first)
        except ValueError:
            after = ""  # a mangled link: start from the first page
    page = list(cases[: QUEUE_PAGE_SIZE + 1])
    more = len(page) > QUEUE_PAGE_SIZE
    page = page[:QUEUE_PAGE_SIZE]
    query = request.GET.copy()
    query.pop("after", None)
    if more and page:
        query["after"] = f"{page[-1].rg_due.isoformat()}_{page[-1].pk}"
    rows = [
        {
            "case": case,
            "rg_left": deadline_text(
                case.rg_due,
                today,
                case.nation,
                case.decision_maker_type == DecisionMakerType.COMPETENT_AUTHORITY,
            )
            if case.state == "awaiting_rg"
            else "",
            "overdue": case.state == "awaiting_rg" and case.rg_due < today,
        }
        for case in page
    ]
    return render(
        request,
        "cases/queue.html",
        {
            "form": form,
            "rows": rows,
            "next_query": query.urlencode() if more else "",
            "first_page_query": request.GET.copy().urlencode() if after else "",
            "counts": selectors.overdue_counts(user=user, today=today),
            "latest_first": latest_first,
            "sort_query": _with(request, order="" if latest_first else "latest"),
            "can_assign": bool(
                user.roles
                & {Role.CASEWORKER, Role.SENIOR_CASEWORKER, Role.PANEL_CHAIR, Role.PANEL_MEMBER}
            ),
        },
    )


@login_required
@require_POST
def assign_to_me(request: HttpRequest, reference: str) -> HttpResponse:
    user = _user(request)
    case = _case_or_404(user, reference)
    try:
        services.case_assign(
            user=user,
            case=case,
            assignee=user,
            expected_version=int(request.POST.get("version", -1)),
        )
    except services.CaseChanged as changed:
        messages.error(request, str(changed))
    except TransitionRefused as refused:
        messages.error(request, refused.reason)
    else:
        messages.success(request, _("%(ref)s is assigned to you.") % {"ref": case.reference})
    return redirect(request.POST.get("next") or "cases:queue")


@login_required
@require_POST
def assign(request: HttpRequest, reference: str) -> HttpResponse:
    """Assign the case to a colleague in the deciding organisation, or to nobody."""
    user = _user(request)
    case = _case_or_404(user, reference)
    chosen = request.POST.get("assignee", "")
    assignee = None
    if chosen:
        assignee = (
            selectors.colleagues_for_case(user=user, case=case)
            .filter(pk=int(chosen) if chosen.isdigit() else 0)
            .first()
        )
        if assignee is None:
            messages.error(request, _("Choose someone from the list"))
            return redirect("cases:case", reference=case.reference)
    try:
        services.case_assign(
            user=user,
            case=case,
            assignee=assignee,
            expected_version=int(request.POST.get("version", "-1") or -1),
        )
    except services.CaseChanged as changed:
        messages.error(request, str(changed))
    except TransitionRefused as refused:
        messages.error(request, refused.reason)
    else:
        messages.success(request, _("The case has been assigned."))
    return redirect("cases:case", reference=case.reference)


@login_required
def case_page(request: HttpRequest, reference: str) -> HttpResponse:
    """Everything about one case. Viewing it is recorded ("who viewed this record")."""
    user = _user(request)
    case = _case_or_404(user, reference)
    audit_record_access(actor=user, obj=case, case_reference=case.reference)
    today = timezone.localdate()
    working = case.decision_maker_type == DecisionMakerType.COMPETENT_AUTHORITY
    roles = services.roles_on_case(user, case)
    actions = allowed_actions(case.state, roles)
    rules = load_jurisdiction("uk").rules_on(today)
    return render(
        request,
        "cases/case.html",
        {
            "case": case,
            "referral": case.referral,
            "answers": case.referral.answers,
            "decisions": list(case.decisions.all()),
            "timeline": list(selectors.case_timeline(user=user, case=case)),
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
            "can_request_information": bool(actions),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def decide(request: HttpRequest, reference: str, stage: str) -> HttpResponse:
    """Record a decision, showing the standard in force today."""
    user = _user(request)
    case = _case_or_404(user, reference)
    if stage not in ("reasonable_grounds", "conclusive_grounds"):
        raise Http404
    rules = load_jurisdiction("uk").rules_on(timezone.localdate())
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
            conflict = str(changed)
        except TransitionRefused as refused:
            target = refused.field if refused.field in form.fields else None
            form.add_error(target, refused.reason)
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
    case = _case_or_404(user, reference)
    try:
        chosen = Action(action)
    except ValueError:
        raise Http404 from None
    if chosen not in ACTION_TITLES:
        raise Http404
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
                extra_days=data.get("extra_days") or 0,
            )
        except services.CaseChanged as changed:
            conflict = str(changed)
        except TransitionRefused as refused:
            form.add_error(refused.field if refused.field in form.fields else None, refused.reason)
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
    case = _case_or_404(user, reference)
    form = InformationRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            information_request_create(user=user, case=case, question=form.cleaned_data["question"])
        except TransitionRefused as refused:
            form.add_error(refused.field if refused.field in form.fields else None, refused.reason)
        else:
            messages.success(request, _("Your question has been sent to the first responder."))
            return redirect("cases:case", reference=case.reference)
    return render(
        request,
        "cases/request_information.html",
        {"case": case, "form": form, "page_has_errors": bool(form.errors)},
    )


def _decision_or_404(request: HttpRequest, reference: str, decision_id: int) -> Any:
    user: User = request.user  # type: ignore[assignment]
    case = selectors.case_get(user=user, reference=reference)
    decision = case.decisions.filter(pk=decision_id).first() if case is not None else None
    if decision is None:
        raise Http404
    audit_record_access(actor=user, obj=decision, case_reference=reference)
    return decision


@login_required
def letter_pdf(request: HttpRequest, reference: str, decision_id: int) -> HttpResponse:
    """The decision letter as a PDF download."""
    decision = _decision_or_404(request, reference, decision_id)
    response = HttpResponse(letters.letter_pdf(decision), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{reference}-decision.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def letter(request: HttpRequest, reference: str, decision_id: int) -> HttpResponse:
    """The decision letter and, for a child, the child-friendly explanation."""
    user: User = request.user  # type: ignore[assignment]
    case = selectors.case_get(user=user, reference=reference)
    if case is None:
        raise Http404
    decision = case.decisions.filter(pk=decision_id).first()
    if decision is None:
        raise Http404
    audit_record_access(actor=user, obj=decision, case_reference=case.reference)
    context: dict[str, Any] = {
        "case": case,
        "decision": decision,
        **letters.letter_context(decision),
    }
    return render(request, "cases/letter_page.html", context)
