"""A panel's decisions are made at a meeting: the ``Sitting`` that ``cases.services.
decision_record`` asks to check the meeting and to record what the panel adds.

Checked in the decision's own transaction, with the case locked: the meeting is this
child's panel's, was held on or before the day of the decision, was quorate under the rules
in force that day, the person recording sat at it, the case is on its agenda, and its chair
is not the child's lead social worker. The child's voice and best interests are required.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils.dateparse import parse_date

from opennrm.access import evaluate
from opennrm.access.policy import Permission
from opennrm.accounts.models import User
from opennrm.cases import sittings
from opennrm.cases.models import Case, Decision, DecisionStage
from opennrm.core.exceptions import ApplicationError, NotFound, Problem
from opennrm.core.jurisdiction import jurisdiction
from opennrm.panels.domain import chair_is_conflicted, missing_agencies, quorum_message
from opennrm.panels.models import PanelDecision, PanelMeeting

FIELD = "meeting_id"


@dataclass(frozen=True)
class Safeguarding:
    """The child-protection picture a panel records with its decision."""

    lead_social_worker_name: str
    lead_social_worker_email: str
    section_47_reference: str = ""
    strategy_discussion_on: date | None = None
    child_protection_plan: bool = False


@dataclass(frozen=True)
class PanelDetails:
    """What a panel records with a decision, beyond the decision itself."""

    best_interests: str
    safeguarding: Safeguarding
    dissent: str = ""

    @staticmethod
    def from_mapping(details: Mapping[str, Any]) -> "PanelDetails":
        """From the API's ``panel`` object (already shape-checked by its schema)."""
        raw: Mapping[str, Any] = details.get("safeguarding") or {}
        lead: Mapping[str, Any] = raw.get("lead_social_worker") or {}
        when = raw.get("strategy_discussion_on")
        return PanelDetails(
            best_interests=str(details.get("best_interests") or ""),
            dissent=str(details.get("dissent") or ""),
            safeguarding=Safeguarding(
                lead_social_worker_name=str(lead.get("name") or ""),
                lead_social_worker_email=str(lead.get("email") or ""),
                section_47_reference=str(raw.get("section_47_reference") or ""),
                strategy_discussion_on=(
                    when if isinstance(when, date) else parse_date(str(when)) if when else None
                ),
                child_protection_plan=bool(raw.get("child_protection_plan")),
            ),
        )


def quorum_problem(meeting: PanelMeeting, nation: str) -> str | None:
    """Why the meeting could not decide (not quorate on its day), or None."""
    rules = jurisdiction().rules_on(meeting.held_on, nation)
    present = [a.agency for a in meeting.attendance.all()]
    missing = missing_agencies(present, rules.panel_quorum_agencies)
    return quorum_message(missing) if missing else None


