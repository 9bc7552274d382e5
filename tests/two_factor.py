"""Signing in with the second factor, in tests.

``tests/conftest.py`` makes ``django.test.Client.force_login`` give a fully signed-in
session (password and second factor), with an authenticator app it sets up for the person
if they have none; ``tests.e2e.helpers.sign_in`` types the current code from that app.
Tests of two-factor sign-in itself use ``force_login_password_only`` to get a session that
has given the password and nothing more.
"""

import time

from django.contrib.auth import SESSION_KEY
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from opennrm.accounts.models import User

_django_force_login = Client.force_login


def authenticator_for(user: User) -> TOTPDevice:
    """The person's confirmed authenticator app, set up now if they have none."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-id").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    return device


def code_for(device: TOTPDevice, *, offset_steps: int = 0) -> str:
    """The code the app shows now (one the device has not yet accepted)."""
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + offset_steps * device.step
    step = totp.t()
    if step <= device.last_t:
        # This step's code was used (signing in twice within 30 seconds): the next step's
        # is accepted too (django-otp's tolerance of one step), or wait for it.
        if device.last_t - step >= 1:
            time.sleep((device.last_t - step) * device.step)
            return code_for(device)
        totp.time += device.step
    return f"{totp.token():0{device.digits}d}"


def force_login_password_only(client: Client, user: User) -> None:
    """A session that has given the password but not the second factor."""
    _django_force_login(client, user)


def force_login_verified(client: Client, user: User, backend: str | None = None) -> None:
    """``Client.force_login``, followed by the second factor."""
    _django_force_login(client, user, backend)
    device = authenticator_for(user)
    session = client.session
    assert session.get(SESSION_KEY) == str(user.pk)
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def install() -> None:
    """Make every ``Client.force_login`` in the suite sign in fully."""
    Client.force_login = force_login_verified  # type: ignore[method-assign]
