"""Writes for child panels, guardians and children's safeguarding.

Each service asks the access policy whether the person may act, works inside one
transaction and writes its audit events there (ids, codes and dates; never free text).
Cases change only through ``cases.services``; people's records only through
``people.services``.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from opennrm.access import evaluate
from opennrm.access.policy import Permission, Relation
from opennrm.accounts import services as account_services
from opennrm.accounts.models import Organisation, OrganisationType, RoleMembership, User
from opennrm.audit.services import audit_record
from opennrm.cases import services as case_services
from opennrm.cases.domain import FINAL_STATES, OPEN_STATES, Action, State
from opennrm.cases.models import Case
from opennrm.cases.selectors import decision_makers_of
from opennrm.core.exceptions import ApplicationError, Forbidden
from opennrm.core.jurisdiction import jurisdiction
from opennrm.notifications.services import email_queue
from opennrm.panels.domain import AGENCY_NAMES, Agency, ConsentOutcome
from opennrm.panels.models import (
    AgendaItem,
    CaseNote,
    ConsentRequest,
    GuardianReferral,
    MeetingAttendance,
    Panel,
    PanelMeeting,
    PanelMember,
)
from opennrm.people import services as people_services
from opennrm.people.domain import AgeOutcome
from opennrm.people.models import AgeAssessment, MissingEpisode, Person, PossibleRetrafficking
from opennrm.policy.guardians import GuardianSupport

# Panel membership ---------------------------------------------------------------------


def _panel_roles() -> tuple[str, str]:
    """The role a panel's members hold and the role its chairs hold, as the access policy
    grants them (no role is named outside the policy)."""
    chairs = evaluate.roles_granting(Permission.PANEL_CHAIR_MEETINGS, Relation.OWN_ORGANISATION)
    members = evaluate.roles_granting(Permission.PANEL_SCHEDULE, Relation.OWN_ORGANISATION) - chairs
    return sorted(members)[0], sorted(chairs)[0]


def _require(user: User, permission: Permission, obj: object | None = None) -> None:
    if not evaluate.may(user, permission, obj):  # type: ignore[arg-type]
        raise Forbidden("Your role does not allow this", field="role")


def panel_member_add(
    *, actor: User, panel: Panel, email: str, agency: str, chairs: bool = False
) -> PanelMember:
    """Seat a person on a panel for an agency, with the role that lets them work on its
    cases (a chair's role if they may chair its meetings)."""
    _require(actor, Permission.PANEL_MANAGE_MEMBERS, panel)
    if agency not in {a.value for a in Agency}:
        raise ApplicationError("Select the agency they sit for", field="agency")
    person = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
    if person is None:
        raise ApplicationError(
            "Enter the e-mail address of someone who already has an account", field="email"
        )
    member_role, chair_role = _panel_roles()
    with transaction.atomic():
        if PanelMember.objects.filter(panel=panel, user=person, left_on__isnull=True).exists():
            raise ApplicationError(
                f"{person.get_full_name()} already sits on this panel", field="email"
            )
        seat = PanelMember.objects.create(
            panel=panel, user=person, agency=agency, chairs=chairs, added_by=actor
        )
        account_services.membership_grant(
            actor=actor, user=person, organisation=panel, role=chair_role if chairs else member_role
        )
        audit_record(
            actor=actor,
            action="panel.member_added",
            obj=seat,
            payload={"panel": panel.pk, "user": person.pk, "agency": agency, "chairs": chairs},
        )
    return seat


def panel_member_remove(*, actor: User, panel: Panel, seat: PanelMember) -> PanelMember:
    """A member leaves the panel: their seat ends today and their panel role is withdrawn.
    Decisions they took part in keep their names."""
    _require(actor, Permission.PANEL_MANAGE_MEMBERS, panel)
    if seat.panel_id != panel.pk or seat.left_on is not None:
        raise ApplicationError("This person does not sit on this panel now", field="member")
    member_role, chair_role = _panel_roles()
    with transaction.atomic():
        seat.left_on = timezone.localdate()
        seat.save(update_fields=["left_on"])
        for membership in RoleMembership.objects.filter(
            user=seat.user, organisation=panel, role__in=(member_role, chair_role), is_active=True
        ):
            account_services.membership_revoke(actor=actor, membership=membership)
        audit_record(
            actor=actor,
            action="panel.member_removed",
            obj=seat,
            payload={"panel": panel.pk, "user": seat.user_id},
        )
    return seat


# Meetings -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Attendee:
    """Someone present at a meeting, by e-mail, and the agency they sat for."""

    email: str
    agency: str


def _seats(panel: Panel) -> dict[str, PanelMember]:
    return {
        seat.user.email.casefold(): seat
        for seat in PanelMember.objects.filter(panel=panel, left_on__isnull=True).select_related(
            "user"
        )
    }


def _attendance(
    panel: Panel, chair: PanelMember, attendees: Sequence[Attendee]
) -> list[PanelMember]:
    seats = _seats(panel)
    present: dict[int, PanelMember] = {chair.user_id: chair}
    for index, attendee in enumerate(attendees):
        seat = seats.get(attendee.email.strip().casefold())
        if seat is None:
            raise ApplicationError(
                f"{attendee.email.strip()} does not sit on this panel",
                field=("attendees", index, "email"),
            )
        if attendee.agency != seat.agency:
            raise ApplicationError(
                f"{seat.user.get_full_name()} sits on this panel for "
                f"{AGENCY_NAMES.get(seat.agency, seat.agency)}, not "
                f"{AGENCY_NAMES.get(attendee.agency, attendee.agency)}",
                field=("attendees", index, "agency"),
            )
        present[seat.user_id] = seat
    return list(present.values())


def _chair_seat(panel: Panel, chair_email: str) -> PanelMember:
    seat = _seats(panel).get(chair_email.strip().casefold())
    if seat is None:
        raise ApplicationError("Enter the e-mail address of a member of this panel", field="chair")
    if not evaluate.may(seat.user, Permission.PANEL_CHAIR_MEETINGS, panel):
        raise ApplicationError(
            f"{seat.user.get_full_name()} does not chair this panel's meetings", field="chair"
        )
    return seat


def meeting_schedule(
    *,
    actor: User,
    panel: Panel,
    held_on: date | None,
    chair_email: str,
    attendees: Sequence[Attendee] = (),
) -> PanelMeeting:
    """Schedule a panel meeting with its chair (and, if known, who attends)."""
    _require(actor, Permission.PANEL_SCHEDULE, panel)
    if held_on is None:
        raise ApplicationError("Enter the date of the meeting", field="held_on")
    site = panel.site
    if site is not None and held_on < site.effective_from:
        raise ApplicationError(
            f"The meeting cannot be before the panel began, on {site.effective_from:%-d %B %Y}",
            field="held_on",
        )
    chair = _chair_seat(panel, chair_email)
    present = _attendance(panel, chair, attendees)
    with transaction.atomic():
        meeting = PanelMeeting.objects.create(
            panel=panel, held_on=held_on, chair=chair.user, created_by=actor
        )
        MeetingAttendance.objects.bulk_create(
            MeetingAttendance(meeting=meeting, user_id=seat.user_id, agency=seat.agency)
            for seat in present
        )
        audit_record(
            actor=actor,
            action="panel.meeting_scheduled",
            obj=meeting,
            payload={
                "panel": panel.pk,
                "held_on": held_on.isoformat(),
                "chair": chair.user_id,
                "attendees": sorted(seat.user_id for seat in present),
            },
        )
    return meeting


def meeting_attendance_record(
    *, actor: User, meeting: PanelMeeting, attendees: Sequence[Attendee]
) -> PanelMeeting:
    """Record who sat at the meeting (the chair always does)."""
    _require(actor, Permission.MEETING_MANAGE, meeting)
    panel = Panel.objects.get(pk=meeting.panel_id)
    chair = PanelMember.objects.filter(
        panel=panel, user_id=meeting.chair_id, left_on__isnull=True
    ).first()
    if chair is None:
        raise ApplicationError("The chair no longer sits on this panel", field="attendees")
    present = _attendance(panel, chair, attendees)
    with transaction.atomic():
        locked = PanelMeeting.objects.select_for_update().get(pk=meeting.pk)
        if locked.decisions.exists():
            raise ApplicationError(
                "Decisions have been recorded at this meeting, so who sat cannot change",
                field="attendees",
            )
        locked.attendance.all().delete()
        MeetingAttendance.objects.bulk_create(
            MeetingAttendance(meeting=locked, user_id=seat.user_id, agency=seat.agency)
            for seat in present
        )
        audit_record(
            actor=actor,
            action="panel.attendance_recorded",
            obj=locked,
            payload={"attendees": sorted(seat.user_id for seat in present)},
        )
    return locked


def agenda_add(*, actor: User, meeting: PanelMeeting, reference: str) -> AgendaItem:
    """Put a child's case on a meeting's agenda: one of this panel's open cases."""
    _require(actor, Permission.MEETING_MANAGE, meeting)
    case = Case.objects.filter(reference__iexact=reference.strip()).first()
    if case is None or not evaluate.may(actor, Permission.CASE_VIEW, case):
        raise ApplicationError(
            "Enter the reference of one of this panel's cases, like NRM-2026-000123",
            field="reference",
        )
    if case.decision_maker_id != meeting.panel_id:
        raise ApplicationError(
            f"{case.reference} is not a child of this panel's area: "
            f"{case.decision_maker.name} decides it",
            field="reference",
        )
    if case.state not in OPEN_STATES:
        raise ApplicationError(f"{case.reference} has no decision to make", field="reference")
    with transaction.atomic():
        item, created = AgendaItem.objects.get_or_create(
            meeting=meeting, case=case, defaults={"added_by": actor}
        )
        if not created:
            raise ApplicationError(
                f"{case.reference} is already on this meeting's agenda", field="reference"
            )
        audit_record(
            actor=actor,
            action="case.panel_agenda",
            obj=item,
            case_reference=case.reference,
            payload={"meeting": meeting.pk, "held_on": meeting.held_on.isoformat()},
        )
    return item


# Guardians ----------------------------------------------------------------------------


def guardian_service_for(case: Case, on: date) -> Organisation:
    """The guardian service a child of the case's area can be referred to on ``on``.

    Refused, saying so, where the service does not run in the child's local authority (the
    policy data's guardian areas) or the case is not a child's.
    """
    if not case.is_child:
        raise ApplicationError("Only a child can have a guardian", field="guardian")
    area = jurisdiction().guardian_area_for(case.local_authority or None, on)
    if area is None:
        where = case.local_authority or "the child's local authority"
        raise ApplicationError(
            f"There is no independent child trafficking guardian service in {where} "
            f"on {on:%-d %B %Y}",
            field="guardian",
        )
    service = (
        Organisation.objects.filter(
            organisation_type=OrganisationType.GUARDIAN_SERVICE, is_active=True
        )
        .order_by("name")
        .first()
    )
    if service is None:
        raise ApplicationError(
            "The guardian service is not set up in this service: contact the service team",
            field="guardian",
        )
    return service


def guardians_of(service: Organisation) -> QuerySet[User]:
    """The guardians of a guardian service: those holding the role the access policy lets
    be a child's assigned guardian."""
    roles = evaluate.roles_granting(Permission.CASE_ADD_NOTE, Relation.ASSIGNED_GUARDIAN)
    return User.objects.filter(
        is_active=True,
        memberships__organisation=service,
        memberships__is_active=True,
        memberships__role__in=sorted(roles),
    ).distinct()


def guardian_assign(
    *, actor: User, case: Case, kind: str, guardian_email: str = "", today: date | None = None
) -> GuardianReferral:
    """Refer a child to the guardian service (direct or indirect support) and, when given,
    assign their named guardian. Asked of the deciding body (a panel chair or caseworker) or
    the guardian service; refused where the service does not run in the child's area."""
    _require(actor, Permission.CASE_GUARDIAN, case)
    today = today or timezone.localdate()
    if kind not in {k.value for k in GuardianSupport}:
        raise ApplicationError(
            "Select direct or indirect support: direct when nobody in the UK holds "
            "parental responsibility for the child",
            field="kind",
        )
    with transaction.atomic():
        existing = GuardianReferral.objects.select_for_update().filter(case=case).first()
        service = existing.service if existing is not None else guardian_service_for(case, today)
        guardian = None
        if guardian_email.strip():
            guardian = guardians_of(service).filter(email__iexact=guardian_email.strip()).first()
            if guardian is None:
                raise ApplicationError(
                    f"Enter the e-mail address of a guardian of {service.name}", field="guardian"
                )
        if existing is None:
            referral = GuardianReferral.objects.create(
                case=case, service=service, kind=kind, referred_by=actor
            )
            audit_record(
                actor=actor,
                action="case.guardian_referred",
                obj=referral,
                case_reference=case.reference,
                payload={"service": service.pk, "kind": kind},
            )
        else:
            referral = existing
            if referral.kind != kind:
                referral.kind = kind
                referral.save(update_fields=["kind"])
        if guardian is not None and guardian.pk != referral.guardian_id:
            referral.guardian = guardian
            referral.assigned_by = actor
            referral.assigned_at = timezone.now()
            referral.save(update_fields=["guardian", "assigned_by", "assigned_at"])
            audit_record(
                actor=actor,
                action="case.guardian_assigned",
                obj=referral,
                case_reference=case.reference,
                payload={"guardian": guardian.pk, "kind": referral.kind},
            )
            email_queue(
                actor=actor,
                category="panels.guardian_assigned",
                recipients=[guardian.email],
                template="panels/email/guardian_assigned",
                context={"case": case, "guardian": guardian},
                case_reference=case.reference,
            )
    return referral


def note_add(*, actor: User, case: Case, text: str) -> CaseNote:
    """A guardian's note on the child's timeline. The text stays with the case."""
    _require(actor, Permission.CASE_ADD_NOTE, case)
    if not text.strip():
        raise ApplicationError("Enter your note", field="text")
    with transaction.atomic():
        note = CaseNote.objects.create(case=case, text=text.strip(), author=actor)
        audit_record(actor=actor, action="case.note_added", obj=note, case_reference=case.reference)
    return note


# Age assessments ----------------------------------------------------------------------


def _open_cases(person: Person) -> list[Case]:
    """The person's cases not yet finally decided (suspended ones included)."""
    return list(
        Case.objects.filter(person=person)
        .exclude(state__in=FINAL_STATES)
        .select_related("decision_maker", "referral")
        .order_by("id")
    )


def age_assessment_record(
    *,
    actor: User,
    person: Person,
    assessing_authority: str,
    assessed_on: date | None,
    outcome: str,
    significant_doubt_documented: bool,
    date_of_birth_found: date | None = None,
) -> AgeAssessment:
    """Record an age assessment and route the person's open cases by policy.

    An adult: the competent authority decides from now on, and the decision maker is asked
    to seek the person's consent (a task on the case). A child: the dispute is over, and a
    child still awaiting the RG decision goes to their area's panel where the rules say so.
    """
    _require(actor, Permission.PERSON_ASSESS_AGE, person)
    with transaction.atomic():
        assessment = people_services.age_assessment_create(
            actor=actor,
            person=person,
            assessing_authority=assessing_authority,
            assessed_on=assessed_on,
            outcome=outcome,
            significant_doubt_documented=significant_doubt_documented,
            date_of_birth_found=date_of_birth_found,
        )
        person.refresh_from_db()
        adult = outcome == AgeOutcome.ADULT
        for case in _open_cases(person):
            was_child = case.is_child
            moved = case_services.case_reroute_after_age_assessment(
                actor=actor,
                case=case,
                found_to_be_child=not adult,
                date_of_birth=person.date_of_birth,
            )
            audit_record(
                actor=actor,
                action="case.age_assessed",
                obj=assessment,
                case_reference=case.reference,
                payload={"outcome": outcome, "assessed_on": assessment.assessed_on.isoformat()},
            )
            if adult and was_child:
                ConsentRequest.objects.create(case=moved, age_assessment=assessment)
                email_queue(
                    actor=actor,
                    category="panels.consent_needed",
                    recipients=list(
                        decision_makers_of(moved.decision_maker_id).values_list("email", flat=True)
                    ),
                    template="panels/email/consent_needed",
                    context={"case": moved},
                    case_reference=moved.reference,
                )
    return assessment


def consent_record(
    *, actor: User, case: Case, request: ConsentRequest, outcome: str, note: str = ""
) -> ConsentRequest:
    """Record whether the person, found an adult, consents to stay in the NRM."""
    _require(actor, Permission.CASE_MANAGE, case)
    if outcome not in {o.value for o in ConsentOutcome}:
        raise ApplicationError("Select whether they consent", field="outcome")
    with transaction.atomic():
        locked = ConsentRequest.objects.select_for_update().get(pk=request.pk, case=case)
        if locked.resolved_at is not None:
            raise ApplicationError("Their consent has already been recorded", field="outcome")
        locked.outcome = outcome
        locked.note = note.strip()
        locked.resolved_by = actor
        locked.resolved_at = timezone.now()
        locked.save(update_fields=["outcome", "note", "resolved_by", "resolved_at"])
        audit_record(
            actor=actor,
            action="case.consent_recorded",
            obj=locked,
            case_reference=case.reference,
            payload={"outcome": outcome},
        )
    return locked


# Missing episodes ---------------------------------------------------------------------


def _moment(moment: datetime) -> str:
    return f"{timezone.localtime(moment):%-d %B %Y %H:%M}"


def _tell_decision_makers_missing(actor: User, case: Case, went_missing: bool) -> None:
    email_queue(
        actor=actor,
        category="panels.child_missing" if went_missing else "panels.child_returned",
        recipients=list(decision_makers_of(case.decision_maker_id).values_list("email", flat=True)),
        template="panels/email/missing_for_decision_maker",
        context={"case": case, "went_missing": went_missing},
        case_reference=case.reference,
    )


def missing_episode_record(
    *,
    actor: User,
    person: Person,
    went_missing_at: datetime | None,
    police_notified_at: datetime | None = None,
    police_reference: str = "",
    local_authority_notified_at: datetime | None = None,
    circumstances: str = "",
) -> MissingEpisode:
    """Record that a person went missing; their open cases follow the suspension rules.

    Where the person recording may manage a case, it is suspended at once (which tells the
    child's local authority); otherwise its decision makers are told to suspend it.
    """
    _require(actor, Permission.PERSON_RECORD_MISSING, person)
    with transaction.atomic():
        episode = people_services.missing_episode_create(
            actor=actor,
            person=person,
            went_missing_at=went_missing_at,
            police_notified_at=police_notified_at,
            police_reference=police_reference,
            local_authority_notified_at=local_authority_notified_at,
            circumstances=circumstances,
        )
        for case in _open_cases(person):
            audit_record(
                actor=actor,
                action="case.child_went_missing",
                obj=episode,
                case_reference=case.reference,
                payload={"went_missing_at": episode.went_missing_at},
            )
            if case.state in OPEN_STATES and evaluate.may(actor, Permission.CASE_MANAGE, case):
                case_services.case_transition(
                    user=actor,
                    case=case,
                    action=Action.SUSPEND,
                    expected_version=case.version,
                    reason=f"Missing since {_moment(episode.went_missing_at)}",
                )
            else:
                _tell_decision_makers_missing(actor, case, went_missing=True)
    return episode


def missing_episode_close(
    *,
    actor: User,
    person: Person,
    episode: MissingEpisode,
    returned_at: datetime | None,
) -> MissingEpisode:
    """Record that a missing person came back; a case suspended while they were missing is
    reinstated where the person recording may manage it (its decision makers are told
    otherwise)."""
    _require(actor, Permission.PERSON_RECORD_MISSING, person)
    if episode.person_id != person.pk:
        raise ApplicationError("No such missing episode for this person", field="episode")
    with transaction.atomic():
        ended = people_services.missing_episode_end(
            actor=actor, episode=episode, returned_at=returned_at
        )
        for case in _open_cases(person):
            audit_record(
                actor=actor,
                action="case.child_came_back",
                obj=ended,
                case_reference=case.reference,
                payload={"returned_at": ended.returned_at},
            )
            if case.state == State.SUSPENDED and evaluate.may(actor, Permission.CASE_MANAGE, case):
                assert ended.returned_at is not None
                case_services.case_transition(
                    user=actor,
                    case=case,
                    action=Action.REINSTATE,
                    expected_version=case.version,
                    reason=f"Came back on {_moment(ended.returned_at)}",
                )
            elif case.state == State.SUSPENDED:
                _tell_decision_makers_missing(actor, case, went_missing=False)
    return ended


# Re-trafficking -----------------------------------------------------------------------


def retrafficking_resolve(
    *, actor: User, case: Case, flag: PossibleRetrafficking, confirmed: bool, reason: str
) -> PossibleRetrafficking:
    """Confirm or reject that the child or adult of this case was referred before (and may
    have been trafficked again). The two records are never merged."""
    _require(actor, Permission.CASE_CONFIRM_RETRAFFICKING, case)
    if flag.person_id != case.person_id:
        raise ApplicationError("This flag is not about this case's person", field="flag")
    with transaction.atomic():
        resolved = people_services.possible_retrafficking_resolve(
            actor=actor, flag=flag, confirmed=confirmed, reason=reason
        )
        audit_record(
            actor=actor,
            action=f"case.retrafficking_{resolved.status}",
            obj=resolved,
            case_reference=case.reference,
            payload={"earlier": resolved.earlier_id},
        )
    return resolved


__all__ = [
    "Attendee",
    "age_assessment_record",
    "agenda_add",
    "consent_record",
    "guardian_assign",
    "guardian_service_for",
    "meeting_attendance_record",
    "meeting_schedule",
    "missing_episode_close",
    "missing_episode_record",
    "note_add",
    "panel_member_add",
    "panel_member_remove",
    "retrafficking_resolve",
]
