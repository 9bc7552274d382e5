"""A synthetic national dataset: referrals, cases and decisions drawn from the published
headline figures (``calibration``), for the demo, the tests and the benchmarks.

Nothing here writes a record itself. The dataset is loaded the way a historic migration
is: referrals through ``referrals.services.referral_import_bulk`` (which opens the cases
through ``cases``), decisions through ``cases.services.decision_record_historic_bulk``,
each under the rules in force on its date, in batches, with the audit chain appended in
order. It is reproducible: the same seed gives the same dataset, and running it again
adds nothing (each record's idempotency key comes from the seed and its number).
"""

import json
import random
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone

from opennrm.access.evaluate import roles_granting
from opennrm.access.policy import Permission, Relation
from opennrm.accounts import services as account_services
from opennrm.accounts.models import Organisation, OrganisationType, User
from opennrm.accounts.reference_data import load_first_responder_organisations
from opennrm.cases.models import Case
from opennrm.cases.services import (
    REQUIRED_CONSULTATIONS,
    DecisionInput,
    HistoricDecision,
    decision_record_historic_bulk,
)
from opennrm.core import reference_data
from opennrm.core.jurisdiction import jurisdiction
from opennrm.policy import cg_earliest, may_issue_negative_rg
from opennrm.referrals.schema import ReferralSubmission
from opennrm.referrals.services import ImportItem, referral_import_bulk
from opennrm.statistics import calibration
from opennrm.statistics.calibration import CALIBRATED, Profile
from opennrm.statistics.queries import uk_time

SYNTHETIC_EMAIL = "synthetic.dataset@opennrm.invalid"
NATIONS = {"england": 0.85, "scotland": 0.06, "wales": 0.05, "northern_ireland": 0.04}
ACCOUNT = "Synthetic referral for statistics and testing: no real person is described."
RATIONALE = "Synthetic decision for statistics and testing."
# Those a decision maker must consult before a CG decision, as the case service requires.
CONSULTED = REQUIRED_CONSULTATIONS


class SyntheticError(ValueError):
    """The dataset asked for cannot be made (years in the future, nothing to refer from)."""


@dataclass
class Summary:
    referrals: int = 0
    duty_to_notify: int = 0
    cases: int = 0
    decisions: int = 0
    already_there: int = 0


@dataclass(frozen=True)
class _Drawn:
    """What the generator decided about one record, kept to decide its case."""

    number: str
    age: str
    nationalities: list[str]
    female: bool


def synthetic_user() -> User:
    """The data-migration account the dataset is loaded as (made once)."""
    user = User.objects.filter(email=SYNTHETIC_EMAIL).first()
    if user is not None:
        return user
    authority = Organisation.objects.filter(name=settings.OPENNRM_COMPETENT_AUTHORITY).first()
    if authority is None:
        authority = account_services.organisation_create(
            actor=None,
            details=account_services.OrganisationDetails(
                name=settings.OPENNRM_COMPETENT_AUTHORITY,
                organisation_type=OrganisationType.COMPETENT_AUTHORITY,
            ),
        )
    user = account_services.user_create(
        actor=None, email=SYNTHETIC_EMAIL, full_name="Synthetic national dataset", password=None
    )
    # Whichever role the policy lets import historic referrals (never named here).
    role = sorted(roles_granting(Permission.REFERRAL_IMPORT, Relation.ANYWHERE))[0]
    account_services.membership_grant(actor=None, user=user, organisation=authority, role=role)
    return user


class _World:
    """The organisations and local authorities records are drawn from."""

    def __init__(self) -> None:
        load_first_responder_organisations()
        self.by_type: dict[str, list[Organisation]] = defaultdict(list)
        for org in Organisation.objects.filter(
            is_designated_first_responder=True, is_active=True
        ).order_by("name"):
            self.by_type[org.organisation_type].append(org)
        sites = jurisdiction().panel_sites
        with_panel = set(
            Organisation.objects.filter(
                organisation_type=OrganisationType.PANEL_HOST, is_active=True
            ).values_list("panel_site", flat=True)
        )
        # A child of a panel area whose panel is not set up could not be routed.
        self.excluded = {
            name for site in sites if site.name not in with_panel for name in site.authorities
        }
        self.authorities: dict[str, list[str]] = defaultdict(list)
        for authority in reference_data.childrens_services_authorities():
            if authority.name not in self.excluded:
                self.authorities[authority.nation].append(authority.name)

    def organisation(self, rng: random.Random, age: str) -> Organisation:
        kinds = calibration.FIRST_RESPONDER_TYPES["child" if age == "child" else "adult"]
        available = {k: w for k, w in kinds.items() if self.by_type.get(k)}
        if not available:
            raise SyntheticError("No first responder organisations to refer from")
        return rng.choice(self.by_type[calibration.pick(rng, available)])

    def local_authority(self, rng: random.Random, organisation: Organisation, nation: str) -> str:
        if (
            organisation.organisation_type == OrganisationType.LOCAL_AUTHORITY
            and organisation.name in reference_data.childrens_services_authority_names()
            and organisation.name not in self.excluded
        ):
            return organisation.name
        return rng.choice(self.authorities.get(nation) or self.authorities["england"])


