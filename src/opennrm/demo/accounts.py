"""Demo organisations and one person per role, so a newcomer can sign in as anyone.

Every devolved child decision-making site in the jurisdiction's data gets its panel
organisation, so that children in any panel area are routed to a panel that exists.
"""

from dataclasses import dataclass

from django.db import transaction

from opennrm.access.roles import Role
from opennrm.accounts import services, two_factor
from opennrm.accounts.models import Nation, Organisation, OrganisationType, User
from opennrm.accounts.reference_data import classify, load_first_responder_organisations
from opennrm.core.jurisdiction import jurisdiction
from opennrm.panels.models import Panel, PanelMember
from opennrm.panels.services import panel_member_add

# Shared by every demo account; printed by seed_demo. Never used outside the demo.
DEMO_PASSWORD = "demo-password-opennrm"


@dataclass(frozen=True)
class DemoOrganisation:
    name: str
    organisation_type: str
    nation: str = ""
    panel_site: str = ""


@dataclass(frozen=True)
class DemoUser:
    role: Role
    organisation: str
    email: str
    full_name: str


# Organisations that are not first responders (those come from the reference list).
DEMO_ORGANISATIONS = [
    DemoOrganisation("Single Competent Authority", OrganisationType.COMPETENT_AUTHORITY),
    DemoOrganisation("Independent Review Panel", OrganisationType.COMPETENT_AUTHORITY),
    DemoOrganisation(
        "Independent Child Trafficking Guardian Service", OrganisationType.GUARDIAN_SERVICE
    ),
    DemoOrganisation("Victim Care Contract support provider", OrganisationType.SUPPORT_PROVIDER),
    DemoOrganisation("Modern Slavery Statistics Unit", OrganisationType.STATISTICS),
    DemoOrganisation("Home Office victims' leave team", OrganisationType.HOME_OFFICE_UNIT),
    DemoOrganisation("OpenNRM Service Team", OrganisationType.HOME_OFFICE_UNIT),
]

DEMO_USERS = [
    DemoUser(
        Role.FIRST_RESPONDER,
        "Metropolitan Police Service",
        "police.fr@demo.opennrm.test",
        "Priya Shah",
    ),
    DemoUser(
        Role.FIRST_RESPONDER,
        "City of Cardiff Council",
        "cardiff.fr@demo.opennrm.test",
        "Gareth Evans",
    ),
    DemoUser(
        Role.FIRST_RESPONDER, "The Salvation Army", "ngo.fr@demo.opennrm.test", "Grace Mensah"
    ),
    DemoUser(
        Role.CASEWORKER, "Single Competent Authority", "caseworker@demo.opennrm.test", "Tom Hughes"
    ),
    DemoUser(
        Role.SENIOR_CASEWORKER,
        "Single Competent Authority",
        "senior.caseworker@demo.opennrm.test",
        "Aisha Karim",
    ),
    DemoUser(
        Role.PANEL_MEMBER,
        "Cardiff child decision-making panel",
        "panel.member@demo.opennrm.test",
        "Rhys Morgan",
    ),
    DemoUser(
        Role.PANEL_CHAIR,
        "Cardiff child decision-making panel",
        "panel.chair@demo.opennrm.test",
        "Siân Davies",
    ),
    DemoUser(
        Role.PANEL_MEMBER,
        "Cardiff child decision-making panel",
        "panel.health@demo.opennrm.test",
        "Dr Nia Roberts",
    ),
    DemoUser(
        Role.PANEL_MEMBER,
        "Cardiff child decision-making panel",
        "panel.socialcare@demo.opennrm.test",
        "Carys Jones",
    ),
    DemoUser(
        Role.PANEL_MEMBER,
        "Cardiff child decision-making panel",
        "panel.education@demo.opennrm.test",
        "Owen Price",
    ),
    DemoUser(
        Role.REVIEW_PANEL_MEMBER,
        "Independent Review Panel",
        "review.panel@demo.opennrm.test",
        "Daniel Okafor",
    ),
    DemoUser(
        Role.GUARDIAN,
        "Independent Child Trafficking Guardian Service",
        "guardian@demo.opennrm.test",
        "Hannah Lewis",
    ),
    DemoUser(
        Role.GUARDIAN_COORDINATOR,
        "Independent Child Trafficking Guardian Service",
        "guardian.coordinator@demo.opennrm.test",
        "Megan Hughes",
    ),
    DemoUser(
        Role.SUPPORT_PROVIDER,
        "Victim Care Contract support provider",
        "support@demo.opennrm.test",
        "Marta Nowak",
    ),
    DemoUser(
        Role.LEAVE_CASEWORKER,
        "Home Office victims' leave team",
        "leave.caseworker@demo.opennrm.test",
        "Joseph Adeyemi",
    ),
    DemoUser(
        Role.STATISTICIAN,
        "Modern Slavery Statistics Unit",
        "statistician@demo.opennrm.test",
        "Oliver Grant",
    ),
    DemoUser(Role.AUDITOR, "OpenNRM Service Team", "auditor@demo.opennrm.test", "Fatima Rahman"),
    DemoUser(Role.ADMIN, "OpenNRM Service Team", "admin@demo.opennrm.test", "Chris Taylor"),
    DemoUser(
        Role.DATA_MIGRATION,
        "Single Competent Authority",
        "migration@demo.opennrm.test",
        "Sam Patel",
    ),
]


