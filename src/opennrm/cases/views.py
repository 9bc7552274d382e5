"""Decision makers' pages: the work queue, the case page, decisions, other actions, letters.

Views are thin: they get objects through selectors that ask the access policy (a case the
user may not see answers 404, an action they may not take 403), write through services,
and render.
"""

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
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from opennrm.access import evaluate
from opennrm.access.policy import Permission
from opennrm.accounts.models import User
from opennrm.audit.services import audit_record_search
from opennrm.cases import letters, selectors, services
from opennrm.cases.deadlines import deadline_view, next_deadline_view
from opennrm.cases.domain import PROPOSED_STATES, Action, State, allowed_actions, permission_for
from opennrm.cases.forms import (
    CaseActionForm,
    DecisionForm,
    InformationRequestForm,
    QueueFilterForm,
)
from opennrm.cases.information import information_request_create
from opennrm.cases.models import Case, DecisionMakerType
from opennrm.cases.sittings import case_sections
from opennrm.cases.timeline import timeline_entries
from opennrm.core.exceptions import ApplicationError
from opennrm.core.form_fields import add_problems
from opennrm.core.jurisdiction import rules_in_force
from opennrm.core.pagination import keyset_page
from opennrm.core.references import search_criterion
from opennrm.policy import DeadlineKind

QUEUE_PAGE_SIZE = 50
ACTION_TITLES = {
    Action.SUSPEND: _("Suspend the case"),
    Action.REINSTATE: _("Reinstate the case"),
    Action.WITHDRAW: _("Withdraw the case"),
    Action.WITHDRAW_IN_ERROR: _("Withdraw a referral made in error or a duplicate"),
    Action.EXTEND_RECOVERY_PERIOD: _("Extend the recovery period"),
    Action.RECOVERY_PERIOD_ENDED: _("End the recovery period"),
}

