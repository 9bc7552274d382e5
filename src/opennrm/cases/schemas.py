"""How cases are described in the API. Defined once; the referrals API reuses them."""

from datetime import date, datetime

from ninja import Schema


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
    stage: str
    outcome: str
    rationale: str
    threshold_wording: str
    decided_at: datetime
    decided_by: str
    sent_to_review: bool


class CaseDetailOut(CaseOut):
    received_at: datetime
    decisions: list[DecisionOut]


class CasePage(Schema):
    items: list[CaseOut]
    next_cursor: str | None
