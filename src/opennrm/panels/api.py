"""`/api/v1/panels`, a child's guardian, and the person's age assessments and missing episodes.

Thin: the access policy decides what a caller may see (404) and do (403), the services apply
the rules, and an ``ApplicationError`` becomes a 4xx with the path to the field.
"""

from datetime import date, datetime
from typing import Any, Literal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema, Status
from pydantic import Field

from opennrm.access import evaluate
from opennrm.access.policy import Permission
from opennrm.cases import selectors as case_selectors
from opennrm.cases.schemas import EMAIL_PATTERN
from opennrm.core.api_schemas import Message, ValidationErrorResponse
from opennrm.core.exceptions import Forbidden, NotFound
from opennrm.panels import selectors, services
from opennrm.panels.sittings import quorum_problem
from opennrm.people.models import MissingEpisode

router = Router(tags=["panels"])

AgencyName = Literal[
    "childrens_social_care", "police", "health", "education", "guardian_service", "other"
]
Email = Field(max_length=254, pattern=EMAIL_PATTERN)

ERRORS: dict[int, Any] = {401: Message, 403: Message, 404: Message, 422: ValidationErrorResponse}


class PanelOut(Schema):
    id: int
    name: str
    site: str
    authorities: list[str] = Field(description="The local authorities it covers today.")


class AttendeeIn(Schema):
    email: str = Email
    agency: AgencyName


class MeetingIn(Schema):
    held_on: date
    chair: str = Field(max_length=254, pattern=EMAIL_PATTERN, description="The chair's e-mail.")
    attendees: list[AttendeeIn] = Field(default_factory=list, max_length=50)


class MeetingOut(Schema):
    id: int
    held_on: date
    chair: str
    quorate: bool
    quorum_problem: str | None


class GuardianIn(Schema):
    guardian: str = Field(
        "", max_length=254, description="The guardian's e-mail (empty: refer the child only)."
    )
    kind: Literal["direct", "indirect"]


class GuardianOut(Schema):
    reference: str
    kind: str
    service: str
    guardian: str | None


class AgeAssessmentIn(Schema):
    assessing_authority: str = Field(max_length=200)
    assessed_on: date | None = Field(None, description="Required: the day it was made.")
    outcome: Literal["child", "adult"]
    significant_doubt_documented: bool
    date_of_birth_found: date | None = None


class AgeAssessmentOut(Schema):
    id: int
    assessing_authority: str
    assessed_on: date
    outcome: str
    significant_doubt_documented: bool


class MissingIn(Schema):
    went_missing_at: datetime | None = Field(None, description="Required.")
    police_notified_at: datetime | None = None
    police_reference: str = Field("", max_length=50)
    local_authority_notified_at: datetime | None = None
    circumstances: str = Field("", max_length=10_000)


class MissingEndIn(Schema):
    returned_at: datetime | None = Field(None, description="Required: when they came back.")


class MissingOut(Schema):
    id: int
    went_missing_at: datetime
    returned_at: datetime | None
    police_notified_at: datetime | None
    local_authority_notified_at: datetime | None


class PersonOut(Schema):
    id: int
    age_disputed: bool
    date_of_birth: date | None
    missing: bool
    age_assessments: list[AgeAssessmentOut]
    missing_episodes: list[MissingOut]


def _meeting_out(meeting: Any) -> dict[str, Any]:
    problem = quorum_problem(meeting, meeting.panel.nation or "england")
    return {
        "id": meeting.pk,
        "held_on": meeting.held_on,
        "chair": meeting.chair.email,
        "quorate": problem is None,
        "quorum_problem": problem,
    }


def _missing_out(episode: MissingEpisode) -> dict[str, Any]:
    return {
        "id": episode.pk,
        "went_missing_at": episode.went_missing_at,
        "returned_at": episode.returned_at,
        "police_notified_at": episode.police_notified_at,
        "local_authority_notified_at": episode.local_authority_notified_at,
    }


@router.get("/panels", response={200: list[PanelOut], **ERRORS})
def list_panels(request: HttpRequest) -> Status[Any]:
    """The child panels you sit on (every panel, for an administrator)."""
    if not evaluate.holds_somewhere(request.user, Permission.PANEL_VIEW):
        raise Forbidden("Your role has no child panels")
    today = timezone.localdate()
    panels = selectors.panel_list_for_user(user=request.user)  # type: ignore[arg-type]
    return Status(
        200,
        [
            {
                "id": p.pk,
                "name": p.name,
                "site": p.panel_site,
                "authorities": p.authorities_on(today),
            }
            for p in panels
        ],
    )


@router.post("/panels/{id}/meetings", response={201: MeetingOut, **ERRORS})
def schedule_meeting(request: HttpRequest, id: int, payload: MeetingIn) -> Status[Any]:
    """Schedule a meeting with its chair and those attending (each with the agency they sit
    for). `quorate` says whether those present make the quorum the rules require on the
    day; a decision can only be recorded at a quorate meeting."""
    panel = selectors.panel_get_for(
        user=request.user,  # type: ignore[arg-type]
        panel_id=id,
        permission=Permission.PANEL_SCHEDULE,
    )
    meeting = services.meeting_schedule(
        actor=request.user,  # type: ignore[arg-type]
        panel=panel,
        held_on=payload.held_on,
        chair_email=payload.chair,
        attendees=[services.Attendee(email=a.email, agency=a.agency) for a in payload.attendees],
    )
    fresh = selectors.meeting_get_for(user=request.user, meeting_id=meeting.pk)  # type: ignore[arg-type]
    return Status(201, _meeting_out(fresh))


