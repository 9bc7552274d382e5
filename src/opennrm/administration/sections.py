"""The sections of the administration home page.

Each app with something to administer registers a section (from its ``AppConfig.ready``)
naming the page and the permission it needs; the home page lists those the person may use.
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from opennrm.access import evaluate
from opennrm.access.evaluate import Subject
from opennrm.access.policy import Permission


@dataclass(frozen=True)
class Section:
    """A part of the service an administrator looks after."""

    title: str | Promise
    url_name: str
    permission: Permission
    description: str | Promise
    order: int = 100

    @property
    def url(self) -> str:
        return reverse(self.url_name)


_SECTIONS: dict[str, Section] = {}


def register(section: Section) -> None:
    """Add a section to the administration home page (by URL name: registering twice
    replaces it)."""
    _SECTIONS[section.url_name] = section


def sections_for(user: Subject) -> list[Section]:
    """The sections ``user`` may use, in page order."""
    return sorted(
        (s for s in _SECTIONS.values() if evaluate.holds_somewhere(user, s.permission)),
        key=lambda s: (s.order, str(s.title)),
    )


register(
    Section(
        _("Organisations"),
        "administration:organisations",
        Permission.ORGANISATION_ADMINISTER,
        _("Add organisations, designate first responders, and close organisations down."),
        order=10,
    )
)
register(
    Section(
        _("People"),
        "administration:people",
        Permission.ACCOUNT_ADMINISTER,
        _(
            "Add people, give and take away roles, reset a lost authenticator app, and "
            "deactivate an account (which signs the person out everywhere at once)."
        ),
        order=20,
    )
)
register(
    Section(
        _("Legal holds and retention"),
        "retention:holds",
        Permission.HOLD_MANAGE,
        _(
            "Keep a case's records beyond their retention period while a court case or "
            "inquiry needs them, and see how long each kind of record is kept."
        ),
        order=30,
    )
)
register(
    Section(
        _("Who viewed a record"),
        "audit:viewers",
        Permission.AUDIT_VIEW,
        _("Everyone who opened a case or referral, when, and from which page."),
        order=80,
    )
)
register(
    Section(
        _("E-mails"),
        "notifications:outbox",
        Permission.NOTIFICATION_VIEW,
        _("E-mails sent, waiting and failed."),
        order=90,
    )
)
