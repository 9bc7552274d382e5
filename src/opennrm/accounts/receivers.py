"""Keeping the record of signed-in sessions as Django signs people in and out, and
auditing what django-axes does to accounts (locking one after repeated failures)."""

from typing import Any

from django.db import transaction
from django.http import HttpRequest

from opennrm.accounts import sessions
from opennrm.accounts.models import User
from opennrm.audit.services import audit_record


def record_session(sender: Any, request: HttpRequest, user: User, **kwargs: Any) -> None:
    """Django has signed ``user`` in (and given the session a new id): record it."""
    sessions.session_started(session=request.session, user=user)


def forget_session(sender: Any, request: HttpRequest, user: Any = None, **kwargs: Any) -> None:
    """Django is signing someone out: forget the session before it is flushed."""
    session = getattr(request, "session", None)
    if session is not None:
        sessions.session_forgotten(session_key=session.session_key)


def account_locked_out(
    sender: Any,
    request: Any = None,
    username: str | None = None,
    ip_address: str | None = None,
    **kwargs: Any,
) -> None:
    """django-axes locked sign-in for an account (alone or from one address)."""
    account = User.objects.filter(email__iexact=username or "").first() if username else None
    with transaction.atomic():
        audit_record(
            actor=None,
            action="account.locked_out",
            obj=account,
            object_type="" if account else "accounts.user",
            payload={"username": (username or "")[:254], "address": ip_address or ""},
        )
