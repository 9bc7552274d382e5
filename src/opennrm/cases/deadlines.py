"""A case's deadlines as the pages show them: the next one, and how long is left.

The dates come from the policy engine; which clock applies (working or calendar days) is
the policy's choice too. Views never work this out themselves.
"""

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from opennrm.cases.models import Case, NextDeadline
from opennrm.policy import DeadlineKind, next_deadline, rg_target_in_working_days, time_left


def refresh_next_deadline(case: Case) -> list[str]:
    """Set the case's next deadline from its state and dates; return the fields changed."""
    found = next_deadline(
        case.state,
        rg_due=case.rg_due,
        recovery_period_ends=case.recovery_period_ends,
        cg_earliest=case.cg_earliest,
        review_due=case.review_due,
        reconsideration_due=case.reconsideration_due,
    )
    case.next_deadline = found.on if found is not None else None
    case.next_deadline_kind = found.kind.value if found is not None else ""
    return ["next_deadline", "next_deadline_kind"]


def _in_working_days(case: Case, kind: DeadlineKind) -> bool:
    # The competent authority's RG target, and a review's, are counted in working days.
    if kind is DeadlineKind.RG_DUE:
        return rg_target_in_working_days(case.decision_maker_type)
    return kind is DeadlineKind.REVIEW_DUE


@dataclass(frozen=True)
class DeadlineView:
    """A deadline as a page shows it: what it is, when, and how long is left."""

    label: str
    on: date
    left: str
    # Past a deadline someone must meet (not a date from which something becomes possible).
    overdue: bool


def time_left_text(days: int, working: bool, *, possible_from: bool = False) -> str:
    """ "3 working days left", "due today", "1 day overdue", "possible now"."""
    if possible_from:
        return _("possible now") if days <= 0 else _("in %(n)s days") % {"n": days}
    unit = (
        (_("working day") if abs(days) == 1 else _("working days"))
        if working
        else (_("day") if abs(days) == 1 else _("days"))
    )
    if days > 0:
        return _("%(n)s %(unit)s left") % {"n": days, "unit": unit}
    if days == 0:
        return _("due today")
    return _("%(n)s %(unit)s overdue") % {"n": -days, "unit": unit}


def deadline_view(
    case: Case, kind: DeadlineKind | str, on: date | None, today: date
) -> DeadlineView | None:
    """How one of the case's deadlines reads today (None when it has no date)."""
    if on is None:
        return None
    kind = DeadlineKind(kind)
    working = _in_working_days(case, kind)
    days = time_left(on, today, nation=case.nation, in_working_days=working)
    possible_from = kind is DeadlineKind.CG_POSSIBLE_FROM
    return DeadlineView(
        label=str(NextDeadline(kind.value).label),
        on=on,
        left=time_left_text(days, working, possible_from=possible_from),
        overdue=days < 0 and not possible_from,
    )


def next_deadline_view(case: Case, today: date) -> DeadlineView | None:
    if not case.next_deadline_kind:
        return None
    return deadline_view(case, case.next_deadline_kind, case.next_deadline, today)
