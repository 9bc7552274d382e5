"""Loading the designated first responder organisations from the reference list."""

import re

from django.db import transaction

from opennrm.accounts.models import Nation, Organisation, OrganisationType
from opennrm.accounts.published import default_published_label, default_published_type
from opennrm.core.reference_data import first_responder_organisation_names

_GOVERNMENT_AGENCIES = ("National Crime Agency", "Gangmasters", "Fair Work Agency")
_POLICE = re.compile(
    r"Police|Constabulary|Regional Organised Crime Unit|Special Operations Unit|ROCU"
)
_LOCAL_AUTHORITY = re.compile(
    r"Council|London Borough|Royal Borough|City of Westminster|City of London|"
    r"Combined Authority|City Region|Greater London Authority|Comhairle"
)
_NORTHERN_IRISH = re.compile(
    r"Northern Ireland|Belfast|Antrim|Ards|Armagh|Causeway|Derry|Fermanagh|Lisburn|"
    r"Mid Ulster|Newry|HSC Trusts"
)
_SCOTTISH = re.compile(
    r"Scotland|Scottish|Aberdeen|Angus|Argyll|Clackmannanshire|Dumfries|Dundee|Ayrshire|"
    r"Edinburgh|Dunbartonshire|Lothian|Eilean Siar|Renfrewshire|Falkirk|Fife|Glasgow|"
    r"Highland Council|Inverclyde|Lanarkshire|Orkney|Perth and Kinross|Stirling|Shetland|"
    r"Moray|TARA"
)
_WELSH = re.compile(
    r"Wales|Welsh|Anglesey|Bridgend|Blaenau Gwent|Caerphilly|Ceredigion|Carmarthenshire|"
    r"Cardiff|Conwy|Denbighshire|Flintshire|Gwynedd|Monmouthshire|Merthyr|Neath|Newport|"
    r"Pembrokeshire|Powys|Rhondda|Swansea|Torfaen|Vale of Glamorgan|Wrexham|Tarian|BAWSO|"
    r"Dyfed|Gwent"
)


def classify(name: str) -> tuple[str, str]:
    """Return (organisation type, UK nation or "") for a first responder organisation."""
    if name.startswith("Home Office"):
        kind = OrganisationType.HOME_OFFICE_UNIT
    elif any(agency in name for agency in _GOVERNMENT_AGENCIES):
        kind = OrganisationType.GOVERNMENT_AGENCY
    elif "HSC Trusts" in name:
        kind = OrganisationType.HEALTH_BODY
    elif _POLICE.search(name):
        kind = OrganisationType.POLICE_FORCE
    elif _LOCAL_AUTHORITY.search(name) and name != "Refugee Council":
        kind = OrganisationType.LOCAL_AUTHORITY
    else:
        kind = OrganisationType.NGO
    nation: str
    if _NORTHERN_IRISH.search(name):
        nation = Nation.NORTHERN_IRELAND
    elif _SCOTTISH.search(name):
        nation = Nation.SCOTLAND
    elif _WELSH.search(name):
        nation = Nation.WALES
    elif kind in (OrganisationType.LOCAL_AUTHORITY, OrganisationType.POLICE_FORCE):
        nation = Nation.ENGLAND
    else:
        nation = ""  # national bodies work across the UK
    return str(kind), str(nation)


def load_first_responder_organisations() -> tuple[int, int]:
    """Create or update every designated organisation; return (created, updated). Idempotent."""
    existing = {org.name: org for org in Organisation.objects.all()}
    created = updated = 0
    with transaction.atomic():
        to_create = []
        for name in first_responder_organisation_names():
            kind, nation = classify(name)
            org = existing.get(name)
            if org is None:
                to_create.append(
                    Organisation(
                        name=name,
                        organisation_type=kind,
                        nation=nation,
                        is_designated_first_responder=True,
                        published_label=default_published_label(name, kind),
                        published_type=default_published_type(kind),
                    )
                )
            elif not org.is_designated_first_responder:
                org.is_designated_first_responder = True
                org.save(update_fields=["is_designated_first_responder"])
                updated += 1
        Organisation.objects.bulk_create(to_create, batch_size=500)
        created = len(to_create)
    return created, updated
