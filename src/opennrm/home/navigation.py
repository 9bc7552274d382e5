"""The links in the service navigation and on the home page.

Each link names the permission it needs; a person sees the links the access policy lets
them use.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from opennrm.access import evaluate
from opennrm.access.evaluate import Subject
from opennrm.access.policy import Permission
from opennrm.panels.selectors import follows_children
from opennrm.statistics.selectors import areas_for_user


@dataclass(frozen=True)
class Destination:
    """A place in the service, and the permission needed to use it (None: everyone)."""

    text: str | Promise
    url_name: str
    permission: Permission | None
    description: str | Promise = ""
    # Shown only when this also holds (a list that would be empty is not offered).
    condition: Callable[[Subject], bool] | None = None

    @property
    def url(self) -> str:
        return reverse(self.url_name)


DESTINATIONS: list[Destination] = [
    Destination(_("Home"), "home:home", None),
    Destination(
        _("Make a referral"),
        "referrals:start",
        Permission.ORGANISATION_REFER,
        _("Refer a potential victim into the NRM, or make a Duty to Notify report."),
    ),
    Destination(
        _("Draft referrals"),
        "referrals:drafts",
        Permission.DRAFT_EDIT,
        _("Referrals your organisation has started but not submitted."),
    ),
    Destination(
        _("Referrals"),
        "referrals:list",
        Permission.REFERRAL_VIEW,
        _("Submitted referrals and where each has got to."),
    ),
    Destination(
        _("Cases"),
        "cases:queue",
        Permission.QUEUE_VIEW,
        _("Cases to work on, soonest deadline first, with every overdue case flagged."),
    ),
    Destination(
        _("Decisions to review"),
        "reviews:queue",
        Permission.CASE_REVIEW,
        _("Proposed negative decisions waiting for the independent review panel."),
    ),
    Destination(
        _("Quality checks"),
        "reviews:quality-checks",
        Permission.CASE_QUALITY_CHECK,
        _("Proposed negative decisions waiting for a senior caseworker's check."),
    ),
    Destination(
        _("Reviews and quality checks: measures"),
        "reviews:measures",
        Permission.MEASURES_VIEW,
        _("How often reviews agree, how long they take, and how many checks send decisions back."),
    ),
    Destination(
        _("Child panels"),
        "panels:list",
        Permission.PANEL_VIEW,
        _("Your local child panels: their members, meetings, agendas and minutes."),
    ),
    Destination(
        _("Children"),
        "panels:children",
        Permission.CHILDREN_VIEW,
        _(
            "The children you follow: as their guardian, for the guardian service, or as the "
            "local authority of their area. Missing children are flagged."
        ),
        condition=lambda user: follows_children(user=user),
    ),
    Destination(
        _("Audit trail"),
        "audit:events",
        Permission.AUDIT_VIEW,
        _("Every change and every view of a sensitive record, tamper-evident."),
    ),
    Destination(
        _("Who viewed a record"),
        "audit:viewers",
        Permission.AUDIT_VIEW,
        _("Everyone who opened a case or referral, when, and from which page."),
    ),
    Destination(
        _("Administration"),
        "administration:home",
        Permission.ACCOUNT_ADMINISTER,
        _("Organisations, people and their roles, second-factor resets and legal holds."),
    ),
    Destination(
        _("E-mails"),
        "notifications:outbox",
        Permission.NOTIFICATION_VIEW,
        _("E-mails sent, waiting and failed, and sending a failed one again."),
    ),
    Destination(
        _("Statistics"),
        "statistics:index",
        Permission.STATISTICS_VIEW,
        _("The official tables, the dashboard, fairness monitoring and downloads."),
    ),
    Destination(
        _("Local pictures"),
        "statistics:areas",
        Permission.AREA_VIEW_STATISTICS,
        _("The children referred in your area, the decisions and how long they took."),
        condition=lambda user: has_areas(user),
    ),
]


def has_areas(user: Subject) -> bool:
    """Whether the person may see any area's local picture (asked once per request)."""
    cached: bool | None = getattr(user, "_has_statistics_areas", None)
    if cached is None:
        cached = areas_for_user(user=user).exists()
        user._has_statistics_areas = cached  # type: ignore[attr-defined]
    return cached


def destinations_for(user: Subject) -> list[Destination]:
    """The destinations ``user`` may use, in menu order."""
    return [
        destination
        for destination in DESTINATIONS
        if (
            destination.permission is None or evaluate.holds_somewhere(user, destination.permission)
        )
        and (destination.condition is None or destination.condition(user))
    ]
