"""Pages for child panels, their meetings and decisions, guardians and safeguarding.

Thin: objects come through selectors that ask the access policy (404 for what a person may
not see, 403 for what they may not do), writes through services, and an
``ApplicationError`` is shown in the GOV.UK error summary with nothing lost.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from opennrm.access import evaluate
from opennrm.access.policy import Permission
from opennrm.accounts.models import User
from opennrm.cases import selectors as case_selectors
from opennrm.cases import services as case_services
from opennrm.cases.deadlines import next_deadline_view
from opennrm.cases.models import Case, Decision
from opennrm.core.exceptions import ApplicationError
from opennrm.core.form_fields import add_problems
from opennrm.core.jurisdiction import rules_in_force
from opennrm.core.pagination import keyset_page
from opennrm.panels import minutes, selectors, services
from opennrm.panels.domain import missing_agencies
from opennrm.panels.forms import (
    AgeAssessmentForm,
    AgendaForm,
    AttendanceForm,
    ConsentForm,
    GuardianForm,
    MeetingForm,
    MemberForm,
    MissingForm,
    NoteForm,
    PanelDecisionForm,
    RetraffickingForm,
    ReturnForm,
    at,
)
from opennrm.panels.models import Agency, ConsentRequest, GuardianReferral, PanelMember
from opennrm.panels.sittings import PanelDetails, PanelSitting, Safeguarding, quorum_problem
from opennrm.people.models import MissingEpisode, PossibleRetrafficking

PAGE_SIZE = 50
STAGES = {"reasonable_grounds", "conclusive_grounds"}


def _user(request: HttpRequest) -> User:
    user: User = request.user  # type: ignore[assignment]
    return user


def _errors(form: Any, *extra: str) -> bool:
    return bool(form.errors or any(extra))


# Panels --------------------------------------------------------------------------------


@login_required
@require_GET
def panel_list(request: HttpRequest) -> HttpResponse:
    """The child panels the person sits on (every panel, for an administrator)."""
    user = _user(request)
    if not evaluate.holds_somewhere(user, Permission.PANEL_VIEW):
        raise PermissionDenied
    panels = list(selectors.panel_list_for_user(user=user))
    return render(request, "panels/panel_list.html", {"panels": panels})


@login_required
@require_GET
def panel_page(request: HttpRequest, panel_id: int) -> HttpResponse:
    """A panel: the authorities it covers, its members, its meetings, cases to schedule."""
    user = _user(request)
    panel = selectors.panel_get_for(user=user, panel_id=panel_id)
    today = timezone.localdate()
    meetings = selectors.meetings_of(panel)
    after = request.GET.get("after", "")
    try:
        page = keyset_page(meetings, key="held_on", cursor=after, limit=PAGE_SIZE, descending=True)
    except ApplicationError:
        page = keyset_page(meetings, key="held_on", limit=PAGE_SIZE, descending=True)
    awaiting = list(selectors.cases_awaiting_meeting(user=user, today=today)[:PAGE_SIZE])
    return render(
        request,
        "panels/panel.html",
        {
            "panel": panel,
            "authorities": panel.authorities_on(today),
            "members": list(selectors.members_of(panel)),
            "meetings": page.items,
            "next_cursor": page.next_cursor,
            "awaiting": [c for c in awaiting if c.decision_maker_id == panel.pk],
            "quorum": [
                str(dict(Agency.choices).get(agency, agency))
                for agency in rules_in_force(today, panel.nation or "england").panel_quorum_agencies
                or ()
            ],
            "can_schedule": evaluate.may(user, Permission.PANEL_SCHEDULE, panel),
            "can_manage": evaluate.may(user, Permission.PANEL_MANAGE_MEMBERS, panel),
            "today": today,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def members(request: HttpRequest, panel_id: int) -> HttpResponse:
    """An administrator seats people on the panel, each for an agency."""
    user = _user(request)
    panel = selectors.panel_get_for(
        user=user, panel_id=panel_id, permission=Permission.PANEL_MANAGE_MEMBERS
    )
    form = MemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            seat = services.panel_member_add(
                actor=user,
                panel=panel,
                email=form.cleaned_data["email"],
                agency=form.cleaned_data["agency"],
                chairs=form.cleaned_data["chairs"],
            )
        except ApplicationError as error:
            add_problems(form, error)
        else:
            messages.success(
                request,
                _("%(name)s now sits on the panel.") % {"name": seat.user.get_full_name()},
            )
            return redirect("panels:members", panel_id=panel.pk)
    return render(
        request,
        "panels/members.html",
        {
            "panel": panel,
            "form": form,
            "members": list(selectors.members_of(panel)),
            "page_has_errors": _errors(form),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_end(request: HttpRequest, panel_id: int, member_id: int) -> HttpResponse:
    """Confirm that a member leaves the panel."""
    user = _user(request)
    panel = selectors.panel_get_for(
        user=user, panel_id=panel_id, permission=Permission.PANEL_MANAGE_MEMBERS
    )
    seat = (
        PanelMember.objects.select_related("user")
        .filter(pk=member_id, panel=panel, left_on__isnull=True)
        .first()
    )
    if seat is None:
        raise Http404
    if request.method == "POST":
        try:
            services.panel_member_remove(actor=user, panel=panel, seat=seat)
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("%(name)s no longer sits on the panel.") % {"name": seat.user.get_full_name()},
            )
        return redirect("panels:members", panel_id=panel.pk)
    return render(request, "panels/member_end.html", {"panel": panel, "seat": seat})


# Meetings ------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def meeting_new(request: HttpRequest, panel_id: int) -> HttpResponse:
    """Schedule a meeting: its date and chair."""
    user = _user(request)
    panel = selectors.panel_get_for(
        user=user, panel_id=panel_id, permission=Permission.PANEL_SCHEDULE
    )
    chairs = [
        (seat.user.email, seat.user.get_full_name())
        for seat in selectors.members_of(panel)
        if seat.chairs
    ]
    form = MeetingForm(request.POST or None, chairs=chairs)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_schedule(
                actor=user,
                panel=panel,
                held_on=form.cleaned_data["held_on"],
                chair_email=form.cleaned_data["chair"],
            )
        except ApplicationError as error:
            add_problems(form, error)
        else:
            messages.success(request, _("The meeting has been scheduled."))
            return redirect("panels:meeting", meeting_id=meeting.pk)
    return render(
        request,
        "panels/meeting_new.html",
        {"panel": panel, "form": form, "page_has_errors": _errors(form)},
    )


def _meeting_context(user: User, meeting: Any) -> dict[str, Any]:
    items = list(meeting.agenda.all())
    nation = items[0].case.nation if items else (meeting.panel.nation or "england")
    rules = rules_in_force(meeting.held_on, nation)
    present = [a.agency for a in meeting.attendance.all()]
    decided: dict[int, list[Any]] = {}
    for detail in meeting.decisions.select_related("decision").order_by("decision__decided_at"):
        decided.setdefault(detail.decision.case_id, []).append(detail.decision)
    pending = set(
        Decision.objects.filter(
            case_id__in=[item.case_id for item in items],
            takes_effect_on__isnull=False,
            took_effect_at__isnull=True,
        ).values_list("case_id", flat=True)
    )
    return {
        "meeting": meeting,
        "agenda": [
            {
                "item": item,
                "decided": decided.get(item.case_id, []),
                "pending": item.case_id in pending,
            }
            for item in items
        ],
        "attendance": list(meeting.attendance.all()),
        "quorum": rules.panel_quorum_agencies,
        "missing_agencies": missing_agencies(present, rules.panel_quorum_agencies),
        "quorum_problem": quorum_problem(meeting, nation),
        "can_manage": evaluate.may(user, Permission.MEETING_MANAGE, meeting),
    }


@login_required
@require_GET
def meeting_page(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """A meeting: who sat, whether it is quorate, its agenda and what it decided."""
    user = _user(request)
    meeting = selectors.meeting_get_for(user=user, meeting_id=meeting_id)
    context = _meeting_context(user, meeting)
    context["agenda_form"] = AgendaForm()
    context["today"] = timezone.localdate()
    return render(request, "panels/meeting.html", context)


@login_required
@require_POST
def agenda_add(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """Put a case on the meeting's agenda."""
    user = _user(request)
    meeting = selectors.meeting_get_for(
        user=user, meeting_id=meeting_id, permission=Permission.MEETING_MANAGE
    )
    form = AgendaForm(request.POST)
    if form.is_valid():
        try:
            item = services.agenda_add(
                actor=user, meeting=meeting, reference=form.cleaned_data["reference"]
            )
        except ApplicationError as error:
            add_problems(form, error)
        else:
            messages.success(request, _("%(ref)s is on the agenda.") % {"ref": item.case.reference})
            return redirect("panels:meeting", meeting_id=meeting.pk)
    context = _meeting_context(user, meeting)
    context.update(agenda_form=form, page_has_errors=True, today=timezone.localdate())
    return render(request, "panels/meeting.html", context, status=422)


