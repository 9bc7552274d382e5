"""The shape of a case or referral reference (NRM-2026-000123, DTN-2026-000045)."""

import re

_REFERENCE = re.compile(r"^[A-Z]{2,4}-\d{4}-\d{1,8}$")


def is_reference(value: str) -> bool:
    """Whether ``value`` has the shape of a reference (it may still match no record)."""
    return bool(_REFERENCE.match(value))


def search_criterion(value: str) -> dict[str, object]:
    """What the audit trail keeps of a reference someone searched for: the reference, or,
    for anything else they typed, only its length (free text is never audited)."""
    if is_reference(value):
        return {"reference": value}
    return {"typed": "not a reference", "length": len(value)}
