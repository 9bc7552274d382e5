"""The roles a person can hold in an organisation, and what each may broadly do.

Role identifiers are a public interface: later work, the API and the demo logins use them.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """A role held within one organisation (a person may hold several)."""

    FIRST_RESPONDER = "first_responder", _("First responder")
    CASEWORKER = "caseworker", _("Competent authority caseworker")
    SENIOR_CASEWORKER = "senior_caseworker", _("Senior caseworker")
    PANEL_MEMBER = "panel_member", _("Panel member")
    PANEL_CHAIR = "panel_chair", _("Panel chair")
    REVIEW_PANEL_MEMBER = "review_panel_member", _("Review panel member")
    GUARDIAN = "guardian", _("Independent child trafficking guardian")
    SUPPORT_PROVIDER = "support_provider", _("Support provider")
    STATISTICIAN = "statistician", _("Statistician")
    AUDITOR = "auditor", _("Auditor")
    ADMIN = "admin", _("Administrator")
    DATA_MIGRATION = "data_migration", _("Data migration")


# People who decide whether someone is a victim. Identification is not an immigration
# decision, so these roles never see immigration fields (NRM.md §4: decision makers
# independent of immigration).
DECISION_MAKING_ROLES = frozenset(
    {
        Role.CASEWORKER,
        Role.SENIOR_CASEWORKER,
        Role.PANEL_MEMBER,
        Role.PANEL_CHAIR,
        Role.REVIEW_PANEL_MEMBER,
    }
)

# Roles that work on individual cases of children in a panel's area.
PANEL_ROLES = frozenset({Role.PANEL_MEMBER, Role.PANEL_CHAIR})

# Roles allowed to see the records of every organisation, read-only.
READ_ALL_ROLES = frozenset({Role.AUDITOR})