# What a decision maker is told when a negative decision is proposed rather than issued.
PROPOSED_MESSAGES = {
    State.RG_QUALITY_CHECK: _(
        "The decision is proposed: a senior caseworker checks it before it goes further."
    ),
    State.CG_QUALITY_CHECK: _(
        "The decision is proposed: a senior caseworker checks it before it goes further."
    ),
    State.RG_REVIEW: _(
        "The decision is proposed: the independent review panel reviews it before it is issued."
    ),
    State.CG_REVIEW: _(
        "The decision is proposed: the independent review panel reviews it before it is issued."
    ),
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


QUEUE_FILTER_NAMES = ("state", "age", "nation", "assigned", "due")


def _selected_filters(request: HttpRequest, form: QueueFilterForm) -> list[dict[str, str]]:
    """The filters in force, each with a link that removes it (MOJ filter pattern)."""
    if not form.is_valid():
        return []
    chosen = []
    for name in QUEUE_FILTER_NAMES:
        value = form.cleaned_data.get(name) or ""
        if not value:
            continue
        label = dict(form.fields[name].choices).get(value, value)  # type: ignore[attr-defined]
        chosen.append(
            {
                "category": str(form.fields[name].label),
                "label": str(label),
                "remove": "?" + _with(request, **{name: ""}),
            }
        )
    return chosen


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    """The cases the user works on, soonest next deadline first, with filters."""
    user = _user(request)
    if not evaluate.holds_somewhere(user, Permission.QUEUE_VIEW):
        raise PermissionDenied
    today = timezone.localdate()
    lookup = "".join(request.GET.get("reference", "").split()).upper()[:32]
    lookup_error = ""
    if lookup:
        # Looking a case up by reference is a search: recorded, with whether it was found.
        found = selectors.case_get(user=user, reference=lookup)
        audit_record_search(
            actor=user, kind="case", criteria={**search_criterion(lookup), "found": bool(found)}
        )
        if found is not None:
            return redirect("cases:case", reference=found.reference)
        lookup_error = _("No case you can see has the reference %(reference)s") % {
            "reference": lookup
        }
    form = QueueFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    chosen = {name: data.get(name) for name in QUEUE_FILTER_NAMES if data.get(name)}
    if chosen and not lookup:
        audit_record_search(actor=user, kind="case", criteria={"filters": chosen})
    age = data.get("age", "")
    filters = selectors.QueueFilters(
        state={"": "open", "all": ""}.get(data.get("state", ""), data.get("state", "")),
        is_child={"child": True, "adult": False}.get(age),
        nation=data.get("nation", ""),
        assigned=data.get("assigned", ""),
        due=data.get("due", ""),
    )
    latest_first = request.GET.get("order") == "latest"
    cases = selectors.case_queue(user=user, filters=filters, today=today)
    after = request.GET.get("after", "")
    try:
        page = keyset_page(
            cases, key="next_deadline", cursor=after, limit=QUEUE_PAGE_SIZE, descending=latest_first
        )
    except ApplicationError:
        after = ""  # a mangled link: start from the first page
        page = keyset_page(
            cases, key="next_deadline", limit=QUEUE_PAGE_SIZE, descending=latest_first
        )
    query = request.GET.copy()
    query.pop("after", None)
    if page.next_cursor:
        query["after"] = page.next_cursor
    rows = [{"case": case, "deadline": next_deadline_view(case, today)} for case in page.items]
    can_assign = evaluate.holds_somewhere(user, Permission.CASE_ASSIGN)
    return render(
        request,
        "cases/queue.html",
        {
            "form": form,
            "rows": rows,
            "selected_filters": _selected_filters(request, form),
            "next_query": query.urlencode() if page.next_cursor else "",
            "first_page_query": _with(request) if after else "",
            "counts": selectors.overdue_counts(user=user, today=today),
            "latest_first": latest_first,
            "sort_query": _with(request, order="" if latest_first else "latest"),
            "can_assign": can_assign,
            "current": request.get_full_path(),
            "lookup": lookup,
            "lookup_error": lookup_error,
            "page_has_errors": bool(lookup_error),
        },
    )


@login_required
@require_POST
def assign_selected(request: HttpRequest) -> HttpResponse:
    """Assign the cases ticked in the work queue to oneself (one button for the page)."""
    user = _user(request)
    if not evaluate.holds_somewhere(user, Permission.CASE_ASSIGN):
        raise PermissionDenied
    back = _same_site(request, request.POST.get("next", ""), reverse("cases:queue"))
    chosen = request.POST.getlist("case")[:QUEUE_PAGE_SIZE]
    if not chosen:
        messages.error(request, _("Select the cases to assign to yourself"))
        return redirect(back)
    assigned = []
    for entry in chosen:
        reference, _sep, version = entry.partition(":")
        try:
            case = selectors.case_get_for(
                user=user, reference=reference, permission=Permission.CASE_ASSIGN, record_view=False
            )
            services.case_assign(
                user=user,
                case=case,
                assignee=user,
                expected_version=int(version) if version.isascii() and version.isdigit() else -1,
            )
        except ApplicationError as error:
            messages.error(request, f"{reference[:32]}: {error.message}")
        else:
            assigned.append(case.reference)
    if assigned:
        messages.success(
            request,
            ngettext(
                "%(count)s case is now assigned to you: %(references)s.",
                "%(count)s cases are now assigned to you: %(references)s.",
                len(assigned),
            )
            % {"count": len(assigned), "references": ", ".join(assigned)},
        )
    return redirect(back)


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
    # The page only reads: its sections ask the same questions of the policy many times.
    with evaluate.answers_kept():
        return _case_page(request, reference)


def _case_page(request: HttpRequest, reference: str) -> HttpResponse:
    user = _user(request)
    case = selectors.case_get_for(user=user, reference=reference)
    today = timezone.localdate()
    permissions = evaluate.permissions_on(user, case, "case")
    actions = allowed_actions(case.state, permissions)
    rules = rules_in_force(today, case.nation)
    decisions = list(case.decisions.all())
    # A panel decides at a meeting (historic decisions loaded by data migration excepted).
    panel_case = (
        case.decision_maker_type == DecisionMakerType.PANEL
        and Permission.CASE_BACKDATE not in permissions
    )
    return render(
        request,
        "cases/case.html",
        {
            "case": case,
            "referral": case.referral,
            "answers": case.referral.answers,
            "evidence": list(case.referral.evidence.all()),
            "decisions": decisions,
            "timeline": timeline_entries(selectors.case_timeline(case=case)),
            "deadlines": [
                view
                for kind, on in (
                    (DeadlineKind.RG_DUE, case.rg_due),
                    (DeadlineKind.RECOVERY_PERIOD_ENDS, case.recovery_period_ends),
                    (DeadlineKind.CG_POSSIBLE_FROM, case.cg_earliest),
                    (DeadlineKind.REVIEW_DUE, case.review_due),
                    (DeadlineKind.RECONSIDERATION_DUE, case.reconsideration_due),
                )
                if (view := deadline_view(case, kind, on, today)) is not None
            ],
            "next_deadline": next_deadline_view(case, today),
            # A panel decides at a meeting: its section of the page offers that instead.
            "can_decide_rg": Action.DECIDE_RG_POSITIVE in actions and not panel_case,
            "can_decide_cg": Action.DECIDE_CG_POSITIVE in actions
            and not panel_case
            and not any(d.is_pending for d in decisions),
            "sections": case_sections(user=user, case=case, today=today),
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
    if case.decision_maker_type == DecisionMakerType.PANEL and not evaluate.may(
        user, Permission.CASE_BACKDATE, case
    ):
        messages.error(
            request,
            _(
                "A child panel decides at a quorate meeting: put the case on a meeting's "
                "agenda and record the decision there."
            ),
        )
        return redirect("cases:case", reference=case.reference)
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
            case.refresh_from_db(fields=["state"])
            if case.state in PROPOSED_STATES:
                # Proposed, not issued: checked or reviewed first (the reviews app).
                messages.success(request, PROPOSED_MESSAGES[State(case.state)])
                return redirect("cases:case", reference=case.reference)
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
