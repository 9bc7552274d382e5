"""The roles a person can hold in an organisation, and the sets of them the policy names.

Role identifiers are a public interface (the API, the demo logins and the data use them).
This module and ``policy`` are the only places that name roles: everything else asks
``opennrm.access.evaluate`` what a person may do.
"""

from enum import StrEnum


def _(text: str) -> str:
    """Marks a label for translation; it is translated where it is shown."""
    return text


class Role(StrEnum):
    """A role held within one organisation (a person may hold several)."""

    FIRST_RESPONDER = "first_responder"
    CASEWORKER = "caseworker"
    SENIOR_CASEWORKER = "senior_caseworker"
    PANEL_MEMBER = "panel_member"
    PANEL_CHAIR = "panel_chair"
    REVIEW_PANEL_MEMBER = "review_panel_member"
    GUARDIAN = "guardian"
    GUARDIAN_COORDINATOR = "guardian_coordinator"
    SUPPORT_PROVIDER = "support_provider"
    LEAVE_CASEWORKER = "leave_caseworker"
    STATISTICIAN = "statistician"
    AUDITOR = "auditor"
    ADMIN = "admin"
    DATA_MIGRATION = "data_migration"


# What each role is called on pages (plain English; translated where they are shown).
ROLE_LABELS: dict[Role, str] = {
    Role.FIRST_RESPONDER: _("First responder"),
    Role.CASEWORKER: _("Competent authority caseworker"),
    Role.SENIOR_CASEWORKER: _("Senior caseworker"),
    Role.PANEL_MEMBER: _("Panel member"),
    Role.PANEL_CHAIR: _("Panel chair"),
    Role.REVIEW_PANEL_MEMBER: _("Review panel member"),
    Role.GUARDIAN: _("Independent child trafficking guardian"),
    Role.GUARDIAN_COORDINATOR: _("Guardian service co-ordinator"),
    Role.SUPPORT_PROVIDER: _("Support provider"),
    Role.LEAVE_CASEWORKER: _("Leave to remain caseworker"),
    Role.STATISTICIAN: _("Statistician"),
    Role.AUDITOR: _("Auditor"),
    Role.ADMIN: _("Administrator"),
    Role.DATA_MIGRATION: _("Data migration"),
}

# The people of a deciding body (the competent authority, or a child panel) who decide
# cases and work on them day to day.
DECISION_MAKERS = frozenset(
    {Role.CASEWORKER, Role.SENIOR_CASEWORKER, Role.PANEL_MEMBER, Role.PANEL_CHAIR}
)

# Identification is not an immigration decision (NRM.md §4: decision makers independent of
# immigration), so these roles never see immigration fields, whatever else a person holds.
IMMIGRATION_BLIND = DECISION_MAKERS | {Role.REVIEW_PANEL_MEMBER}

# Roles held by staff of the service (everyone who signs in holds at least one).
ALL_ROLES = frozenset(Role)
