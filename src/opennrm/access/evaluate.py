"""Applying the access policy: one answer to "may this person do this to this object?",
and querysets scoped to what they may see.

Each app registers, for the models it owns, how each relation is worked out: as a filter
(to scope a list in the database) and as a test on one loaded object (to answer without a
query). The policy itself (``policy.GRANTS``) stays data.

A person who may not see an object gets ``NotFound`` (404), indistinguishable from an
object that does not exist; one who may see it but not do the action gets ``Forbidden``.
"""

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, Protocol

from django.contrib.auth.models import AnonymousUser
from django.db.models import Model, Q, QuerySet

from opennrm.access.policy import (
    EXCLUSIONS,
    GRANTS,
    VIEW_PERMISSION,
    Grant,
    Permission,
    Relation,
    object_kind,
)
from opennrm.core.exceptions import Forbidden, NotFound


class Subject(Protocol):
    """The person asking (``accounts.User``); anonymous users hold no roles."""

    pk: Any
    is_active: bool

    @property
    def is_authenticated(self) -> bool: ...

    def organisation_ids_for(self, *roles: str) -> frozenset[int]: ...


# Whoever is asking: a signed-in person, or nobody (anonymous users hold no roles).
type Asker = Subject | AnonymousUser | None

Scope = Callable[[Subject, frozenset[int]], Q]
Holds = Callable[[Subject, frozenset[int], Any], bool]


@dataclass(frozen=True)
class Resolver:
    """How one relation is worked out for one kind of object.

    ``scope(user, organisation_ids)`` is a filter for the objects in that relation to the
    person, ``holds(user, organisation_ids, obj)`` the same test on one object in memory.
    ``organisation_ids`` are the organisations where the person holds the granted role.
    """

    scope: Scope
    holds: Holds


@dataclass(frozen=True)
class _Kind:
    model: type[Model]
    resolvers: dict[Relation, Resolver]


_KINDS: dict[str, _Kind] = {}
_GRANTS_BY_PERMISSION: dict[Permission, tuple[Grant, ...]] = {
    permission: tuple(g for g in GRANTS if g.permission is permission) for permission in Permission
}
_view_recorder: Callable[[Subject, Model], object] | None = None
# Answers kept for the rest of one read-only page (see ``answers_kept``).
_kept: ContextVar[dict[tuple[Any, Permission, str, Any], bool] | None] = ContextVar(
    "access_answers_kept", default=None
)


def register(kind: str, model: type[Model], resolvers: dict[Relation, Resolver]) -> None:
    """Tell the policy how relations to ``model`` objects (policy kind ``kind``) work.

    Apps call this from ``AppConfig.ready``. Registering again for the same kind adds
    relations (an app that owns a relation, such as a child's assigned guardian, registers
    it for the objects it relates to); a relation already registered is replaced.
    """
    existing = _KINDS.get(kind)
    if existing is not None and existing.model is not model:
        raise LookupError(f"{kind!r} objects are {existing.model.__name__}, not {model.__name__}.")
    merged = {**(existing.resolvers if existing is not None else {}), **resolvers}
    _KINDS[kind] = _Kind(model, merged)


def set_view_recorder(recorder: Callable[[Subject, Model], object]) -> None:
    """Install what records that someone viewed a record (the audit trail does this)."""
    global _view_recorder
    _view_recorder = recorder


def record_view_of(user: Asker, obj: Model) -> None:
    """Record that ``user`` viewed ``obj`` (for records reached through another, such as a
    decision through its case)."""
    subject = _subject(user)
    if _view_recorder is not None and subject is not None:
        _view_recorder(subject, obj)


def registered_kinds() -> dict[str, type[Model]]:
    """Every kind of object the policy knows, with its model."""
    return {kind: entry.model for kind, entry in _KINDS.items()}


def missing_resolvers() -> list[Grant]:
    """Grants whose relation no app has said how to work out (a configuration error)."""
    missing = []
    for grant in GRANTS:
        kind = object_kind(grant.permission)
        if grant.relation is Relation.ANYWHERE:
            continue
        entry = _KINDS.get(kind)
        if entry is None or grant.relation not in entry.resolvers:
            missing.append(grant)
    return missing


def _subject(user: Asker) -> Subject | None:
    """The person asking, if signed in and active; None for anyone else."""
    if user is None or isinstance(user, AnonymousUser):
        return None
    return user if user.is_authenticated and user.is_active else None


def _excluded(user: Subject, permission: Permission) -> bool:
    excluded = EXCLUSIONS.get(permission, frozenset())
    return bool(excluded) and bool(user.organisation_ids_for(*excluded))


def _granting(asker: Asker, permission: Permission) -> Iterable[tuple[Grant, frozenset[int]]]:
    """The grants of ``permission`` whose role the person holds, with where they hold it."""
    user = _subject(asker)
    if user is None or _excluded(user, permission):
        return
    for grant in _GRANTS_BY_PERMISSION[permission]:
        organisations = user.organisation_ids_for(grant.role)
        if organisations:
            yield grant, organisations


