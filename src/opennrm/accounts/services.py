"""Writes to organisations, people and roles. Each records an audit event."""

from django.db import transaction
from django.utils import timezone

from opennrm.access.roles import Role
from opennrm.accounts.models import ApiToken, Organisation, RoleMembership, User
from opennrm.audit.services import audit_record


def user_create(*, actor: User | None, email: str, full_name: str, password: str | None) -> User:
    """Create a person who signs in with ``email``; ``password=None`` means they must reset it."""
    with transaction.atomic():
        user = User.objects.create_user(email=email, password=password, full_name=full_name)
        if password is None:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        audit_record(actor=actor, action="account.user_created", obj=user, payload={"email": email})
    return user


def membership_grant(
    *, actor: User | None, user: User, organisation: Organisation, role: Role | str
) -> RoleMembership:
    """Give ``user`` a role in ``organisation`` (reactivating one that was withdrawn)."""
    with transaction.atomic():
        membership, created = RoleMembership.objects.get_or_create(
            user=user, organisation=organisation, role=str(role)
        )
        if not created and not membership.is_active:
            membership.is_active = True
            membership.save(update_fields=["is_active"])
        audit_record(
            actor=actor,
            action="account.role_granted",
            obj=membership,
            payload={"user": user.email, "organisation": organisation.name, "role": str(role)},
        )
    return membership


def api_token_issue(*, actor: User | None, user: User, name: str = "API token") -> str:
    """Issue a new bearer token for ``user`` and return it; only its digest is kept."""
    token = ApiToken.generate()
    with transaction.atomic():
        record = ApiToken.objects.create(
            user=user, name=name, digest=ApiToken.digest_of(token), prefix=token[:8]
        )
        audit_record(
            actor=actor,
            action="account.api_token_issued",
            obj=record,
            payload={"user": user.email, "prefix": record.prefix},
        )
    return token


def api_token_authenticate(*, token: str) -> User | None:
    """Return the active user a bearer token belongs to, or None for any bad token."""
    if not token or len(token) > 200:
        return None
    record = (
        ApiToken.objects.select_related("user")
        .filter(digest=ApiToken.digest_of(token), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if record is None:
        return None
    ApiToken.objects.filter(pk=record.pk).update(last_used_at=timezone.now())
    return record.user


def session_signed_in(*, user: User) -> None:
    """Record that a person signed in (the sign-in itself is Django's)."""
    with transaction.atomic():
        audit_record(actor=user, action="account.signed_in", obj=user)


def session_signed_out(*, user: User) -> None:
    """Record that a person signed out."""
    with transaction.atomic():
        audit_record(actor=user, action="account.signed_out", obj=user)
