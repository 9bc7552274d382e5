"""Audit events for things other libraries do: django-axes locking an account."""

from typing import Any

from django.db import transaction

from opennrm.audit.services import audit_record


def account_locked_out(
    sender: Any,
    request: Any = None,
    username: str | None = None,
    ip_address: str | None = None,
    **kwargs: Any,
) -> None:
    """django-axes locked sign-in for an account (alone or from one address)."""
    from opennrm.accounts.models import User

    account = User.objects.filter(email__iexact=username or "").first() if username else None
    with transaction.atomic():
        audit_record(
            actor=None,
            action="account.locked_out",
            obj=account,
            object_type="" if account else "accounts.user",
            payload={"username": (username or "")[:254], "address": ip_address or ""},
        )