@login_required
@require_http_methods(["GET", "POST"])
def attendance(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """Record who sat at the meeting."""
    user = _user(request)
    meeting = selectors.meeting_get_for(
        user=user, meeting_id=meeting_id, permission=Permission.MEETING_MANAGE
    )
    seats = list(selectors.members_of(meeting.panel))
    labels = dict(Agency.choices)
    choices = [
        (seat.user.email, f"{seat.user.get_full_name()} ({labels.get(seat.agency, seat.agency)})")
        for seat in seats
        if seat.user_id != meeting.chair_id
    ]
    present = [a.user.email for a in meeting.attendance.all()]
    form = AttendanceForm(request.POST or None, members=choices, initial={"attendees": present})
    if request.method == "POST" and form.is_valid():
        by_email = {seat.user.email: seat for seat in seats}
        try:
            services.meeting_attendance_record(
                actor=user,
                meeting=meeting,
                attendees=[
                    services.Attendee(email=email, agency=by_email[email].agency)
                    for email in form.cleaned_data["attendees"]
                ],
            )
        except ApplicationError as error:
            add_problems(form, error)
        else:
            messages.success(request, _("Attendance has been recorded."))
            return redirect("panels:meeting", meeting_id=meeting.pk)
    return render(
        request,
        "panels/attendance.html",
        {"meeting": meeting, "form": form, "page_has_errors": _errors(form)},
    )


@login_required
@require_GET
def minutes_page(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """The minutes of a meeting."""
    meeting = selectors.meeting_get_for(user=_user(request), meeting_id=meeting_id)
    return render(
        request, "panels/minutes_page.html", {"meeting": meeting, **minutes.context(meeting)}
    )


@login_required
@require_GET
def minutes_pdf(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """The minutes as a PDF."""
    meeting = selectors.meeting_get_for(user=_user(request), meeting_id=meeting_id)
    response = HttpResponse(minutes.pdf(meeting), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="panel-minutes-{meeting.pk}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def decide(request: HttpRequest, meeting_id: int, reference: str, stage: str) -> HttpResponse:
    """Record the panel's decision on a child, at this meeting."""
    user = _user(request)
    if stage not in STAGES:
        raise Http404
    case = case_selectors.case_get_for(
        user=user, reference=reference, permission=Permission.CASE_DECIDE, record_view=False
    )
    meeting = selectors.meeting_get_for(user=user, meeting_id=meeting_id)
    rules = rules_in_force(timezone.localdate(), case.nation)
    form = PanelDecisionForm(request.POST or None, initial={"version": case.version}, stage=stage)
    conflict = ""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        sitting = PanelSitting(
            meeting=meeting,
            details=PanelDetails(
                best_interests=data["best_interests"],
                dissent=data["dissent"],
                safeguarding=Safeguarding(
                    lead_social_worker_name=data["lead_social_worker_name"],
                    lead_social_worker_email=data["lead_social_worker_email"],
                    section_47_reference=data["section_47_reference"],
                    strategy_discussion_on=data["strategy_discussion_on"],
                    child_protection_plan=data["child_protection_plan"],
                ),
            ),
        )
        try:
            decision = case_services.decision_record(
                user=user,
                case=case,
                sitting=sitting,
                expected_version=data["version"],
                decision=case_services.DecisionInput(
                    stage=stage,
                    outcome=data["outcome"],
                    rationale=data["rationale"],
                    # Children's social care sits on every quorate panel.
                    local_authority_consulted=True,
                    child_wishes_and_feelings=data["child_wishes_and_feelings"],
                    consultations=tuple(data.get("consultations", [])),
                ),
            )
        except case_services.CaseChanged as changed:
            conflict = changed.message
        except ApplicationError as error:
            add_problems(form, error)
        else:
            if decision.is_pending:
                assert decision.takes_effect_on is not None
                messages.success(
                    request,
                    _(
                        "The decision has been recorded. It takes effect, and is issued, on "
                        "%(date)s."
                    )
                    % {"date": f"{decision.takes_effect_on:%-d %B %Y}"},
                )
            else:
                messages.success(request, _("The decision has been recorded and issued."))
            return redirect("panels:meeting", meeting_id=meeting.pk)
    return render(
        request,
        "panels/decide.html",
        {
            "case": case,
            "meeting": meeting,
            "form": form,
            "stage": stage,
            "standard": rules.rg_threshold if stage == "reasonable_grounds" else rules.cg_standard,
            "conflict": conflict,
            "page_has_errors": _errors(form, conflict),
        },
    )


# Guardians and notes -------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def guardian(request: HttpRequest, reference: str) -> HttpResponse:
    """Refer a child to the guardian service and assign their guardian."""
    user = _user(request)
    case = case_selectors.case_get_for(
        user=user, reference=reference, permission=Permission.CASE_GUARDIAN, record_view=False
    )
    existing = GuardianReferral.objects.filter(case=case).select_related("service").first()
    options: list[tuple[str, str]] = []
    problem = ""
    try:
        service = (
            existing.service
            if existing
            else services.guardian_service_for(case, timezone.localdate())
        )
        options = [(g.email, g.get_full_name()) for g in services.guardians_of(service)]
    except ApplicationError as error:
        problem = error.message
    initial = (
        {"kind": existing.kind, "guardian": existing.guardian.email}
        if (existing and existing.guardian)
        else ({"kind": existing.kind} if existing else {})
    )
    form = GuardianForm(request.POST or None, guardians=options, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.guardian_assign(
                actor=user,
                case=case,
                kind=form.cleaned_data["kind"],
                guardian_email=form.cleaned_data["guardian"],
            )
        except ApplicationError as error:
            add_problems(form, error)
        else:
            messages.success(request, _("The guardian referral has been recorded."))
            return redirect("cases:case", reference=case.reference)
    return render(
        request,
        "panels/guardian.html",
        {"case": case, "form": form, "problem": problem, "page_has_errors": _errors(form)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def note(request: HttpRequest, reference: str) -> HttpResponse:
    """A guardian adds a note to the child's timeline."""
    user = _user(request)
    case = case_selectors.case_get_for(
        user=user, reference=reference, permission=Permission.CASE_ADD_NOTE, record_view=False
    )
    form = NoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.note_add(actor=user, case=case, text=form.cleaned_data["text"])
        except ApplicationError as error:
            add_problems(form, error)
        else:
            messages.success(request, _("Your note has been added."))
            return redirect("cases:case", reference=case.reference)
    return render(
        request, "panels/note.html", {"case": case, "form": form, "page_has_errors": _errors(form)}
    )


@login_required
@require_http_methods(["GET", "POST"])
def retrafficking(request: HttpRequest, reference: str, flag_id: int) -> HttpResponse:
    """Confirm or reject a possible re-trafficking."""
    user = _user(request)
    case = case_selectors.case_get_for(
        user=user,
        reference=reference,
        permission=Permission.CASE_CONFIRM_RETRAFFICKING,
        record_view=False,
    )
    flag = (
        PossibleRetrafficking.objects.select_related("earlier")
        .filter(pk=flag_id, person_id=case.person_id)
        .first()
    )
    if flag is None:
        raise Http404
    form = RetraffickingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.retrafficking_resolve(
                actor=user,
                case=case,
                flag=flag,
                confirmed=form.cleaned_data["confirmed"] == "yes",
                reason=form.cleaned_data["reason"],
            )
        except ApplicationError as error:
            add_problems(form, error)
        else:
            messages.success(request, _("The possible re-trafficking has been decided."))
            return redirect("cases:case", reference=case.reference)
    return render(
        request,
        "panels/retrafficking.html",
        {
            "case": case,
            "flag": flag,
            "earlier_cases": selectors.earlier_cases(user=user, flag=flag),
            "form": form,
            "page_has_errors": _errors(form),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def consent(request: HttpRequest, reference: str) -> HttpResponse:
    """Record the consent sought after an age assessment found the person an adult."""
    user = _user(request)
    case = case_selectors.case_get_for(
        user=user, reference=reference, permission=Permission.CASE_MANAGE, record_view=False
    )
    task = ConsentRequest.objects.filter(case=case, resolved_at__isnull=True).first()
    if task is None:
        messages.error(request, _("There is no consent to record on this case."))
        return redirect("cases:case", reference=case.reference)
    form = ConsentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.consent_record(
                actor=user,
                case=case,
                request=task,
                outcome=form.cleaned_data["outcome"],
                note=form.cleaned_data["note"],
            )
        except ApplicationError as error:
            add_problems(form, error)
        else:
            messages.success(request, _("Their answer has been recorded."))
            return redirect("cases:case", reference=case.reference)
    return render(
        request,
        "panels/consent.html",
        {"case": case, "form": form, "page_has_errors": _errors(form)},
    )


@login_required
@require_GET
def children(request: HttpRequest) -> HttpResponse:
    """The children the person works with, soonest next deadline first, missing flagged."""
    user = _user(request)
    if not evaluate.holds_somewhere(user, Permission.CHILDREN_VIEW):
        raise PermissionDenied
    cases = selectors.children_for_user(user=user)
    after = request.GET.get("after", "")
    try:
        page = keyset_page(cases, key="next_deadline", cursor=after, limit=PAGE_SIZE)
    except ApplicationError:
        page = keyset_page(cases, key="next_deadline", limit=PAGE_SIZE)
    today = timezone.localdate()
    return render(
        request,
        "panels/children.html",
        {
            "rows": [{"case": c, "deadline": next_deadline_view(c, today)} for c in page.items],
            "next_cursor": page.next_cursor,
            "first_page": bool(after),
        },
    )


# The person: age and missing episodes -------------------------------------------------


def _back_case(request: HttpRequest, user: User, person_id: int) -> Case | None:
    """The case the person came from (to link back to it), if they may see it."""
    reference = request.GET.get("case") or request.POST.get("case") or ""
    if not reference:
        return None
    return (
        case_selectors.case_list_for_user(user=user)
        .filter(reference=reference[:32], person_id=person_id)
        .first()
    )


def _after_person(case: Case | None) -> HttpResponse:
    if case is not None:
        return redirect("cases:case", reference=case.reference)
    return redirect("home:home")


@login_required
@require_http_methods(["GET", "POST"])
def age_assessment(request: HttpRequest, person_id: int) -> HttpResponse:
    """Record an age assessment."""
    user = _user(request)
    person = selectors.person_get_for(
        user=user, person_id=person_id, permission=Permission.PERSON_ASSESS_AGE
    )
    case = _back_case(request, user, person.pk)
    form = AgeAssessmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.age_assessment_record(
                actor=user,
                person=person,
                assessing_authority=data["assessing_authority"],
                assessed_on=data["assessed_on"],
                outcome=data["outcome"],
                significant_doubt_documented=data["significant_doubt_documented"],
                date_of_birth_found=data["date_of_birth_found"],
            )
        except ApplicationError as error:
            add_problems(form, error)
        else:
            messages.success(request, _("The age assessment has been recorded."))
            if case is not None:
                # Re-routed by the assessment: an adult is no longer their area's child.
                case.refresh_from_db()
                if not evaluate.may(user, Permission.CASE_VIEW, case):
                    return redirect("home:home")
            return _after_person(case)
    return render(
        request,
        "panels/age_assessment.html",
        {"person": person, "case": case, "form": form, "page_has_errors": _errors(form)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def missing_new(request: HttpRequest, person_id: int) -> HttpResponse:
    """Record that a child went missing."""
    user = _user(request)
    person = selectors.person_get_for(
        user=user, person_id=person_id, permission=Permission.PERSON_RECORD_MISSING
    )
    case = _back_case(request, user, person.pk)
    form = MissingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        went = at(data["went_missing_on"], data["went_missing_time"])
        now = timezone.now()
        try:
            services.missing_episode_record(
                actor=user,
                person=person,
                went_missing_at=went,
                police_notified_at=now if data["police_notified"] else None,
                police_reference=data["police_reference"],
                local_authority_notified_at=now if data["local_authority_notified"] else None,
                circumstances=data["circumstances"],
            )
        except ApplicationError as error:
            add_problems(form, error)
        else:
            messages.success(request, _("They are recorded as missing."))
            return _after_person(case)
    return render(
        request,
        "panels/missing_new.html",
        {"person": person, "case": case, "form": form, "page_has_errors": _errors(form)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def missing_end(request: HttpRequest, person_id: int, episode_id: int) -> HttpResponse:
    """Record that a missing child came back."""
    user = _user(request)
    person = selectors.person_get_for(
        user=user, person_id=person_id, permission=Permission.PERSON_RECORD_MISSING
    )
    episode = MissingEpisode.objects.filter(pk=episode_id, person=person).first()
    if episode is None:
        raise Http404
    case = _back_case(request, user, person.pk)
    form = ReturnForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.missing_episode_close(
                actor=user,
                person=person,
                episode=episode,
                returned_at=at(data["returned_on"], data["returned_time"], latest=True),
            )
        except ApplicationError as error:
            add_problems(form, error)
        else:
            messages.success(request, _("They are recorded as back."))
            return _after_person(case)
    return render(
        request,
        "panels/missing_end.html",
        {
            "person": person,
            "case": case,
            "episode": episode,
            "form": form,
            "page_has_errors": _errors(form),
        },
    )
