"""The second factor: a time-based one-time code (TOTP) from an authenticator app, with
single-use backup codes for when the app is lost (django-otp; ADR 60).

Everyone who signs in with a password must also give a code before any page with case
data opens (``accounts.middleware.SecondFactorRequiredMiddleware``). A code is accepted
once: django-otp remembers the last time step used. Repeated wrong codes lock the second
factor for ``OPENNRM_SECOND_FACTOR_LOCKOUT_SECONDS``; every failure, success, lockout,
enrolment and reset is an audit event (which is also how failures are counted).
"""

from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum

import segno
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from opennrm.accounts.models import User
from opennrm.audit.models import AuditEvent
from opennrm.audit.services import audit_record

BACKUP_CODE_COUNT = 10
DEVICE_NAME = "Authenticator app"
BACKUP_DEVICE_NAME = "Backup codes"

FAILED = "account.second_factor_failed"
VERIFIED = "account.second_factor_verified"
LOCKED_OUT = "account.second_factor_locked_out"
RESET = "account.second_factor_reset"
ENROLLED = "account.second_factor_enrolled"
# Events after which earlier failures no longer count.
_CLEARING = (VERIFIED, RESET, ENROLLED)


class Outcome(StrEnum):
    VERIFIED = "verified"
    WRONG = "wrong"
    LOCKED = "locked"


def failure_limit() -> int:
    return int(settings.OPENNRM_SECOND_FACTOR_FAILURE_LIMIT)


def lockout_seconds() -> int:
    return int(settings.OPENNRM_SECOND_FACTOR_LOCKOUT_SECONDS)


def totp_device_for(user: User) -> TOTPDevice | None:
    """The person's confirmed authenticator app, if they have set one up."""
    device: TOTPDevice | None = (
        TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-id").first()
    )
    return device


def has_second_factor(user: User) -> bool:
    return bool(TOTPDevice.objects.filter(user=user, confirmed=True).exists())


def backup_codes_left(user: User) -> int:
    return int(StaticToken.objects.filter(device__user=user, device__confirmed=True).count())


def secret_of(device: TOTPDevice) -> str:
    """The key in base32, as an authenticator app asks for it when typed in."""
    import base64

    return base64.b32encode(device.bin_key).decode("ascii").rstrip("=")


def grouped(secret: str) -> str:
    """A key in groups of four characters, easier to read and type."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_svg(device: TOTPDevice) -> str:
    """The device's otpauth URI as an inline SVG QR code (no image request, no script)."""
    qr = segno.make(device.config_url, error="m")
    svg: str = qr.svg_inline(scale=5, border=2, dark="#0b0c0c", light="#ffffff")
    return svg


def _events_since_cleared(user: User) -> list[str]:
    since = timezone.now() - timedelta(seconds=lockout_seconds())
    actions = (
        AuditEvent.objects.filter(
            object_type=User._meta.label_lower,
            object_id=str(user.pk),
            action__in=(FAILED, LOCKED_OUT, *_CLEARING),
            occurred_at__gte=since,
        )
        .order_by("-id")
        .values_list("action", flat=True)[: failure_limit() * 2 + 2]
    )
    recent: list[str] = []
    for action in actions:
        if action in _CLEARING:
            break
        recent.append(action)
    return recent


def second_factor_locked(user: User) -> bool:
    """Whether the second factor is locked after repeated wrong codes."""
    recent = _events_since_cleared(user)
    return LOCKED_OUT in recent or recent.count(FAILED) >= failure_limit()


def totp_enrolment_start(*, user: User) -> TOTPDevice:
    """A new, unconfirmed authenticator key for the person to scan (the same one until it
    is confirmed, so reloading the page does not change the QR code)."""
    with transaction.atomic():
        device: TOTPDevice | None = (
            TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-id").first()
        )
        if device is None:
            device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def _new_backup_codes(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=BACKUP_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


@dataclass(frozen=True)
class Enrolment:
    """The outcome of confirming an authenticator app: the device and, once, the backup
    codes (None when the code was wrong)."""

    device: TOTPDevice | None
    backup_codes: list[str]


def totp_enrolment_confirm(*, user: User, device: TOTPDevice, code: str) -> Enrolment:
    """Confirm the app by a code it shows; replaces any earlier app and backup codes."""
    with transaction.atomic():
        if device.user_id != user.pk or device.confirmed or second_factor_locked(user):
            return Enrolment(None, [])
        if not device.verify_token(code):
            _record_failure(user=user, kind="enrolment")
            return Enrolment(None, [])
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _new_backup_codes(user)
        audit_record(actor=user, action=ENROLLED, obj=user, payload={"backup_codes": len(codes)})
    return Enrolment(device, codes)


def _record_failure(*, user: User, kind: str) -> bool:
    """Record a wrong code; lock the second factor once there have been too many. Returns
    whether it is now locked."""
    audit_record(actor=user, action=FAILED, obj=user, payload={"kind": kind})
    if _events_since_cleared(user).count(FAILED) >= failure_limit():
        audit_record(
            actor=user,
            action=LOCKED_OUT,
            obj=user,
            payload={"failures": failure_limit(), "seconds": lockout_seconds()},
        )
        return True
    return False


def second_factor_verify(*, user: User, code: str, backup: bool = False) -> Outcome:
    """Check a code from the person's app (or one of their backup codes, which is then
    used up). Wrong codes count towards the lockout."""
    with transaction.atomic():
        if second_factor_locked(user):
            return Outcome.LOCKED
        device: TOTPDevice | StaticDevice | None
        if backup:
            device = StaticDevice.objects.filter(user=user, confirmed=True).first()
            code = code.replace(" ", "").replace("-", "").lower()
        else:
            device = totp_device_for(user)
        if device is not None and device.verify_token(code):
            audit_record(
                actor=user,
                action=VERIFIED,
                obj=user,
                payload={"kind": "backup_code" if backup else "authenticator"},
            )
            return Outcome.VERIFIED
        locked = _record_failure(user=user, kind="backup_code" if backup else "authenticator")
    return Outcome.LOCKED if locked else Outcome.WRONG


def verified_device(*, user: User, backup: bool = False) -> TOTPDevice | StaticDevice | None:
    """The device to mark the session verified with, after ``second_factor_verify``."""
    if backup:
        device: StaticDevice | None = StaticDevice.objects.filter(user=user, confirmed=True).first()
        return device
    return totp_device_for(user)


def backup_codes_issue(*, user: User) -> list[str]:
    """New backup codes for the person, replacing the old ones (shown once)."""
    with transaction.atomic():
        codes = _new_backup_codes(user)
        audit_record(
            actor=user,
            action="account.backup_codes_issued",
            obj=user,
            payload={"backup_codes": len(codes)},
        )
    return codes


def second_factor_reset(*, actor: User | None, user: User) -> None:
    """Remove the person's authenticator app and backup codes (they lost their phone) and
    end their sessions: they set up a new app the next time they sign in."""
    from opennrm.accounts.sessions import sessions_end_all

    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        audit_record(actor=actor, action=RESET, obj=user)
        sessions_end_all(user=user, actor=actor, reason="second_factor_reset")


def authenticator_provision(*, actor: User | None, user: User) -> TOTPDevice:
    """A confirmed authenticator key made on the server, for demo accounts whose key is
    printed for the person trying the demo (never shown in production)."""
    with transaction.atomic():
        device = totp_device_for(user)
        if device is None:
            device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=True)
            audit_record(actor=actor, action=ENROLLED, obj=user, payload={"provisioned": True})
    return device
