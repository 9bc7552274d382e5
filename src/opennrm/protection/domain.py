"""What happens after a decision, as pure rules of plain values (no Django).

There is no formal appeal in the NRM: a wrong "no" is put right by reconsideration or,
failing that, by judicial review (NRM.md §3.7). After a positive conclusive grounds decision
the person has a move-on period and, if subject to immigration control, leave to remain is
considered (§3.8).
"""

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class Ground(StrEnum):
    """Why a decision should be looked at again (statutory guidance, reconsideration)."""

    NEW_EVIDENCE = "new_evidence"
    NOT_IN_LINE_WITH_GUIDANCE = "not_in_line_with_guidance"


class RequestStatus(StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"


class RequestedFor(StrEnum):
    """On whose behalf a request is made: the organisation itself, or the person's legal
    representative (who sends it through the first responder or support provider)."""

    ORGANISATION = "organisation"
    REPRESENTATIVE = "representative"


class JudicialReviewOutcome(StrEnum):
    PENDING = "pending"
    DECISION_QUASHED = "decision_quashed"
    DISMISSED = "dismissed"
    SETTLED = "settled"
    WITHDRAWN = "withdrawn"


class LeaveOutcome(StrEnum):
    """What the consideration of leave to remain found."""

    GRANTED = "granted"
    REFUSED = "refused"
    NOT_SUBJECT_TO_IMMIGRATION_CONTROL = "not_subject_to_immigration_control"


class LeaveKind(StrEnum):
    """The leave considered: discretionary leave before NABA 2022, temporary permission to
    stay for confirmed victims since (NABA 2022 s65)."""

    DISCRETIONARY_LEAVE = "discretionary_leave"
    TEMPORARY_PERMISSION_TO_STAY = "temporary_permission_to_stay"


class PublicOrderOutcome(StrEnum):
    DISQUALIFIED = "disqualified"
    NOT_DISQUALIFIED = "not_disqualified"


# A refused request: (field, reason in words the person can act on).
Problem = tuple[str, str]


@dataclass(frozen=True)
class RequestFacts:
    """A reconsideration request as the rules see it."""

    grounds: frozenset[str]
    details: str
    decided_on: date
    requested_on: date
    deadline: date | None
    exceptional_reason: str = ""
    representative_name: str = ""
    requested_for: str = RequestedFor.ORGANISATION


def request_late(facts: RequestFacts) -> bool:
    """After the window the policy set (``None``: no window, never late)."""
    return facts.deadline is not None and facts.requested_on > facts.deadline


def request_problems(facts: RequestFacts) -> list[Problem]:
    """Everything wrong with a request, in the order of the form; empty when it may be made."""
    problems: list[Problem] = []
    known = {g.value for g in Ground}
    if not facts.grounds or not facts.grounds <= known:
        problems.append(
            (
                "grounds",
                "Select the grounds: new evidence, or that the decision did not follow the "
                "guidance, or both",
            )
        )
    if not facts.details.strip():
        problems.append(("details", "Enter why the decision should be reconsidered"))
    if facts.requested_for == RequestedFor.REPRESENTATIVE and not facts.representative_name.strip():
        problems.append(("representative_name", "Enter the name of the person's representative"))
    if facts.requested_on < facts.decided_on:
        problems.append(("requested_on", "A request cannot come before the decision"))
    elif request_late(facts) and not facts.exceptional_reason.strip():
        # MSA 2015 s49 statutory guidance (Feb 2024): 30 calendar days, later only for an
        # exceptional reason.
        assert facts.deadline is not None
        problems.append(
            (
                "exceptional_reason",
                f"The request is out of time: reconsideration could be asked until "
                f"{facts.deadline:%-d %B %Y}. Enter the exceptional reason it is late",
            )
        )
    return problems


def answer_problems(*, accept: bool | None, reasons: str) -> list[Problem]:
    """A decision maker's answer to a request needs a choice and the reasons for it."""
    problems: list[Problem] = []
    if accept is None:
        problems.append(("accept", "Select whether you accept the request"))
    if not reasons.strip():
        problems.append(("reasons", "Enter the reasons for your answer"))
    return problems


def is_overturned(old_outcome: str, new_outcome: str | None) -> bool:
    """A reconsidered negative decision is overturned when the new decision is positive."""
    return old_outcome == "negative" and new_outcome == "positive"
