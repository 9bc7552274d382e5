"""The access policy as data: consistent, and the only place roles are named."""

import re
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from opennrm.access.policy import (
    EXCLUSIONS,
    GRANTS,
    ROUTES,
    VIEW_PERMISSION,
    Permission,
    Relation,
    object_kind,
)
from opennrm.access.roles import IMMIGRATION_BLIND, Role

SOURCE = Path(__file__).resolve().parents[3] / "src" / "opennrm"


def test_nobody_may_act_on_what_they_may_not_see() -> None:
    """Every grant to act on an object comes with a grant to see it in the same relation
    (or anywhere), so an action is never refused with 404 to someone allowed to take it —
    unless every route of the permission reveals its object to whoever may take it
    (``Route.acting_reveals``: a first responder asks for reconsideration of their referral's
    case without seeing its page)."""
    revealing = {
        permission
        for permission in Permission
        if (routes := [r for r in ROUTES.values() if r.permission is permission])
        and all(r.acting_reveals for r in routes)
    }
    for grant in GRANTS:
        if grant.permission in revealing:
            continue
        view = VIEW_PERMISSION.get(object_kind(grant.permission))
        # Grants "anywhere" include permissions about no object at all (a work queue, an
        # import): there is nothing to see first.
        if view is None or grant.permission is view or grant.relation is Relation.ANYWHERE:
            continue
        seeing = {g.relation for g in GRANTS if g.role is grant.role and g.permission is view}
        assert grant.relation in seeing or Relation.ANYWHERE in seeing, grant


def test_every_route_names_a_permission_or_is_public() -> None:
    for name, route in ROUTES.items():
        assert (
            route.public or route.any_signed_in or route.permission_for(None) or (route.by_argument)
        ), name
        if route.obj is not None:
            assert route.obj in VIEW_PERMISSION, name


@given(roles=st.frozensets(st.sampled_from(list(Role)), min_size=1))
def test_immigration_is_never_granted_to_someone_who_decides(roles: frozenset[Role]) -> None:
    granted = any(
        g.permission is Permission.CASE_VIEW_IMMIGRATION and g.role in roles for g in GRANTS
    )
    excluded = bool(roles & EXCLUSIONS[Permission.CASE_VIEW_IMMIGRATION])
    assert excluded == bool(roles & IMMIGRATION_BLIND)
    # The policy may grant it, but any decision-making role rules it out.
    assert not (granted and not excluded) or not (roles & IMMIGRATION_BLIND)


# Role names that mean nothing but a role. (First responder and support provider also name
# parts of a referral and kinds of consultee, and a child's guardian is a field of their
# referral to the guardian service and of the API, so they are not searched for.)
ROLE_ONLY_NAMES = sorted(
    {r.value for r in Role}
    - {Role.FIRST_RESPONDER.value, Role.SUPPORT_PROVIDER.value, Role.GUARDIAN.value}
)
ROLE_CHECK = re.compile(r"has_role\(|(?<!access)\.roles\b|roles_in\(|organisation_ids_for\(")


def test_no_role_is_named_or_checked_outside_the_access_policy() -> None:
    offenders = []
    quoted = re.compile("|".join(rf"[\"']{name}[\"']" for name in ROLE_ONLY_NAMES))
    for path in SOURCE.rglob("*"):
        if path.suffix not in {".py", ".html", ".txt"} or "migrations" in path.parts:
            continue
        relative = path.relative_to(SOURCE)
        if relative.parts[0] == "access":
            continue
        text = path.read_text(encoding="utf-8")
        if quoted.search(text):
            offenders.append(f"{relative}: names a role")
        if ROLE_CHECK.search(text) and relative.as_posix() != "accounts/models.py":
            offenders.append(f"{relative}: checks roles itself")
    assert not offenders, offenders
