"""Signed-in sessions: a record of each, their limits, and ending them all at once.

A session is recorded when a person signs in (``user_logged_in``) and forgotten when they
sign out. Ending a person's sessions deletes them from Django's session store, so the next
request of every browser they are signed in on is anonymous (ASVS 5.0 V7.4.1, V7.4.3).

Each session carries when it began and when it was last used: it ends after
``OPENNRM_SESSION_IDLE_SECONDS`` without a request and ``OPENNRM_SESSION_ABSOLUTE_SECONDS``
after signing in, whatever happens (V7.3.1, V7.3.2).
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from importlib import import_module
from typing import Any

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from opennrm.accounts.models import User, UserSession
from opennrm.audit.services import audit_record

SIGNED_IN_AT = "opennrm_signed_in_at"
LAST_SEEN_AT = "opennrm_last_seen_at"
# A session's "last seen" time is written at most this often, so that a busy page does not
# write the session on every request; the idle limit is therefore exact to within it.
LAST_SEEN_RESOLUTION_SECONDS = 30


def _store(session_key: str | None = None) -> SessionBase:
    engine = import_module(settings.SESSION_ENGINE)
    store: SessionBase = engine.SessionStore(session_key)
    return store


def idle_seconds() -> int:
    return int(settings.OPENNRM_SESSION_IDLE_SECONDS)


def absolute_seconds() -> int:
    return int(settings.OPENNRM_SESSION_ABSOLUTE_SECONDS)


def warning_seconds() -> int:
    """How long before the idle limit the warning is shown."""
    return int(settings.OPENNRM_SESSION_WARNING_SECONDS)


def session_started(*, session: SessionBase, user: User) -> None:
    """Record a new signed-in session and start its clocks (called at sign-in)."""
    now = timezone.now().timestamp()
    session[SIGNED_IN_AT] = now
    session[LAST_SEEN_AT] = now
    if session.session_key is None:
        session.save()
    key = session.session_key
    if key:
        UserSession.objects.update_or_create(session_key=key, defaults={"user": user})
    _forget_expired(user=user, keep=key)


def _forget_expired(*, user: User, keep: str | None) -> None:
    """Forget the person's sessions that expired without being ended (the store no longer
    has them), so the record stays as long as their sessions and no longer."""
    store = _store()
    stale = [
        record.pk
        for record in UserSession.objects.filter(user=user).exclude(session_key=keep or "")
        if not store.exists(record.session_key)
    ]
    if stale:
        UserSession.objects.filter(pk__in=stale).delete()


def session_rotated(*, old_key: str | None, new_key: str | None, user: User) -> None:
    """Follow a session to its new id (after the second factor is verified)."""
    if old_key:
        UserSession.objects.filter(session_key=old_key).delete()
    if new_key:
        UserSession.objects.update_or_create(session_key=new_key, defaults={"user": user})


def session_rotate(*, request: HttpRequest, user: User) -> None:
    """Give the session a new id, keeping its contents (a change of privilege, V7.2.4)."""
    old_key = request.session.session_key
    request.session.cycle_key()
    session_rotated(old_key=old_key, new_key=request.session.session_key, user=user)


def session_forgotten(*, session_key: str | None) -> None:
    """The session ended by signing out: forget it."""
    if session_key:
        UserSession.objects.filter(session_key=session_key).delete()


def sessions_end_all(
    *, user: User, actor: User | None, reason: str, keep: str | None = None
) -> int:
    """End every session ``user`` is signed in to (except ``keep``), on the server.

    Audited with the number of sessions ended and a reason code.
    """
    with transaction.atomic():
        records = list(UserSession.objects.filter(user=user).exclude(session_key=keep or ""))
        for record in records:
            _store(record.session_key).delete()
        UserSession.objects.filter(pk__in=[r.pk for r in records]).delete()
        audit_record(
            actor=actor,
            action="account.sessions_ended",
            obj=user,
            payload={"count": len(records), "reason": reason},
        )
    return len(records)


@dataclass(frozen=True)
class SessionClock:
    """When a session began, was last used, and when it will end."""

    signed_in_at: datetime
    last_seen_at: datetime
    idle_ends_at: datetime
    absolute_ends_at: datetime

    @property
    def ends_at(self) -> datetime:
        return min(self.idle_ends_at, self.absolute_ends_at)


def session_clock(session: SessionBase) -> SessionClock | None:
    """The clock of a signed-in session, or None if it has none."""
    started: Any = session.get(SIGNED_IN_AT)
    seen: Any = session.get(LAST_SEEN_AT)
    if not isinstance(started, int | float) or not isinstance(seen, int | float):
        return None
    signed_in_at = datetime.fromtimestamp(started, tz=timezone.get_current_timezone())
    last_seen_at = datetime.fromtimestamp(seen, tz=timezone.get_current_timezone())
    return SessionClock(
        signed_in_at=signed_in_at,
        last_seen_at=last_seen_at,
        idle_ends_at=last_seen_at + timedelta(seconds=idle_seconds()),
        absolute_ends_at=signed_in_at + timedelta(seconds=absolute_seconds()),
    )


def expiry_reason(session: SessionBase) -> str:
    """ "idle" or "absolute" if the session has run out, "" if it is still good."""
    clock = session_clock(session)
    if clock is None:
        return "absolute"
    now = timezone.now()
    if now >= clock.absolute_ends_at:
        return "absolute"
    if now >= clock.idle_ends_at:
        return "idle"
    return ""


def session_touch(session: SessionBase) -> None:
    """Note that the person did something (a request other than the session's own clock)."""
    now = timezone.now().timestamp()
    seen: Any = session.get(LAST_SEEN_AT)
    if not isinstance(seen, int | float) or now - seen >= LAST_SEEN_RESOLUTION_SECONDS:
        session[LAST_SEEN_AT] = now


def session_extend(session: SessionBase) -> None:
    """The person chose to stay signed in: restart the idle clock now."""
    session[LAST_SEEN_AT] = timezone.now().timestamp()


def active_sessions(*, user: User) -> list[UserSession]:
    """The person's sessions, newest first."""
    return list(UserSession.objects.filter(user=user).order_by("-created_at"))
