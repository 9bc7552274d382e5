"""The one error type the application raises when a request cannot be carried out.

Services raise it; pages turn it into a GOV.UK error summary and field messages, and the
API into a JSON error with a status and a path into the request body. Pure Python, so the
pure rule modules can raise it too.
"""

from collections.abc import Sequence
from dataclasses import dataclass

type Location = tuple[str | int, ...]


@dataclass(frozen=True)
class Problem:
    """Something wrong with a request: where (a path into it, ``()`` for the whole) and what."""

    loc: Location
    message: str

    @property
    def field(self) -> str:
        """The last named part of the path: the form field a page shows the message beside."""
        names = [part for part in self.loc if isinstance(part, str)]
        return names[-1] if names else ""


class ApplicationError(Exception):
    """A request that breaks a rule; nothing was written.

    ``status`` is what the API answers: 422 for a broken rule, 404 for something the user
    may not see (indistinguishable from something that does not exist), 403 for an action
    the user's role does not allow on something they may see, 409 for a conflict.
    """

    status = 422

    def __init__(
        self,
        message: str = "",
        *,
        field: str | Sequence[str | int] = "",
        problems: Sequence[Problem] = (),
    ) -> None:
        if not problems:
            loc: Location = (field,) if isinstance(field, str) and field else tuple(field or ())
            problems = [Problem(loc, message)]
        self.problems: list[Problem] = list(problems)
        super().__init__("; ".join(p.message for p in self.problems))

    @property
    def message(self) -> str:
        return self.problems[0].message

    @property
    def field(self) -> str:
        return self.problems[0].field


class NotFound(ApplicationError):
    """It does not exist, or the user may not see it: the two look the same from outside."""

    status = 404


class Forbidden(ApplicationError):
    """The user may see it, but their role does not allow this action on it."""

    status = 403


class Conflict(ApplicationError):
    """Someone else changed it first; nothing was written."""

    status = 409
