"""Writes to organisations, people and roles. Each records an audit event."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from opennrm.access import evaluate
from opennrm.access.policy import Permission
from opennrm.access.roles import Role
from opennrm.accounts.models import (
    ApiToken,
    Organisation,
    PublishedFirstResponderType,
    RoleMembership,
    User,
)
from opennrm.accounts.published import default_published_label, default_published_type
from opennrm.audit.services import audit_record
from opennrm.core.exceptions import ApplicationError

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


def organisation_publish_as(
    *, actor: User, organisation: Organisation, label: str, published_type: str
) -> Organisation:
    """Change the name and type the official statistics publish ``organisation``'s
    referrals under (the statisticians' data: Home Office units under their command,
    local authorities together)."""
    label = " ".join(label.split())
    if not label:
        raise ApplicationError("Enter the name to publish", field="published_label")
    if len(label) > 200:
        raise ApplicationError(
            "The name to publish must be 200 characters or fewer", field="published_label"
        )
    if published_type not in PublishedFirstResponderType.values:
        raise ApplicationError("Select the type to publish", field="published_type")
    with transaction.atomic():
        locked = Organisation.objects.select_for_update().get(pk=organisation.pk)
        previous = (locked.published_label, locked.published_type)
        locked.published_label = label
        locked.published_type = published_type
        locked.save(update_fields=["published_label", "published_type"])
        audit_record(
            actor=actor,
            action="account.organisation_published_as",
            obj=locked,
            payload={
                "from_type": previous[1],
                "to_type": published_type,
                "label_changed": previous[0] != label,
            },
        )
    return locked


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


def password_reset_done(*, user: User) -> None:
    """A person chose a new password from a reset link: every session they had ends."""
    from opennrm.accounts.sessions import sessions_end_all

    with transaction.atomic():
        audit_record(actor=user, action="account.password_reset", obj=user)
        sessions_end_all(user=user, actor=user, reason="password_reset")


# Administration ---------------------------------------------------------------------


@dataclass(frozen=True)
class OrganisationDetails:
    """What an administrator says about an organisation."""

    name: str
    organisation_type: str
    nation: str = ""
    is_designated_first_responder: bool = False
    panel_site: str = ""
    is_active: bool = True


_ORGANISATION_FIELDS = (
    "name",
    "organisation_type",
    "nation",
    "is_designated_first_responder",
    "panel_site",
    "is_active",
)


def organisation_create(*, actor: User | None, details: OrganisationDetails) -> Organisation:
    """Add an organisation (its published statistics name and type start as the defaults
    for its name and type)."""
    with transaction.atomic():
        organisation = Organisation.objects.create(
            **{field: getattr(details, field) for field in _ORGANISATION_FIELDS},
            published_label=default_published_label(details.name, details.organisation_type),
            published_type=default_published_type(details.organisation_type),
        )
        audit_record(
            actor=actor,
            action="account.organisation_created",
            obj=organisation,
            payload={
                "organisation_type": organisation.organisation_type,
                "designated_first_responder": organisation.is_designated_first_responder,
            },
        )
    return organisation


def organisation_update(
    *, actor: User, organisation: Organisation, details: OrganisationDetails
) -> list[str]:
    """Change an organisation's details; returns (and audits) the names of the fields that
    changed. Closing an organisation (``is_active``) takes its roles from its people at
    once: the access policy only counts roles in active organisations."""
    with transaction.atomic():
        locked = Organisation.objects.select_for_update().get(pk=organisation.pk)
        changed = [
            field
            for field in _ORGANISATION_FIELDS
            if getattr(locked, field) != getattr(details, field)
        ]
        for field in changed:
            setattr(locked, field, getattr(details, field))
        if changed:
            locked.save(update_fields=changed)
            audit_record(
                actor=actor,
                action="account.organisation_changed",
                obj=locked,
                payload={
                    "fields": changed,
                    "designated_first_responder": locked.is_designated_first_responder,
                    "active": locked.is_active,
                },
            )
    return changed


def user_invite(
    *,
    actor: User,
    email: str,
    full_name: str,
    organisation: Organisation,
    role: Role | str,
    set_password_url_for: Callable[[User], str],
) -> User:
    """Add a person with their first role and e-mail them a link to choose a password
    (they set up their authenticator app at their first sign-in)."""
    from opennrm.notifications.services import email_queue

    with transaction.atomic():
        user = user_create(actor=actor, email=email, full_name=full_name, password=None)
        membership_grant(actor=actor, user=user, organisation=organisation, role=role)
        email_queue(
            actor=actor,
            category="account_invitation",
            recipients=[user.email],
            template="accounts/email/invitation",
            context={
                "full_name": user.full_name,
                "organisation": organisation.name,
                "url": set_password_url_for(user),
            },
            holds_one_time_link=True,
        )
    return user


def user_deactivate(*, actor: User, user: User) -> None:
    """Close a person's account: every session and every API token ends at once."""
    from opennrm.accounts.sessions import sessions_end_all

    if actor.pk == user.pk:
        raise ValueError("Administrators cannot deactivate their own account.")
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(is_active=False)
        user.is_active = False
        revoked = ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        audit_record(
            actor=actor,
            action="account.user_deactivated",
            obj=user,
            payload={"api_tokens_revoked": revoked},
        )
        sessions_end_all(user=user, actor=actor, reason="deactivated")


def user_reactivate(*, actor: User, user: User) -> None:
    """Open a closed account again (its old tokens stay revoked)."""
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(is_active=True)
        user.is_active = True
        audit_record(actor=actor, action="account.user_reactivated", obj=user)


def membership_revoke(*, actor: User, membership: RoleMembership) -> None:
    """Take a role away; it stops counting on the person's next request."""
    with transaction.atomic():
        RoleMembership.objects.filter(pk=membership.pk).update(is_active=False)
        membership.is_active = False
        audit_record(
            actor=actor,
            action="account.role_revoked",
            obj=membership,
            payload={
                "user": membership.user_id,
                "organisation": membership.organisation_id,
                "role": membership.role,
            },
        )