# The agency each demo panel member sits for on the Cardiff panel (the chair sits for
# children's social care and chairs its meetings).
DEMO_PANEL_SEATS = {
    "panel.chair@demo.opennrm.test": ("childrens_social_care", True),
    "panel.member@demo.opennrm.test": ("police", False),
    "panel.health@demo.opennrm.test": ("health", False),
    "panel.socialcare@demo.opennrm.test": ("childrens_social_care", False),
    "panel.education@demo.opennrm.test": ("education", False),
}


def panel_name(site: str) -> str:
    return f"{site} child decision-making panel"


def panel_organisations() -> list[DemoOrganisation]:
    """One panel organisation for each devolved site the policy data names."""
    found = []
    for site in jurisdiction().panel_sites:
        _kind, nation = classify(sorted(site.authorities)[0])
        found.append(
            DemoOrganisation(
                panel_name(site.name),
                OrganisationType.PANEL_HOST,
                nation or Nation.ENGLAND,
                panel_site=site.name,
            )
        )
    return found


def seed_demo_accounts() -> list[DemoUser]:
    """Create the demo organisations and people. Running it again changes nothing."""
    load_first_responder_organisations()
    with transaction.atomic():
        for spec in [*DEMO_ORGANISATIONS, *panel_organisations()]:
            Organisation.objects.get_or_create(
                name=spec.name,
                defaults={
                    "organisation_type": spec.organisation_type,
                    "nation": spec.nation,
                    "panel_site": spec.panel_site,
                },
            )
        organisations = {
            o.name: o
            for o in Organisation.objects.filter(name__in={u.organisation for u in DEMO_USERS})
        }
        for person in DEMO_USERS:
            user = User.objects.filter(email=person.email).first()
            if user is None:
                user = services.user_create(
                    actor=None,
                    email=person.email,
                    full_name=person.full_name,
                    password=DEMO_PASSWORD,
                )
            if not user.memberships.filter(
                organisation=organisations[person.organisation], role=person.role
            ).exists():
                services.membership_grant(
                    actor=None,
                    user=user,
                    organisation=organisations[person.organisation],
                    role=person.role,
                )
            two_factor.authenticator_provision(actor=None, user=user)
        _seat_panel_members()
    return DEMO_USERS


def _seat_panel_members() -> None:
    """Seat the demo panel members, each for their agency, as an administrator would."""
    admin = User.objects.get(email="admin@demo.opennrm.test")
    panel = Panel.objects.get(name=panel_name("Cardiff"))
    for email, (agency, chairs) in DEMO_PANEL_SEATS.items():
        if not PanelMember.objects.filter(
            panel=panel, user__email=email, left_on__isnull=True
        ).exists():
            panel_member_add(actor=admin, panel=panel, email=email, agency=agency, chairs=chairs)


def demo_authenticator_key(email: str) -> str:
    """The demo account's authenticator key, for `seed_demo` to print (demo settings only)."""
    user = User.objects.get(email=email)
    device = two_factor.totp_device_for(user)
    return two_factor.grouped(two_factor.secret_of(device)) if device is not None else ""
