"""The links in the service navigation and on the home page, by role.

Each feature adds its entry here; a person sees the entries of every role they hold.
"""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from opennrm.accounts.models import User


@dataclass(frozen=True)
class Destination:
    """A place in the service that some roles may go."""

    text: str | Promise
    url_name: str
    roles: frozenset[str]
    description: str | Promise = ""


DESTINATIONS: list[Destination] = [
    Destination(
        _("Home"),
        "core:home",
        frozenset(),  # everyone signed in
        "",
    ),
    Destination(
        _("Make a referral"),
        "referrals:start",
        frozenset({"first_responder"}),
        _("Refer a potential victim into the NRM, or make a Duty to Notify report."),
    ),
    Destination(
        _("Draft referrals"),
        "referrals:drafts",
        frozenset({"first_responder"}),
        _("Referrals your organisation has started but not submitted."),
    ),
    Destination(
        _("Referrals"),
        "referrals:list",
        frozenset({"first_responder", "auditor"}),
        _("Your organisation's submitted referrals and where each has got to."),
    ),
    Destination(
        _("Cases"),
        "cases:queue",
        frozenset(
            {
                "caseworker",
                "senior_caseworker",
                "panel_member",
                "panel_chair",
                "review_panel_member",
                "auditor",
                "data_migration",
            }
        ),
        _("Cases to decide, soonest deadline first, with every overdue case flagged."),
    ),
    Destination(
        _("Audit trail"),
        "audit:events",
        frozenset({"auditor", "admin"}),
        _("Every change and every view of a sensitive record, tamper-evident."),
    ),
]


def destinations_for(user: User) -> list[Destination]:
    """The destinations ``user`` may use, in menu order, skipping any not yet installed."""
    roles = user.roles
    found = []
    for destination in DESTINATIONS:
        if destination.roles and not (destination.roles & roles):
            continue
        try:
            reverse(destination.url_name)
        except NoReverseMatch:
            continue
        found.append(destination)
    return found
