"""Who decides a case: a devolved child panel, or the competent authority."""

from dataclasses import dataclass
from datetime import date

from opennrm.policy.deadlines import DecisionMakerType
from opennrm.policy.rules import Jurisdiction, PanelSite


@dataclass(frozen=True)
class Route:
    decision_maker: DecisionMakerType
    panel_site: PanelSite | None
    reason: str


def eighteenth_birthday(date_of_birth: date) -> date:
    try:
        return date_of_birth.replace(year=date_of_birth.year + 18)
    except ValueError:  # born on 29 February
        return date(date_of_birth.year + 18, 3, 1)


def route_referral(
    *,
    is_child: bool,
    date_of_birth: date | None,
    received_on: date,
    age_disputed: bool,
    public_order: bool,
    local_authority: str | None,
    jurisdiction: Jurisdiction,
) -> Route:
    """Route a new referral under the rules in force on the day it was received.

    A child goes to the devolved panel covering their local authority when eligible: more
    than 100 days from their 18th birthday (with no date of birth the rule cannot rule
    them out), not age-disputed, not under public-order consideration.
    """
    authority = jurisdiction.competent_authority
    if not is_child:
        return Route(DecisionMakerType.COMPETENT_AUTHORITY, None, f"Adult: {authority}.")
    site = jurisdiction.panel_site_for(local_authority, received_on)
    if site is None:
        return Route(
            DecisionMakerType.COMPETENT_AUTHORITY,
            None,
            f"Child, but no devolved panel covers {local_authority or 'their area'}: {authority}.",
        )
    if age_disputed:
        return Route(
            DecisionMakerType.COMPETENT_AUTHORITY,
            None,
            f"Child whose age is disputed: {authority}.",
        )
    if public_order:
        return Route(
            DecisionMakerType.COMPETENT_AUTHORITY,
            None,
            f"Child under public-order consideration: {authority}.",
        )
    minimum = jurisdiction.rules_on(received_on).panel_min_days_before_18th_birthday
    if date_of_birth is not None and minimum is not None:
        days_left = (eighteenth_birthday(date_of_birth) - received_on).days
        # "More than 100 days": exactly 100 days before the 18th birthday is too close.
        if days_left <= minimum:
            return Route(
                DecisionMakerType.COMPETENT_AUTHORITY,
                None,
                f"Child within {minimum} days of their 18th birthday: {authority}.",
            )
    return Route(
        DecisionMakerType.PANEL,
        site,
        f"Child in the area of the {site.name} devolved decision-making panel.",
    )


def days_until_eighteen(date_of_birth: date, on: date) -> int:
    return (eighteenth_birthday(date_of_birth) - on).days


__all__ = ["Route", "days_until_eighteen", "eighteenth_birthday", "route_referral"]
