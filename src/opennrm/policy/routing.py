"""Who decides a referral: a devolved child decision-making panel, or the competent authority.

A referral is routed under the rules in force on the day it was received. A child goes to
the devolved panel covering their local authority when they are eligible for it; adults,
and children a panel may not decide for, go to the competent authority (in the UK, the
Single Competent Authority).
"""

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from opennrm.policy.calendar import Nation
from opennrm.policy.rules import Jurisdiction, PanelSite, default_nation
from opennrm.policy.terms import DecisionMakerType

__all__ = [
    "Route",
    "RouteReason",
    "days_until_eighteen",
    "eighteenth_birthday",
    "reroute_after_age_assessment",
    "route_referral",
    "turns_eighteen_between",
]


class RouteReason(StrEnum):
    """Why a referral went where it did (stable codes, for translation and statistics)."""

    ADULT = "adult"
    ASSESSED_ADULT = "assessed_adult"
    NO_PANEL_FOR_AREA = "no_panel_for_area"
    AGE_DISPUTED = "age_disputed"
    PUBLIC_ORDER = "public_order"
    TOO_CLOSE_TO_EIGHTEEN = "too_close_to_eighteen"
    PANEL_AREA = "panel_area"


@dataclass(frozen=True)
class Route:
    """Where a referral goes: the decision maker, the panel site (for a panel), and why."""

    decision_maker: DecisionMakerType
    panel_site: PanelSite | None
    reason_code: RouteReason
    # Plain English, for the case record and the first responder.
    reason: str


def eighteenth_birthday(date_of_birth: date) -> date:
    """The day a person born on ``date_of_birth`` turns 18.

    Someone born on 29 February turns 18 on 1 March in a common year (in England and
    Wales a person attains an age at the start of the anniversary of their birth; a common
    year has no 29 February, so the anniversary is taken as 1 March).
    """
    try:
        return date_of_birth.replace(year=date_of_birth.year + 18)
    except ValueError:
        return date(date_of_birth.year + 18, 3, 1)


def days_until_eighteen(date_of_birth: date, on: date) -> int:
    """Days from ``on`` to the 18th birthday (zero or negative once they are 18)."""
    return (eighteenth_birthday(date_of_birth) - on).days


def turns_eighteen_between(date_of_birth: date | None, start: date, end: date) -> date | None:
    """The 18th birthday if it falls from ``start`` to ``end`` inclusive, else ``None``
    (also ``None`` without a date of birth): for a case page to say "turns 18 on ...".

    Raises ``ValueError`` if ``end`` is before ``start``.
    """
    if end < start:
        raise ValueError("The end of the period is before its start.")
    if date_of_birth is None:
        return None
    birthday = eighteenth_birthday(date_of_birth)
    return birthday if start <= birthday <= end else None


def route_referral(
    *,
    is_child: bool,
    date_of_birth: date | None,
    received_on: date,
    age_disputed: bool,
    public_order: bool,
    local_authority: str | None,
    jurisdiction: Jurisdiction,
    nation: Nation | str | None = None,
) -> Route:
    """Route a new referral under the rules in force on ``received_on`` in ``nation`` (the
    first responder's; without one, England and Wales with a ``DeprecationWarning``).

    ``is_child`` is true for anyone under 18 on the referral date and for anyone whose
    age is "not sure": MSA 2015 s51, a person who may be a child is treated as one until
    an age assessment. A child goes to the devolved panel covering ``local_authority`` on
    ``received_on`` if they are:

    - more than the rule's number of days (100 in the UK) from their 18th birthday on the
      referral date. With no date of birth the rule cannot rule them out, so they stay
      eligible (an estimated age alone is not enough to exclude a child);
    - not age-disputed;
    - not under public-order consideration (NABA 2022 s63).

    Everyone else goes to the competent authority.
    """
    nation = default_nation(nation, "route_referral")
    authority = jurisdiction.competent_authority

    def to_competent_authority(code: RouteReason, why: str) -> Route:
        return Route(
            decision_maker=DecisionMakerType.COMPETENT_AUTHORITY,
            panel_site=None,
            reason_code=code,
            reason=f"{why} Decided by the {authority}.",
        )

    if not is_child:
        return to_competent_authority(RouteReason.ADULT, "Adult (18 or over).")
    site = jurisdiction.panel_site_for(local_authority, received_on)
    if site is None:
        area = local_authority or "the child's local authority"
        return to_competent_authority(
            RouteReason.NO_PANEL_FOR_AREA,
            f"Child, but no devolved decision-making panel covered {area} "
            f"on {received_on.day} {received_on:%B %Y}.",
        )
    if age_disputed:
        return to_competent_authority(
            RouteReason.AGE_DISPUTED, "Child whose age is disputed: a panel may not decide."
        )
    if public_order:
        return to_competent_authority(
            RouteReason.PUBLIC_ORDER,
            "Child under public-order consideration: a panel may not decide.",
        )
    rules = jurisdiction.rules_on(received_on, nation)
    minimum = rules.panel_min_days_before_18th_birthday
    # Pilot scope: "more than 100 days from their 18th birthday" on the referral date, so a
    # child exactly 100 days from it is too close; 101 days is eligible.
    if (
        date_of_birth is not None
        and minimum is not None
        and days_until_eighteen(date_of_birth, received_on) <= minimum
    ):
        return to_competent_authority(
            RouteReason.TOO_CLOSE_TO_EIGHTEEN,
            f"Child within {minimum} days of their 18th birthday: a panel may not decide.",
        )
    return Route(
        decision_maker=DecisionMakerType.PANEL,
        panel_site=site,
        reason_code=RouteReason.PANEL_AREA,
        reason=(
            f"Child in the area of the {site.name} devolved child decision-making panel, "
            "which decides for them."
        ),
    )


def reroute_after_age_assessment(
    *,
    found_to_be_child: bool,
    date_of_birth: date | None,
    received_on: date,
    public_order: bool,
    local_authority: str | None,
    jurisdiction: Jurisdiction,
    nation: Nation | str,
) -> Route:
    """Route a referral again once an age assessment has settled a disputed age.

    Found to be an adult: the competent authority decides. Confirmed a child: the dispute
    is over, so the panel rule is applied again as on the day the referral was received
    (with the date of birth the assessment found), exactly as for a child whose age was
    never disputed.
    """
    if not found_to_be_child:
        authority = jurisdiction.competent_authority
        return Route(
            decision_maker=DecisionMakerType.COMPETENT_AUTHORITY,
            panel_site=None,
            reason_code=RouteReason.ASSESSED_ADULT,
            reason=f"An age assessment found them to be an adult. Decided by the {authority}.",
        )
    return route_referral(
        is_child=True,
        date_of_birth=date_of_birth,
        received_on=received_on,
        age_disputed=False,
        public_order=public_order,
        local_authority=local_authority,
        jurisdiction=jurisdiction,
        nation=nation,
    )
