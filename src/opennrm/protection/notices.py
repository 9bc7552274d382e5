"""Telling the decision maker a request is waiting for them.

A reconsideration must be answered within the window the guidance sets, and a person near
the end of their recovery period cannot wait for someone to notice a request on a list:
the caseworker the case is assigned to is e-mailed at once. An unassigned case's requests
wait on the deciding body's home pages and queue, where everyone who may answer sees them.
"""

from typing import Any

from opennrm.cases.models import Case
from opennrm.notifications.services import email_queue


def decision_maker_tell(
    *, actor: Any, case: Case, kind: str, organisation: str, days: int | None = None
) -> None:
    """E-mail the assigned caseworker (if any) that a ``kind`` request ("reconsideration"
    or "extension") from ``organisation`` is waiting: the reference, never the person.
    Inside the caller's transaction, so the e-mail goes only if the request is kept."""
    assignee = case.assigned_to
    if assignee is None or not assignee.is_active:
        return
    email_queue(
        actor=actor,
        category=f"case.{kind}_requested",
        recipients=[assignee.email],
        template="protection/email/request_received",
        context={"case": case, "kind": kind, "organisation": organisation, "days": days},
        case_reference=case.reference,
    )
