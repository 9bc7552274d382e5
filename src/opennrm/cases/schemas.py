"""How cases are described in the API. Defined once; the referrals API reuses them."""

from datetime import date, datetime

from ninja import Schema
from pydantic import Field

# An e-mail address, checked loosely: the service looks people up by it.
EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"


class DecisionMakerOut(Schema):
    type: str
    name: str


class DeadlinesOut(Schema):
    rg_due: date
    recovery_period_ends: date | None
    cg_earliest: date | None


class CaseSummaryOut(Schema):
    """A case as a referral shows it: where it stands and who decides it."""

    reference: str
    state: str
    decision_maker: DecisionMakerOut
    deadlines: DeadlinesOut


class CaseOut(CaseSummaryOut):
    is_child: bool
    nation: str
    assigned_to: str | None
    version: int


class DecisionOut(Schema):
    id: int
    stage: str
    outcome: str
    rationale: str
    threshold_wording: str
    decided_at: datetime
    decided_by: str
    sent_to_review: bool
    takes_effect_on: date | None = Field(
        None, description="For a decision recorded to take effect later: the day it does."
    )
    supersedes: int | None = Field(
        None,
        description="The earlier decision at the same stage this one replaces (after a "
        "reconsideration or an independent review); both are kept.",
    )


class CaseDetailOut(CaseOut):
    received_at: datetime
    person_id: int = Field(description="The person: `/api/v1/people/{id}`.")
    decisions: list[DecisionOut]


class LeadSocialWorkerIn(Schema):
    name: str = Field(min_length=1, max_length=200)
    email: str = Field(max_length=254, pattern=EMAIL_PATTERN)


class SafeguardingIn(Schema):
    """The child-protection picture beside a panel's decision."""

    section_47_reference: str = Field("", max_length=100)
    strategy_discussion_on: date | None = None
    child_protection_plan: bool = False
    lead_social_worker: LeadSocialWorkerIn


class PanelDecisionIn(Schema):
    """What a child panel records with its decision, beyond the decision itself."""

    best_interests: str = Field(
        min_length=1, max_length=20_000, description="How the child's best interests were weighed."
    )
    safeguarding: SafeguardingIn
    dissent: str = Field("", max_length=20_000, description="Where members disagreed, and why.")


class CasePage(Schema):
    items: list[CaseOut]
    next_cursor: str | None
