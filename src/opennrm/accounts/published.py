"""How each first responder organisation is published in the official statistics.

The Home Office publishes referrals under a first responder's *published* name and type,
not its name on the referral form: Home Office units appear under their command (every
Immigration Enforcement team as ``Home Office - Immigration Enforcement IE``), and local
authorities together as ``Local Authority``. The published label and type are data on the
organisation (editable by statisticians); these are the defaults given to an organisation
that has none. Pure: no Django.
"""

from enum import StrEnum


class PublishedResponderType(StrEnum):
    """First responder types as the official statistics publish them."""

    GOVERNMENT_AGENCY = "government_agency"
    LOCAL_AUTHORITY = "local_authority"
    NGO = "ngo"
    POLICE = "police"
    OTHER = "other"


# Exactly as published (NRM statistics, first responder tables).
PUBLISHED_TYPE_LABELS: dict[PublishedResponderType, str] = {
    PublishedResponderType.GOVERNMENT_AGENCY: "Government agency",
    PublishedResponderType.LOCAL_AUTHORITY: "Local Authority",
    PublishedResponderType.NGO: "NGO and third sector",
    PublishedResponderType.POLICE: "Police",
    PublishedResponderType.OTHER: "Other",
}

# Local authorities are published together under one name.
LOCAL_AUTHORITY_LABEL = "Local Authority"

# The published type of each kind of organisation (``OrganisationType`` values). Health
# bodies (Northern Ireland's Health and Social Care Trusts) are public bodies outside local
# government, published with the government agencies.
_TYPE_BY_ORGANISATION_TYPE: dict[str, PublishedResponderType] = {
    "police_force": PublishedResponderType.POLICE,
    "local_authority": PublishedResponderType.LOCAL_AUTHORITY,
    "home_office_unit": PublishedResponderType.GOVERNMENT_AGENCY,
    "government_agency": PublishedResponderType.GOVERNMENT_AGENCY,
    "health_body": PublishedResponderType.GOVERNMENT_AGENCY,
    "ngo": PublishedResponderType.NGO,
}


def default_published_type(organisation_type: str) -> PublishedResponderType:
    """The published type an organisation of ``organisation_type`` gets by default."""
    return _TYPE_BY_ORGANISATION_TYPE.get(organisation_type, PublishedResponderType.OTHER)


def home_office_command(name: str) -> str:
    """The command a Home Office unit is published under: the first two parts of its name
    ("Home Office - Immigration Enforcement IE - DET Heathrow" is published as
    "Home Office - Immigration Enforcement IE")."""
    parts = [part.strip() for part in name.split(" - ")]
    return " - ".join(parts[:2])


def default_published_label(name: str, organisation_type: str) -> str:
    """The name an organisation is published under by default."""
    if organisation_type == "local_authority":
        return LOCAL_AUTHORITY_LABEL
    if organisation_type == "home_office_unit" or name.startswith("Home Office - "):
        return home_office_command(name)
    return name
