"""Decisions taken at a meeting of the deciding body, and what other apps add to a case page.

A local child panel decides together, at a quorate meeting, never one member alone. The
cases app does not know what a meeting is: the app that runs meetings (``panels``) gives
``decision_record`` a ``Sitting`` — the meeting, already found and checked for the person
asking — which checks the meeting may decide this case (quorum, the chair's conflict of
interest, the child's area) inside the decision's transaction and records what the panel
adds to the decision. A panel case without a sitting is refused.

The same app registers, once, how an API call's ``meeting_id`` becomes a sitting, and the
sections it adds to the case page. Both are called at run time, so cases never imports it.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

from opennrm.core.exceptions import ApplicationError


class Sitting(Protocol):
    """A meeting at which a deciding body records a decision."""

    @property
    def meeting_id(self) -> int: ...

    def check(
        self, *, user: Any, case: Any, stage: str, decided_on: date, child_voice: str
    ) -> None:
        """Raise ``ApplicationError`` (field ``meeting_id``) if the meeting may not decide
        this case at this stage now; ``child_voice`` is the child's wishes and feelings as
        the decision records them."""
        ...

    def made_rg_decision(self, *, case: Any) -> bool:
        """Whether this meeting made the case's reasonable-grounds decision (so that it may
        record the conclusive-grounds decision too, where the rules allow)."""
        ...

    def record(self, *, user: Any, decision: Any) -> None:
        """Record what the meeting adds to the decision just made (who sat, the child's
        best interests, the safeguarding picture, dissent)."""
        ...


SittingFactory = Callable[..., Sitting]
_factory: SittingFactory | None = None


def register_sitting_factory(factory: SittingFactory) -> None:
    """Say how a meeting id and the panel's details become a ``Sitting`` (once, from the
    panels app's ``ready``)."""
    global _factory
    _factory = factory


def sitting_for(
    *, user: Any, case: Any, meeting_id: int, details: Mapping[str, Any] | None
) -> Sitting:
    """The sitting for ``meeting_id`` (``ApplicationError`` on ``meeting_id`` if none)."""
    if _factory is None:
        raise ApplicationError(
            "This service does not record decisions at meetings", field="meeting_id"
        )
    return _factory(user=user, case=case, meeting_id=meeting_id, details=details or {})


@dataclass(frozen=True)
class CaseSection:
    """A part of the case page another app adds: a template and what it shows."""

    template: str
    context: dict[str, Any]


SectionProvider = Callable[..., CaseSection | None]
_sections: list[SectionProvider] = []


def register_case_section(provider: SectionProvider) -> None:
    """Add a section to the case page: ``provider(user=..., case=..., today=...)`` returns
    a ``CaseSection`` or ``None``. It must ask the access policy itself."""
    if provider not in _sections:
        _sections.append(provider)


def case_sections(*, user: Any, case: Any, today: date) -> list[CaseSection]:
    """The sections other apps add to this case's page, for this person."""
    return [
        section
        for provider in _sections
        if (section := provider(user=user, case=case, today=today)) is not None
    ]
