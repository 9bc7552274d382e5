"""Shapes every API router shares: errors, and how an ``ApplicationError`` is answered."""

from typing import Any

from ninja import Schema

from opennrm.core.exceptions import ApplicationError


class ErrorDetail(Schema):
    """One problem with a request: where it is (a path into the body) and what is wrong."""

    loc: list[str | int]
    msg: str
    type: str


class ValidationErrorResponse(Schema):
    """422: the request was understood but breaks a rule; nothing was written."""

    detail: list[ErrorDetail]


class Message(Schema):
    detail: str


def error_body(error: ApplicationError) -> dict[str, Any]:
    """The JSON an ``ApplicationError`` is answered with: a list of problems with their
    paths for a broken rule (422), one sentence otherwise."""
    if error.status == 422:
        return {
            "detail": [
                {"loc": list(p.loc), "msg": p.message, "type": "value_error"}
                for p in error.problems
            ]
        }
    return {"detail": error.message}
