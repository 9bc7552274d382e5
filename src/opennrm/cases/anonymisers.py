"""What other apps remove from a case when its retention period is over.

The apps built on cases (the child panels, the reviews of decisions, the records after a
decision) keep free text of their own about a case: notes, reasons, representations, the
child's best interests. ``case_anonymise`` removes the case's own free text and then asks
each of them, in the same transaction, to remove theirs, so an anonymised case keeps no
account of the person anywhere (UK GDPR Art. 5(1)(e)). Each app registers its anonymiser
once, from its ``AppConfig.ready``; cases never imports them.
"""

from collections.abc import Callable
from typing import Any

CaseAnonymiser = Callable[..., None]
_anonymisers: list[CaseAnonymiser] = []


def register_case_anonymiser(anonymiser: CaseAnonymiser) -> None:
    """Add ``anonymiser(case=...)``: it removes its app's free text about the case,
    keeping what the statistics and the audit trail count (outcomes, dates, who acted)."""
    if anonymiser not in _anonymisers:
        _anonymisers.append(anonymiser)


def anonymise_elsewhere(*, case: Any) -> None:
    """Ask every registered app to remove its free text about ``case``."""
    for anonymiser in _anonymisers:
        anonymiser(case=case)


def registered_anonymisers() -> list[CaseAnonymiser]:
    """Every registered anonymiser (for the check that each app with free text has one)."""
    return list(_anonymisers)