def _resolver(kind: str, relation: Relation) -> Resolver:
    try:
        return _KINDS[kind].resolvers[relation]
    except KeyError:
        raise LookupError(
            f"The access policy grants a {relation.value!r} relation on {kind!r} objects, "
            "but no app registered how to work it out."
        ) from None


def roles_granting(permission: Permission, relation: Relation) -> frozenset[str]:
    """The roles that grant ``permission`` in ``relation`` (to find, say, everyone who may
    decide a body's cases without naming roles outside the policy)."""
    return frozenset(
        grant.role.value
        for grant in _GRANTS_BY_PERMISSION[permission]
        if grant.relation is relation
    )


def organisations_granting(
    user: Asker, permission: Permission, relation: Relation
) -> frozenset[int]:
    """The organisations where the person holds a role granting ``permission`` in
    ``relation`` (the support provider a person works for, say)."""
    subject = _subject(user)
    if subject is None or _excluded(subject, permission):
        return frozenset()
    return subject.organisation_ids_for(*roles_granting(permission, relation))


def holds_somewhere(user: Asker, permission: Permission) -> bool:
    """Whether the person holds ``permission`` on some object (for pages without one, such
    as a work queue or the start of a referral)."""
    return any(True for _ in _granting(user, permission))


@contextmanager
def answers_kept() -> Iterator[None]:
    """Keep each answer about an object for the rest of the block.

    A page that only reads (the case page, say) asks the same questions about the same
    case and person many times, once per section and link; inside this block each is
    worked out once. Use it only where nothing in the block changes who is related to
    what (no assignment, no guardian referral): a kept answer is not asked again.
    """
    token = _kept.set({})
    try:
        yield
    finally:
        _kept.reset(token)


def may(user: Asker, permission: Permission, obj: Model | None = None) -> bool:
    """Whether ``user`` may do ``permission`` to ``obj`` (or, without an object, anywhere)."""
    if obj is None:
        return any(
            grant.relation is Relation.ANYWHERE for grant, _orgs in _granting(user, permission)
        )
    subject = _subject(user)
    if subject is None:
        return False
    kept = _kept.get()
    if kept is None:
        return _may(subject, permission, obj)
    key = (subject.pk, permission, obj._meta.label, obj.pk)
    if key not in kept:
        kept[key] = _may(subject, permission, obj)
    return kept[key]


def _may(subject: Subject, permission: Permission, obj: Model) -> bool:
    kind = object_kind(permission)
    for grant, organisations in _granting(subject, permission):
        if grant.relation is Relation.ANYWHERE:
            return True
        if _resolver(kind, grant.relation).holds(subject, organisations, obj):
            return True
    return False


def permissions_on(user: Asker, obj: Model, kind: str) -> frozenset[Permission]:
    """Every permission of ``kind`` objects (``"case"``…) the person holds on ``obj``."""
    return frozenset(
        permission
        for permission in Permission
        if object_kind(permission) == kind and may(user, permission, obj)
    )


def scope(user: Asker, permission: Permission, kind: str) -> Q | None:
    """A filter for the objects the person may do ``permission`` to; ``None`` means all."""
    condition = Q(pk__in=[])
    subject = _subject(user)
    if subject is None:
        return condition
    for grant, organisations in _granting(subject, permission):
        if grant.relation is Relation.ANYWHERE:
            return None
        condition |= _resolver(kind, grant.relation).scope(subject, organisations)
    return condition


def restrict[M: Model](queryset: QuerySet[M], user: Asker, permission: Permission) -> QuerySet[M]:
    """``queryset`` limited to the objects ``user`` may do ``permission`` to."""
    condition = scope(user, permission, object_kind(permission))
    return queryset if condition is None else queryset.filter(condition)


def get_for[M: Model](
    queryset: QuerySet[M],
    user: Asker,
    permission: Permission,
    *,
    record_view: bool | None = None,
    **lookup: Any,
) -> M:
    """The one object matching ``lookup`` that ``user`` may do ``permission`` to.

    ``NotFound`` if there is none or the person may not see it; ``Forbidden`` if they may
    see it but not do ``permission``. Reading a record through its view permission is
    recorded in the audit trail ("who viewed this record"); ``record_view`` overrides that.
    """
    kind = object_kind(permission)
    view = VIEW_PERMISSION.get(kind, permission)
    try:
        obj = restrict(queryset, user, view).filter(**lookup).first()
    except (ValueError, TypeError):
        obj = None  # a malformed identifier finds nothing
    if obj is None:
        raise NotFound(f"No {kind} was found", field=kind)
    if permission is not view and not may(user, permission, obj):
        raise Forbidden("Your role does not allow this", field="role")
    if permission is view if record_view is None else record_view:
        record_view_of(user, obj)
    return obj