@dataclass
class PanelSitting:
    """The meeting at which a panel records a decision (implements ``cases.sittings.
    Sitting``)."""

    meeting: PanelMeeting
    details: PanelDetails
    _checked: bool = field(default=False, repr=False)

    @property
    def meeting_id(self) -> int:
        return self.meeting.pk

    def check(
        self, *, user: Any, case: Any, stage: str, decided_on: date, child_voice: str
    ) -> None:
        meeting = self.meeting
        if meeting.panel_id != case.decision_maker_id:
            raise ApplicationError(
                f"This child is not in the area of {meeting.panel.name}: "
                f"{case.decision_maker.name} decides for them",
                field=FIELD,
            )
        if meeting.held_on > decided_on:
            raise ApplicationError(
                f"The meeting is on {meeting.held_on:%-d %B %Y}: record its decisions on or "
                "after that day",
                field=FIELD,
            )
        if problem := quorum_problem(meeting, case.nation):
            raise ApplicationError(
                f"{problem}, so it cannot decide. Record who attended, or choose another meeting",
                field=FIELD,
            )
        if not any(a.user_id == user.pk for a in meeting.attendance.all()):
            raise ApplicationError(
                "Only someone who sat at the meeting can record its decisions", field=FIELD
            )
        if not meeting.agenda.filter(case_id=case.pk).exists():
            raise ApplicationError(
                f"{case.reference} is not on this meeting's agenda: put it on the agenda first",
                field=FIELD,
            )
        problems = []
        if not child_voice.strip():
            problems.append(
                Problem(
                    ("child_wishes_and_feelings",),
                    "Record the child's wishes and feelings, in their own words where possible",
                )
            )
        if not self.details.best_interests.strip():
            problems.append(
                Problem(("best_interests",), "Record how the child's best interests were weighed")
            )
        safeguarding = self.details.safeguarding
        if not safeguarding.lead_social_worker_name.strip():
            problems.append(
                Problem(("lead_social_worker_name",), "Enter the name of the lead social worker")
            )
        if "@" not in safeguarding.lead_social_worker_email:
            problems.append(
                Problem(
                    ("lead_social_worker_email",),
                    "Enter the lead social worker's e-mail address, like name@council.gov.uk",
                )
            )
        if safeguarding.strategy_discussion_on and safeguarding.strategy_discussion_on > decided_on:
            problems.append(
                Problem(
                    ("strategy_discussion_on",),
                    "The date of the strategy discussion must be in the past",
                )
            )
        if problems:
            raise ApplicationError(problems=problems)
        chair_email = meeting.chair.email
        if chair_is_conflicted(
            chair_email=chair_email, lead_social_worker_email=safeguarding.lead_social_worker_email
        ):
            raise ApplicationError(
                f"{meeting.chair.get_full_name()} chairs this meeting and is the child's lead "
                "social worker: another member must chair the decision about this child",
                field=FIELD,
            )
        self._checked = True

    def made_rg_decision(self, *, case: Any) -> bool:
        return PanelDecision.objects.filter(
            meeting=self.meeting,
            decision__case=case,
            decision__stage=DecisionStage.REASONABLE_GROUNDS,
        ).exists()

    def record(self, *, user: Any, decision: Any) -> None:
        if not self._checked:
            raise ApplicationError("The meeting was not checked", field=FIELD)
        safeguarding = self.details.safeguarding
        PanelDecision.objects.create(
            decision=decision,
            meeting=self.meeting,
            members_present=[
                {"user": a.user_id, "name": a.user.get_full_name(), "agency": a.agency}
                for a in self.meeting.attendance.all()
            ],
            chair=self.meeting.chair,
            best_interests=self.details.best_interests.strip(),
            section_47_reference=safeguarding.section_47_reference.strip(),
            strategy_discussion_on=safeguarding.strategy_discussion_on,
            child_protection_plan=safeguarding.child_protection_plan,
            lead_social_worker_name=safeguarding.lead_social_worker_name.strip(),
            lead_social_worker_email=safeguarding.lead_social_worker_email.strip(),
            dissent=self.details.dissent.strip(),
        )


def meeting_for_decision(*, user: User, meeting_id: int) -> PanelMeeting:
    """A meeting the person may see, with what a decision needs loaded; ``ApplicationError``
    on ``meeting_id`` otherwise (a meeting they cannot see is not named)."""
    meeting = (
        PanelMeeting.objects.select_related("panel", "chair")
        .prefetch_related("attendance__user")
        .filter(pk=meeting_id)
        .first()
    )
    if meeting is None or not evaluate.may(user, Permission.MEETING_VIEW, meeting):
        raise ApplicationError("There is no meeting with that id", field=FIELD)
    return meeting


def sitting_for(
    *, user: Any, case: Case, meeting_id: int, details: Mapping[str, Any]
) -> PanelSitting:
    """The sitting for an API call: ``details`` is its ``panel`` object."""
    try:
        meeting = meeting_for_decision(user=user, meeting_id=meeting_id)
    except NotFound:
        raise ApplicationError("There is no meeting with that id", field=FIELD) from None
    if not details:
        raise ApplicationError(
            "A panel's decision needs `panel`: the child's best interests and the "
            "safeguarding picture",
            field="panel",
        )
    return PanelSitting(meeting=meeting, details=PanelDetails.from_mapping(details))


def panel_detail(decision: Decision) -> PanelDecision | None:
    return PanelDecision.objects.filter(decision=decision).first()


def register() -> None:
    sittings.register_sitting_factory(sitting_for)
