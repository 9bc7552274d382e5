"""Keeping the record of signed-in sessions as Django signs people in and out."""

from typing import Any

from django.http import HttpRequest

from opennrm.accounts import sessions
from opennrm.accounts.models import User


def record_session(sender: Any, request: HttpRequest, user: User, **kwargs: Any) -> None:
    """Django has signed ``user`` in (and given the session a new id): record it."""
    sessions.session_started(session=request.session, user=user)


def forget_session(sender: Any, request: HttpRequest, user: Any = None, **kwargs: Any) -> None:
    """Django is signing someone out: forget the session before it is flushed."""
    session = getattr(request, "session", None)
    if session is not None:
        sessions.session_forgotten(session_key=session.session_key)
