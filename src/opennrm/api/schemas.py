"""Shapes of the API's own operations (errors are in ``core.api_schemas``)."""

from ninja import Schema


class MembershipOut(Schema):
    role: str
    organisation: str


class MeOut(Schema):
    email: str
    full_name: str
    roles: list[MembershipOut]
