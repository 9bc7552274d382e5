"""A case's history in plain English, from its audit events.

"Reasonable grounds decision: positive", "Viewed by Tom Hughes (3 times)": the audit trail
keeps the codes; people read sentences. Repeated views by one person in a row are shown
once, with a count.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from opennrm.audit.models import AuditEvent

TITLES = {
    "referral.submitted": _("Referral received"),
    "referral.imported": _("Referral imported from an earlier system"),
    "case.opened": _("Case opened"),
    "case.decide_rg_positive": _("Reasonable grounds decision: positive"),
    "case.decide_rg_negative": _("Reasonable grounds decision: negative"),
    "case.decide_cg_positive": _("Conclusive grounds decision: positive"),
    "case.decide_cg_negative": _("Conclusive grounds decision: negative"),
    "case.recovery_period_ended": _("Recovery period ended"),
    "case.extend_recovery_period": _("Recovery period extended"),
    "case.withdraw": _("Withdrawn at the person's written request"),
    "case.withdraw_in_error": _("Withdrawn: made in error or a duplicate"),
    "case.suspend": _("Suspended"),
    "case.reinstate": _("Reinstated"),
    "case.review_uphold": _("Independent review: the panel agreed; decision issued"),
    "case.review_overturn": _(
        "Independent review: the panel disagreed; back to the decision maker"
    ),
    "case.quality_check_requested": _("Proposed decision sent for a quality check"),
    "case.quality_check_pass": _("Quality check: passed"),
    "case.quality_check_return": _("Quality check: sent back to the decision maker"),
    "case.independent_review_opened": _("Proposed decision sent to the independent review panel"),
    "case.review_view_recorded": _("Review panel member's view recorded"),
    "case.review_response_recorded": _("Decision maker answered the review panel"),
    "case.reconsider": _("Decision reopened: a request for reconsideration was accepted"),
    "case.assigned": _("Assigned"),
    "case.information_requested": _("More information asked for"),
    "case.information_provided": _("More information given"),
    "case.decision_recorded_to_take_effect": _(
        "Conclusive grounds decision recorded, to take effect later"
    ),
    "case.rerouted": _("Routed again after an age assessment"),
    "case.age_assessed": _("Age assessment recorded"),
    "case.child_went_missing": _("Went missing"),
    "case.child_came_back": _("Came back after going missing"),
    "case.guardian_referred": _("Referred to the guardian service"),
    "case.guardian_assigned": _("Guardian assigned"),
    "case.note_added": _("Note added"),
    "case.panel_agenda": _("Put on a panel meeting's agenda"),
    "case.consent_recorded": _("Consent recorded after an age assessment"),
    "case.retrafficking_confirmed": _("Possible re-trafficking confirmed"),
    "case.retrafficking_rejected": _("Possible re-trafficking rejected"),
    "notification.queued": _("E-mail queued"),
    "notification.sent": _("E-mail sent"),
    "notification.retry_scheduled": _("E-mail failed; it will be tried again"),
    "notification.failed": _("E-mail could not be sent"),
    "notification.retried": _("E-mail sent again"),
}


# Steps of the machinery that say nothing about the case (the outcome is shown instead).
HIDDEN = frozenset({"notification.queued", "notification.retry_scheduled"})


@dataclass
class TimelineEntry:
    title: str
    by: str
    at: datetime
    count: int = 1


def _title(event: AuditEvent) -> str:
    if event.action.endswith(".viewed"):
        return str(_("Viewed"))
    known = TITLES.get(event.action)
    if known is not None:
        return str(known)
    # Anything not yet given words still reads as words, never as a code.
    return event.action.split(".", 1)[-1].replace("_", " ").capitalize()


def timeline_entries(events: Iterable[AuditEvent]) -> list[TimelineEntry]:
    """The case's events as entries, newest first, with runs of views folded together."""
    entries: list[TimelineEntry] = []
    for event in events:
        if event.action in HIDDEN:
            continue
        title = _title(event)
        previous = entries[-1] if entries else None
        if (
            previous is not None
            and title == str(_("Viewed"))
            and previous.title.startswith(str(_("Viewed")))
            and previous.by == event.actor_name
        ):
            previous.count += 1
            previous.at = event.occurred_at
            continue
        entries.append(TimelineEntry(title=title, by=event.actor_name, at=event.occurred_at))
    for entry in entries:
        if entry.title == str(_("Viewed")) and entry.count > 1:
            entry.title = ngettext(
                "Viewed (%(count)s time)", "Viewed (%(count)s times)", entry.count
            ) % {"count": entry.count}
    return list(reversed(entries))
