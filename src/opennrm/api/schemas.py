"""Shapes the API shares across routers."""

from ninja import Schema


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


class MembershipOut(Schema):
    role: str
    organisation: str


class MeOut(Schema):
    email: str
    full_name: str
    roles: list[MembershipOut]