@router.put("/cases/{reference}/guardian", response={200: GuardianOut, **ERRORS})
def put_guardian(request: HttpRequest, reference: str, payload: GuardianIn) -> Status[Any]:
    """Refer the child to the guardian service (`direct` when nobody in the UK holds parental
    responsibility, `indirect` otherwise) and assign their named guardian. 422 on `guardian`
    where the service does not run in the child's area."""
    case = case_selectors.case_get_for(
        user=request.user,  # type: ignore[arg-type]
        reference=reference,
        permission=Permission.CASE_GUARDIAN,
        record_view=False,
    )
    referral = services.guardian_assign(
        actor=request.user,  # type: ignore[arg-type]
        case=case,
        kind=payload.kind,
        guardian_email=payload.guardian,
    )
    return Status(
        200,
        {
            "reference": case.reference,
            "kind": referral.kind,
            "service": referral.service.name,
            "guardian": referral.guardian.email if referral.guardian else None,
        },
    )


def _person_out(person: Any) -> dict[str, Any]:
    episodes = list(person.missing_episodes.all())
    return {
        "id": person.pk,
        "age_disputed": person.age_disputed,
        "date_of_birth": person.date_of_birth,
        "missing": any(e.returned_at is None for e in episodes),
        "age_assessments": [
            {
                "id": a.pk,
                "assessing_authority": a.assessing_authority,
                "assessed_on": a.assessed_on,
                "outcome": a.outcome,
                "significant_doubt_documented": a.significant_doubt_documented,
            }
            for a in person.age_assessments.all()
        ],
        "missing_episodes": [_missing_out(e) for e in episodes],
    }


@router.get("/people/{id}", response={200: PersonOut, **ERRORS})
def get_person(request: HttpRequest, id: int) -> Status[Any]:
    """A person's age assessments and missing episodes (the case gives `person_id`)."""
    person = selectors.person_get_for(user=request.user, person_id=id)  # type: ignore[arg-type]
    return Status(200, _person_out(person))


@router.post("/people/{id}/age-assessments", response={201: PersonOut, **ERRORS})
def record_age_assessment(request: HttpRequest, id: int, payload: AgeAssessmentIn) -> Status[Any]:
    """Record an age assessment. An adult's open cases go to the competent authority, which
    is asked to seek their consent; a child's dispute ends (and a child awaiting the RG
    decision in a panel's area goes to that panel). 422 without `assessed_on`."""
    person = selectors.person_get_for(
        user=request.user,  # type: ignore[arg-type]
        person_id=id,
        permission=Permission.PERSON_ASSESS_AGE,
        record_view=False,
    )
    services.age_assessment_record(
        actor=request.user,  # type: ignore[arg-type]
        person=person,
        assessing_authority=payload.assessing_authority,
        assessed_on=payload.assessed_on,
        outcome=payload.outcome,
        significant_doubt_documented=payload.significant_doubt_documented,
        date_of_birth_found=payload.date_of_birth_found,
    )
    person.refresh_from_db()
    return Status(201, _person_out(person))


@router.post("/people/{id}/missing-episodes", response={201: MissingOut, **ERRORS})
def record_missing(request: HttpRequest, id: int, payload: MissingIn) -> Status[Any]:
    """Record that the person went missing; their open cases are suspended where you may
    manage them, and their decision makers told otherwise."""
    person = selectors.person_get_for(
        user=request.user,  # type: ignore[arg-type]
        person_id=id,
        permission=Permission.PERSON_RECORD_MISSING,
        record_view=False,
    )
    episode = services.missing_episode_record(
        actor=request.user,  # type: ignore[arg-type]
        person=person,
        went_missing_at=payload.went_missing_at,
        police_notified_at=payload.police_notified_at,
        police_reference=payload.police_reference,
        local_authority_notified_at=payload.local_authority_notified_at,
        circumstances=payload.circumstances,
    )
    return Status(201, _missing_out(episode))


@router.patch("/people/{id}/missing-episodes/{episode_id}", response={200: MissingOut, **ERRORS})
def end_missing(
    request: HttpRequest, id: int, episode_id: int, payload: MissingEndIn
) -> Status[Any]:
    """Record that the person came back; a case suspended while they were missing is
    reinstated where you may manage it."""
    person = selectors.person_get_for(
        user=request.user,  # type: ignore[arg-type]
        person_id=id,
        permission=Permission.PERSON_RECORD_MISSING,
        record_view=False,
    )
    episode = MissingEpisode.objects.filter(pk=episode_id, person=person).first()
    if episode is None:
        raise NotFound("No such missing episode", field="episode_id")
    ended = services.missing_episode_close(
        actor=request.user,  # type: ignore[arg-type]
        person=person,
        episode=episode,
        returned_at=payload.returned_at,
    )
    return Status(200, _missing_out(ended))
