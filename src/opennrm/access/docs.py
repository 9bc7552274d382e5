"""The access policy as a document (``docs/access.md``), written from the policy itself so
the two can never disagree (a test compares them)."""

from opennrm.access.policy import (
    EXCLUSIONS,
    GRANTS,
    PERMISSION_LABELS,
    RELATION_LABELS,
    ROUTES,
    Permission,
    Route,
)
from opennrm.access.roles import ROLE_LABELS, Role

HEADER = """# Who may see and do what

This page is written by `python manage.py access_matrix` from the access policy in
`src/opennrm/access/policy.py`; do not edit it by hand. The access-matrix test requests every
page and API operation as every role (and anonymously) and checks each answer against this
policy.

A person may do something if a role they hold grants it in a relation that holds between
them and the object: "any" (the role alone is enough), "own organisation's", "referred by
own organisation", "decided by own body" (the competent authority, or the case's local child
panel), "under review (or reviewed) by own panel" (never the deciding body), "assigned
guardian's" (the child's named guardian), "referred to own guardian service", "in own local
authority's area" (a child, or an area, of the local authority where the person works),
"imported by them". Someone who may not see an object is answered 404, as if it did not
exist; someone who may see it but not do the action is answered 403.

Signing in takes a password and a second factor (a code from an authenticator app). Until
both are given, only the public routes and the second-factor pages answer; every other
page sends the person to the code page and the API answers 401. API bearer tokens, issued
to systems, are a single factor of their own.
"""


def _cell(role: Role, permission: Permission) -> str:
    relations = sorted(
        RELATION_LABELS[g.relation] for g in GRANTS if g.role is role and g.permission is permission
    )
    if role in EXCLUSIONS.get(permission, frozenset()):
        return "never"
    return "; ".join(relations)


def _route_permission(route: Route) -> str:
    if route.public:
        return "public"
    if route.second_factor:
        return "anyone who has given their password (the second-factor pages)"
    if route.any_signed_in:
        return "anyone signed in"
    if route.by_argument is not None:
        argument, choices = route.by_argument
        return "; ".join(f"{argument}={value}: `{p.value}`" for value, p in choices.items())
    assert route.permission is not None
    text = f"`{route.permission.value}`"
    if route.alternative is not None:
        text += f" or `{route.alternative.value}`"
    return text


def render_matrix() -> str:
    """``docs/access.md`` as it must read."""
    lines = [HEADER, "## Permissions by role", ""]
    roles = list(Role)
    lines.append("| Permission | " + " | ".join(ROLE_LABELS[r] for r in roles) + " |")
    lines.append("|---|" + "---|" * len(roles))
    for permission in Permission:
        cells = [_cell(role, permission) for role in roles]
        lines.append(
            f"| {PERMISSION_LABELS[permission]} (`{permission.value}`) | "
            + " | ".join(cells)
            + " |"
        )
    lines += [
        "",
        "Immigration details are never shown to a decision maker or independent reviewer, "
        "whatever other role they hold (identification is not an immigration decision).",
        "",
        "## Pages and API operations",
        "",
        "| Route | Methods | Object | Needs |",
        "|---|---|---|---|",
    ]
    for name, route in sorted(ROUTES.items()):
        lines.append(
            f"| `{name}` | {', '.join(route.methods)} | {route.obj or '—'} | "
            f"{_route_permission(route)} |"
        )
    return "\n".join(lines) + "\n"