def _received(rng: random.Random, year: int, latest: date) -> datetime:
    first = date(year, 1, 1)
    last = min(date(year, 12, 31), latest)
    day = first + timedelta(days=rng.randrange((last - first).days + 1))
    minutes = rng.randrange(0, 120)
    moment = datetime.combine(day, time(9 + minutes // 60, minutes % 60), tzinfo=uk_time())
    return moment.astimezone(UTC)


def _body(
    rng: random.Random, world: _World, kind: str, age: str, received: datetime, number: str
) -> tuple[dict[str, Any], Organisation, _Drawn]:
    organisation = world.organisation(rng, age)
    nation = organisation.nation or calibration.pick(rng, NATIONS)
    nationality = calibration.nationalities(rng, age)
    types, county_lines = calibration.exploitation(rng, age)
    gender = calibration.gender(rng, age)
    received_on = timezone.localdate(received)
    not_sure_at_referral = age == "unknown" and rng.random() < 0.25
    child_route = age == "child" or not_sure_at_referral
    person: dict[str, Any] = {"gender": gender, "nationalities": nationality}
    if age == "child":
        days_old = rng.randrange(8 * 365, 17 * 365 + 300)
        person.update(
            under_18="yes", date_of_birth=(received_on - timedelta(days=days_old)).isoformat()
        )
    elif not_sure_at_referral:
        person.update(under_18="not_sure")
    else:
        days_old = rng.randrange(18 * 365 + 10, 65 * 365)
        person.update(
            under_18="no",
            under_18_at_exploitation="not_sure" if age == "unknown" else "no",
            date_of_birth=(received_on - timedelta(days=days_old)).isoformat(),
        )
    if kind == "dtn":
        person.update(consent=False, dtn_refusal_reason="Synthetic: did not consent.")
    else:
        person.update(given_name="Synthetic", family_name=f"Person {number}")
        if not child_route:
            person.update(
                consent=True,
                consent_statement_shown="Synthetic: the consent statement was shown.",
            )
    body: dict[str, Any] = {
        "kind": kind,
        "nation": nation,
        "person": person,
        "exploitation": {
            "types": types,
            "county_lines": county_lines,
            "location": calibration.location(rng, nationality),
        },
        "account": ACCOUNT,
        "received_at": received.isoformat(),
    }
    if child_route:
        body["local_authority"] = world.local_authority(rng, organisation, nation)
        body["child_contact"] = {
            "name": "Children's services duty team",
            "email": "duty.team@synthetic.invalid",
            "childrens_services_informed": True,
            "police_informed": True,
        }
    return body, organisation, _Drawn(number, age, nationality, gender == "female")


def _decided_at(day: date) -> datetime:
    return datetime.combine(day, time(16, 0), tzinfo=uk_time()).astimezone(UTC)


def _decisions_for(
    profile: Profile, case: Case, drawn: _Drawn, latest: date
) -> list[HistoricDecision]:
    """The RG and CG decisions a synthetic case gets, where their dates have come."""
    rng = random.Random(f"decisions-{drawn.number}")
    received_on = timezone.localdate(case.received_at)
    panel = case.decision_maker_type == "panel"
    rg_day = received_on + timedelta(
        days=calibration.rg_days(rng, profile, received_on.year, panel=panel)
    )
    if rg_day > latest:
        return []
    child = case.is_child
    positive = calibration.rg_positive(rng, profile, rg_day, drawn.age, drawn.nationalities)
    if not positive:
        # No negative RG decision could be issued from 28 June to 9 July 2023.
        while not may_issue_negative_rg(rg_day, case.nation, jurisdiction=jurisdiction()):
            rg_day += timedelta(days=1)
        if rg_day > latest:
            return []
    child_fields: dict[str, Any] = (
        {
            "local_authority_consulted": True,
            "child_wishes_and_feelings": "Synthetic: the child's wishes and feelings.",
        }
        if child
        else {}
    )
    found = [
        HistoricDecision(
            case,
            DecisionInput(
                "reasonable_grounds",
                "positive" if positive else "negative",
                RATIONALE,
                decided_at=_decided_at(rg_day),
                **child_fields,
            ),
        )
    ]
    if not positive:
        return found
    earliest = cg_earliest(rg_day, case.nation, jurisdiction=jurisdiction())
    cg_day = max(
        rg_day
        + timedelta(days=calibration.cg_days(rng, profile, rg_day.year, female=drawn.female)),
        earliest,
    )
    if cg_day > latest:
        return found
    cg_yes = calibration.cg_positive(rng, profile, cg_day, drawn.nationalities)
    consulted = (*CONSULTED, "local_authority") if child else CONSULTED
    found.append(
        HistoricDecision(
            case,
            DecisionInput(
                "conclusive_grounds",
                "positive" if cg_yes else "negative",
                RATIONALE,
                consultations=consulted,
                decided_at=_decided_at(cg_day),
                **child_fields,
            ),
        )
    )
    return found


def referral_lines(count: int, year: int, seed: int) -> list[str]:
    """``count`` synthetic referral bodies of ``year`` as an older system would export them
    for ``import_referrals``: one JSON object per line, naming its organisation."""
    world = _World()
    latest = timezone.localdate() - timedelta(days=1)
    lines = []
    for index in range(count):
        number = f"{seed}-{year}-{index}"
        rng = random.Random(f"referral-{number}")
        kind, age = calibration.kind_and_age(rng, year)
        body, organisation, _drawn = _body(
            rng, world, kind, age, _received(rng, year, latest), number
        )
        lines.append(json.dumps({**body, "organisation": organisation.name}))
    return lines


def generate(
    *,
    referrals: int,
    first_year: int,
    last_year: int,
    seed: int,
    profile: Profile = CALIBRATED,
    batch_size: int = 1000,
    progress: Callable[[int, int], None] | None = None,
) -> Summary:
    """Create ``referrals`` synthetic records (NRM referrals and Duty to Notify reports,
    in the published proportions) received from ``first_year`` to ``last_year``, with
    their cases and the decisions whose dates have come."""
    today = timezone.localdate()
    if referrals < 1:
        raise SyntheticError("Ask for at least one referral")
    if first_year > last_year:
        raise SyntheticError("The first year must not be after the last")
    if first_year < 2009:
        raise SyntheticError("The NRM began in 2009: choose a first year from 2009")
    if last_year > today.year:
        raise SyntheticError(f"Referrals cannot be received in the future (after {today.year})")
    latest = today - timedelta(days=1)
    if first_year == today.year and latest.year < first_year:
        raise SyntheticError("There is no day of this year in the past yet")
    world = _World()
    user = synthetic_user()
    per_year = calibration.records_per_year(referrals, list(range(first_year, last_year + 1)))
    summary = Summary()
    done = 0
    batch: list[tuple[ImportItem, _Drawn]] = []

    def flush() -> None:
        nonlocal done
        _load(profile, user, batch, latest, summary)
        done += len(batch)
        batch.clear()
        if progress is not None:
            progress(done, referrals)

    for year, count in sorted(per_year.items()):
        for index in range(count):
            # Each record draws from its own generator, so that a record is the same
            # whatever was loaded before it (a second run finds every key already there).
            number = f"{seed}-{year}-{index}"
            rng = random.Random(f"referral-{number}")
            kind, age = calibration.kind_and_age(rng, year)
            received = _received(rng, year, latest)
            body, organisation, drawn = _body(rng, world, kind, age, received, number)
            item = ImportItem(
                ReferralSubmission.model_validate(body), f"synthetic-{number}", organisation
            )
            batch.append((item, drawn))
            if len(batch) >= batch_size:
                flush()
    if batch:
        flush()
    return summary


def _load(
    profile: Profile,
    user: User,
    batch: Sequence[tuple[ImportItem, _Drawn]],
    latest: date,
    summary: Summary,
) -> None:
    outcomes = referral_import_bulk(user=user, items=[item for item, _ in batch])
    fresh: dict[int, _Drawn] = {}
    for outcome, (_item, drawn) in zip(outcomes, batch, strict=True):
        if outcome.problems:
            problems = "; ".join(p.message for p in outcome.problems)
            raise SyntheticError(f"A synthetic referral was refused: {problems}")
        if not outcome.created or outcome.referral_id is None:
            summary.already_there += 1
            continue
        if outcome.kind == "dtn":
            summary.duty_to_notify += 1
        else:
            summary.referrals += 1
            fresh[outcome.referral_id] = drawn
    cases = Case.objects.filter(referral_id__in=list(fresh)).order_by("id")
    decisions: list[HistoricDecision] = []
    for case in cases:
        decisions += _decisions_for(profile, case, fresh[case.referral_id], latest)
        summary.cases += 1
    if decisions:
        decision_record_historic_bulk(user=user, decisions=decisions)
        summary.decisions += len(decisions)
