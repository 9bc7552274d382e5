"""Record-level open data that is safe to publish: one row per referral or Duty to Notify
report received in the period, pseudonymised, with no free text, dates coarsened to
quarters and ages to bands, and k-anonymous on its quasi-identifiers (``anonymity``).

The pseudonym is a keyed hash of the record and the period, so it cannot be reversed and
the same person cannot be followed from one release to the next.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.crypto import salted_hmac

from opennrm.accounts.models import Organisation
from opennrm.accounts.published import (
    PUBLISHED_TYPE_LABELS,
    PublishedResponderType,
    default_published_type,
)
from opennrm.cases.models import Decision
from opennrm.statistics import queries
from opennrm.statistics.anonymity import NOT_PUBLISHED, Release, Step, k_anonymise
from opennrm.statistics.groups import (
    age_band,
    age_in_years,
    is_child_band,
    nationality_group,
)
from opennrm.statistics.labels import (
    AGE_LABELS,
    GENDER_LABELS,
    LOCATION_LABELS,
    NATION_LABELS,
    NOT_SPECIFIED,
    exploitation_label_from_flags,
    nationality_label,
)
from opennrm.statistics.periods import quarter_of
from opennrm.statistics.queries import Scope

COLUMNS = [
    ("record", "Record"),
    ("record_type", "Record type"),
    ("quarter_received", "Quarter received"),
    ("age_at_exploitation", "Age at exploitation"),
    ("age_band", "Age band when referred"),
    ("gender", "Gender"),
    ("nationality", "Nationality"),
    ("exploitation_type", "Exploitation type"),
    ("county_lines", "County lines"),
    ("location", "Location of exploitation"),
    ("nation", "UK nation"),
    ("first_responder_type", "First responder type"),
    ("decision_maker", "Decision maker"),
    ("reasonable_grounds", "Reasonable grounds decision"),
    ("reasonable_grounds_quarter", "Quarter of reasonable grounds decision"),
    ("conclusive_grounds", "Conclusive grounds decision"),
    ("conclusive_grounds_quarter", "Quarter of conclusive grounds decision"),
]
QUASI_IDENTIFIERS = ("quarter_received", "age_band", "gender", "nationality", "nation")


def _year_of(quarter: str) -> str:
    return quarter.split("-", 1)[0] if "-" in quarter else quarter


def _broad_age(band: str) -> str:
    if band in (NOT_PUBLISHED, "Not known"):
        return band
    return "Child (17 or under)" if is_child_band(band) else "Adult (18 or over)"


def steps(nationality_groups: dict[str, str]) -> tuple[Step, ...]:
    """The order records are generalised in: the detail that identifies most goes first.
    ``nationality_groups`` maps each published nationality to UK, EU or Other."""
    return (
        Step(
            "nationality",
            lambda value: nationality_groups.get(value, value),
            "nationality as UK, EU or other",
        ),
        *_LATER_STEPS,
    )


_LATER_STEPS = (
    Step("age_band", _broad_age, "age band as child or adult"),
    Step("quarter_received", _year_of, "quarter as year"),
    Step("nation", lambda _value: "UK", "UK nation as UK"),
    Step("nationality", lambda _value: NOT_PUBLISHED, "nationality withheld"),
    Step("age_band", lambda _value: NOT_PUBLISHED, "age withheld"),
    Step("gender", lambda _value: NOT_PUBLISHED, "gender withheld"),
    Step("quarter_received", lambda _value: NOT_PUBLISHED, "year withheld"),
)

OUTCOMES = {"positive": "Positive", "negative": "Negative"}


def _first_decision(stage: str, field: str) -> Subquery:
    return Subquery(
        Decision.objects.filter(case__referral=OuterRef("pk"), stage=stage)
        .order_by("decided_at")
        .values(field)[:1]
    )


def _quarter(moment: Any) -> str:
    if moment is None:
        return ""
    return quarter_of(timezone.localdate(moment)).code


def records(
    scope: Scope, nationality_groups: dict[str, str] | None = None
) -> Iterator[dict[str, str]]:
    """Every record of the period, before k-anonymity: plain published categories.
    ``nationality_groups`` is filled with each nationality's group as it is met."""
    types = {
        org["id"]: PUBLISHED_TYPE_LABELS[
            PublishedResponderType(
                org["published_type"] or default_published_type(org["organisation_type"])
            )
        ]
        for org in Organisation.objects.values("id", "organisation_type", "published_type")
    }
    salt = f"opennrm.statistics.open-data.{scope.period.code}"
    queryset = (
        queries.referrals(scope, kind=None)
        .annotate(
            rg_outcome=_first_decision(queries.RG, "outcome"),
            rg_at=_first_decision(queries.RG, "decided_at"),
            cg_outcome=_first_decision(queries.CG, "outcome"),
            cg_at=_first_decision(queries.CG, "decided_at"),
        )
        .values(
            "id",
            "kind",
            "received_at",
            "age_at_exploitation",
            "gender",
            "nationality_1",
            "nationality_2",
            *queries.EXPLOITATION_FLAGS,
            "county_lines",
            "exploitation_location",
            "nation",
            "organisation_id",
            "case__decision_maker_type",
            "person__date_of_birth",
            "person__estimated_age",
            "rg_outcome",
            "rg_at",
            "cg_outcome",
            "cg_at",
        )
        .order_by("received_at", "id")
    )
    for row in queryset.iterator(chunk_size=2000):
        received: date = timezone.localdate(row["received_at"])
        born = row["person__date_of_birth"]
        years = age_in_years(born, received) if born else row["person__estimated_age"]
        decided_by = {
            "competent_authority": "Competent authority",
            "panel": "Child decision-making panel",
        }.get(row["case__decision_maker_type"] or "", "")
        nationality = nationality_label(row["nationality_1"], row["nationality_2"])
        if nationality_groups is not None and nationality not in nationality_groups:
            nationality_groups[nationality] = nationality_group(row["nationality_1"])
        yield {
            "record": salted_hmac(salt, str(row["id"]), algorithm="sha256").hexdigest()[:16],
            "record_type": "NRM referral"
            if row["kind"] == queries.NRM
            else "Duty to Notify report",
            "quarter_received": quarter_of(received).code,
            "age_at_exploitation": AGE_LABELS.get(row["age_at_exploitation"], NOT_SPECIFIED),
            "age_band": age_band(years),
            "gender": GENDER_LABELS.get(row["gender"], "Other"),
            "nationality": nationality,
            "exploitation_type": exploitation_label_from_flags(
                sexual=row["exploitation_sexual"],
                labour=row["exploitation_labour"],
                domestic=row["exploitation_domestic"],
                organ_harvesting=row["exploitation_organ_harvesting"],
                criminal=row["exploitation_criminal"],
            ),
            "county_lines": "Yes" if row["county_lines"] else "No",
            "location": LOCATION_LABELS.get(row["exploitation_location"], NOT_SPECIFIED),
            "nation": NATION_LABELS.get(row["nation"], NOT_SPECIFIED),
            "first_responder_type": types.get(row["organisation_id"], "Other"),
            "decision_maker": decided_by,
            "reasonable_grounds": OUTCOMES.get(row["rg_outcome"] or "", ""),
            "reasonable_grounds_quarter": _quarter(row["rg_at"]),
            "conclusive_grounds": OUTCOMES.get(row["cg_outcome"] or "", ""),
            "conclusive_grounds_quarter": _quarter(row["cg_at"]),
        }


@dataclass(frozen=True)
class OpenData:
    release: Release
    k: int

    @property
    def headings(self) -> list[str]:
        return [heading for _key, heading in COLUMNS]

    def rows(self) -> list[list[str]]:
        return [[record[key] for key, _heading in COLUMNS] for record in self.release.records]


def open_data(scope: Scope, k: int) -> OpenData:
    """The period's records, k-anonymous on ``QUASI_IDENTIFIERS``."""
    groups: dict[str, str] = {}
    found = list(records(scope, groups))
    release = k_anonymise(found, quasi_identifiers=QUASI_IDENTIFIERS, steps=steps(groups), k=k)
    return OpenData(release, k)
