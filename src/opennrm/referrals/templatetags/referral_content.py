"""``{% referral_content answers evidence %}``: a referral's whole content, in words.

For pages that show a submitted referral (the referral page, the case page). It runs no
query: pass the referral's ``answers`` and its evidence files (prefetched by the caller).
Immigration details are never part of it.
"""

from collections.abc import Iterable
from typing import Any

from django import template

from opennrm.referrals import choices
from opennrm.referrals.presenters import EvidenceItem, referral_sections

register = template.Library()


@register.inclusion_tag("referrals/includes/referral_content.html")
def referral_content(
    answers: dict[str, Any] | None, evidence: Iterable[EvidenceItem] = (), level: int = 2
) -> dict[str, Any]:
    """Every answered question of the referral, section by section, as summary cards."""
    sections = [
        {"section": section, "rows": [(row, "") for row in section.answered_rows]}
        for section in referral_sections(answers or {}, evidence or ())
    ]
    return {"sections": [s for s in sections if s["rows"]], "level": level}


@register.filter
def exploitation_types(codes: object) -> str:
    """The published types of exploitation as words: "Labour exploitation, Sexual…"."""
    return ", ".join(choices.labels(choices.EXPLOITATION_TYPES, codes))
