"""Writes to organisations, people and roles. Each records an audit event."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from opennrm.access import evaluate
from opennrm.access.policy import Permission
from opennrm.access.roles import Role
from opennrm.accounts.models import ApiToken, Organisation, RoleMembership, User
from opennrm.audit.services import audit_record

# No token lives longer than a year, whatever is asked for.
MAX_TOKEN_DAYS = 366


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


def api_token_lifetime_days(*, for_data_migration: bool = False) -> int:
    """The default lifetime of a new API token, in days: the one place the policy lives.

    Tokens that load data from another system during a migration get a short life
    (``OPENNRM_MIGRATION_TOKEN_DAYS``); others ``OPENNRM_API_TOKEN_DAYS``.
    """
    if for_data_migration:
        return int(settings.OPENNRM_MIGRATION_TOKEN_DAYS)
    return int(settings.OPENNRM_API_TOKEN_DAYS)


def api_token_issue(
    *,
    actor: User | None,
    user: User,
    name: str = "API token",
    lifetime_days: int | None = None,
) -> str:
    """Issue a new bearer token for ``user`` and return it; only its digest is kept.

    It expires after ``lifetime_days`` (the default policy when None). Someone who may load
    data from another system never gets a token longer than the migration lifetime.
    """
    migrating = evaluate.holds_somewhere(user, Permission.REFERRAL_IMPORT)
    days = (
        api_token_lifetime_days(for_data_migration=migrating)
        if lifetime_days is None
        else lifetime_days
    )
    if not 1 <= days <= MAX_TOKEN_DAYS:
        raise ValueError(f"A token lives between 1 and {MAX_TOKEN_DAYS} days, not {days}.")
    if migrating and days > api_token_lifetime_days(for_data_migration=True):
        raise ValueError(
            "A data-migration token lives at most "
            f"{api_token_lifetime_days(for_data_migration=True)} days."
        )
    token = ApiToken.generate()
    now = timezone.now()
    with transaction.atomic():
        record = ApiToken.objects.create(
            user=user,
            name=name,
            digest=ApiToken.digest_of(token),
            prefix=token[:8],
            created_at=now,
            expires_at=now + timedelta(days=days),
        )
        audit_record(
            actor=actor,
            action="account.api_token_issued",
            obj=record,
            payload={"user": user.email, "prefix": record.prefix, "expires_at": record.expires_at},
        )
    return token


@dataclass(frozen=True)
class TokenCheck:
    """The outcome of presenting a token: its user, or why it was refused."""

    user: User | None
    expired_at: datetime | None = None


def api_token_check(*, token: str) -> TokenCheck:
    """Look a bearer token up: its active user, or None, and when it expired if it has."""
    if not token or len(token) > 200:
        return TokenCheck(None)
    record = (
        ApiToken.objects.select_related("user")
        .filter(digest=ApiToken.digest_of(token), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if record is None:
        return TokenCheck(None)
    now = timezone.now()
    if record.expires_at <= now:
        return TokenCheck(None, expired_at=record.expires_at)
    ApiToken.objects.filter(pk=record.pk).update(last_used_at=now)
    return TokenCheck(record.user)


def api_token_authenticate(*, token: str) -> User | None:
    """Return the active user a current bearer token belongs to, or None for any bad token."""
    return api_token_check(token=token).user


def session_signed_in(*, user: User) -> None:
    """Record that a person signed in (the sign-in itself is Django's)."""
    with transaction.atomic():
        audit_record(actor=user, action="account.signed_in", obj=user)


def session_signed_out(*, user: User) -> None:
    """Record that a person signed out."""
    with transaction.atomic():
        audit_record(actor=user, action="account.signed_out", obj=user)


def membership_revoke(
    *, actor: User | None, user: User, organisation: Organisation, role: Role | str
) -> RoleMembership | None:
    """Withdraw ``user``'s role in ``organisation`` (kept, inactive, for the record)."""
    with transaction.atomic():
        membership = RoleMembership.objects.filter(
            user=user, organisation=organisation, role=str(role), is_active=True
        ).first()
        if membership is None:
            return None
        membership.is_active = False
        membership.save(update_fields=["is_active"])
        audit_record(
            actor=actor,
            action="account.role_withdrawn",
            obj=membership,
            payload={"user": user.email, "organisation": organisation.name, "role": str(role)},
        )
    return membership
