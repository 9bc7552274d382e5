"""Sign in (password, then a second factor), sign out, password reset, the person's own
account page and the session's timeout warning."""

from typing import Any
from urllib.parse import urlencode

import django_otp
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.forms import Form
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render, resolve_url
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from opennrm.accounts import services, sessions, two_factor
from opennrm.accounts.forms import (
    BackupCodeForm,
    GovukPasswordResetForm,
    GovukSetPasswordForm,
    SecondFactorCodeForm,
    SignInForm,
)
from opennrm.accounts.models import User

# The backup codes just issued, kept in the session until the page showing them is seen.
_NEW_BACKUP_CODES = "opennrm_new_backup_codes"


def _safe_next(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url("home:home")


def _with_next(url: str, request: HttpRequest) -> str:
    target = _safe_next(request)
    if target == resolve_url("home:home"):
        return url
    return f"{url}?{urlencode({'next': target})}"


def _is_verified(user: Any) -> bool:
    is_verified = getattr(user, "is_verified", None)
    return bool(user.is_authenticated and is_verified is not None and is_verified())


@sensitive_post_parameters("password")
@csrf_protect
@never_cache
def sign_in(request: HttpRequest) -> HttpResponse:
    """The sign-in page: the password, then the second factor. Repeated wrong passwords
    lock the account (django-axes)."""
    if request.user.is_authenticated:
        if _is_verified(request.user):
            return HttpResponseRedirect(_safe_next(request))
        return HttpResponseRedirect(_with_next(reverse("accounts:two-factor"), request))
    form = SignInForm(request.POST if request.method == "POST" else None, request=request)
    if request.method == "POST" and form.is_valid() and form.user is not None:
        # Django gives the session a new id here (V7.2.4); the second factor is next.
        login(request, form.user)
        services.session_signed_in(user=form.user)
        return HttpResponseRedirect(_with_next(reverse("accounts:two-factor"), request))
    if getattr(request, "axes_locked_out", False):
        return locked_out(request)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "accounts/sign_in.html",
        {"form": form, "next": _safe_next(request), "page_has_errors": bool(form.errors)},
        status=status,
    )


def locked_out(
    request: HttpRequest, credentials: Any = None, *args: Any, **kwargs: Any
) -> HttpResponse:
    """Shown when django-axes has locked an account after too many wrong passwords."""
    return render(request, "accounts/locked_out.html", status=429)


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    """Sign out (POST only, so a link on another site cannot sign someone out).

    Every session the person is signed in to ends, on every computer: on a service used on
    shared and borrowed computers, signing out means signing out.
    """
    user = request.user
    if user.is_authenticated:
        services.session_signed_out(user=user)
        sessions.sessions_end_all(
            user=user,
            actor=user,
            reason="signed_out",
            keep=request.session.session_key,
        )
    logout(request)
    messages.success(request, _("You have been signed out."))
    return HttpResponseRedirect(resolve_url("core:start"))


def _half_signed_in_user(request: HttpRequest) -> User | None:
    """The person whose password was accepted, whether or not their code has been."""
    user = request.user
    return user if isinstance(user, User) and user.is_authenticated else None


def _second_factor_locked(request: HttpRequest, user: User) -> HttpResponse:
    logout(request)
    return render(
        request,
        "accounts/two_factor_locked.html",
        {"minutes": two_factor.lockout_seconds() // 60},
        status=429,
    )


def _finish_sign_in(request: HttpRequest, user: User, *, backup: bool) -> HttpResponse:
    device = two_factor.verified_device(user=user, backup=backup)
    django_otp.login(request, device)
    sessions.session_rotate(request=request, user=user)
    return HttpResponseRedirect(_safe_next(request))


@sensitive_post_parameters("code")
@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    """The second step of signing in: the code from the person's authenticator app."""
    user = _half_signed_in_user(request)
    if user is None:
        return HttpResponseRedirect(reverse("accounts:sign-in"))
    if _is_verified(user):
        return HttpResponseRedirect(_safe_next(request))
    if not two_factor.has_second_factor(user):
        return HttpResponseRedirect(_with_next(reverse("accounts:two-factor-set-up"), request))
    if two_factor.second_factor_locked(user):
        return _second_factor_locked(request, user)
    form = SecondFactorCodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        outcome = two_factor.second_factor_verify(user=user, code=form.cleaned_data["code"])
        if outcome is two_factor.Outcome.VERIFIED:
            return _finish_sign_in(request, user, backup=False)
        if outcome is two_factor.Outcome.LOCKED:
            return _second_factor_locked(request, user)
        form.add_error("code", _("The security code is not right. Check your app and try again"))
    return render(
        request,
        "accounts/two_factor.html",
        {
            "form": form,
            "next": _safe_next(request),
            "page_has_errors": bool(form.errors),
            "backup_url": _with_next(reverse("accounts:two-factor-backup"), request),
        },
        status=400 if form.errors else 200,
    )


@sensitive_post_parameters("code")
@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def two_factor_backup(request: HttpRequest) -> HttpResponse:
    """Sign in with a backup code instead of the app (each code works once)."""
    user = _half_signed_in_user(request)
    if user is None:
        return HttpResponseRedirect(reverse("accounts:sign-in"))
    if _is_verified(user):
        return HttpResponseRedirect(_safe_next(request))
    if not two_factor.has_second_factor(user):
        return HttpResponseRedirect(_with_next(reverse("accounts:two-factor-set-up"), request))
    if two_factor.second_factor_locked(user):
        return _second_factor_locked(request, user)
    form = BackupCodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        outcome = two_factor.second_factor_verify(
            user=user, code=form.cleaned_data["code"], backup=True
        )
        if outcome is two_factor.Outcome.VERIFIED:
            left = two_factor.backup_codes_left(user)
            messages.info(
                request,
                _("You have %(count)s backup codes left. You can get new ones from your account.")
                % {"count": left},
            )
            return _finish_sign_in(request, user, backup=True)
        if outcome is two_factor.Outcome.LOCKED:
            return _second_factor_locked(request, user)
        form.add_error("code", _("The backup code is not right, or it has already been used"))
    return render(
        request,
        "accounts/two_factor_backup.html",
        {"form": form, "next": _safe_next(request), "page_has_errors": bool(form.errors)},
        status=400 if form.errors else 200,
    )


@sensitive_post_parameters("code")
@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def two_factor_set_up(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app: scan the QR code (or type the key), enter a code."""
    user = _half_signed_in_user(request)
    if user is None:
        return HttpResponseRedirect(reverse("accounts:sign-in"))
    if two_factor.has_second_factor(user):
        # Replacing an app is done by an administrator's reset, never half-signed-in.
        target = "accounts:account" if _is_verified(user) else "accounts:two-factor"
        return HttpResponseRedirect(_with_next(reverse(target), request))
    if two_factor.second_factor_locked(user):
        return _second_factor_locked(request, user)
    device = two_factor.totp_enrolment_start(user=user)
    form = SecondFactorCodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        enrolment = two_factor.totp_enrolment_confirm(
            user=user, device=device, code=form.cleaned_data["code"]
        )
        if enrolment.device is not None:
            django_otp.login(request, enrolment.device)
            sessions.session_rotate(request=request, user=user)
            request.session[_NEW_BACKUP_CODES] = enrolment.backup_codes
            return HttpResponseRedirect(_with_next(reverse("accounts:backup-codes"), request))
        if two_factor.second_factor_locked(user):
            return _second_factor_locked(request, user)
        form.add_error("code", _("The security code is not right. Check your app and try again"))
    secret = two_factor.secret_of(device)
    return render(
        request,
        "accounts/two_factor_set_up.html",
        {
            "form": form,
            "next": _safe_next(request),
            "page_has_errors": bool(form.errors),
            "qr_svg": two_factor.qr_svg(device),
            "secret": two_factor.grouped(secret),
        },
        status=400 if form.errors else 200,
    )


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def backup_codes(request: HttpRequest) -> HttpResponse:
    """The backup codes just issued (shown once), or a button to replace them."""
    user: User = request.user  # type: ignore[assignment]
    if request.method == "POST":
        request.session[_NEW_BACKUP_CODES] = two_factor.backup_codes_issue(user=user)
        return HttpResponseRedirect(reverse("accounts:backup-codes"))
    codes = request.session.pop(_NEW_BACKUP_CODES, None)
    return render(
        request,
        "accounts/backup_codes.html",
        {
            "codes": codes,
            "left": two_factor.backup_codes_left(user),
            "next": _safe_next(request),
            "form": Form(),
        },
    )


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def account(request: HttpRequest) -> HttpResponse:
    """The person's own account: who they are, their roles, their sessions."""
    from opennrm.accounts.selectors import memberships_for_user

    user: User = request.user  # type: ignore[assignment]
    if request.method == "POST" and request.POST.get("action") == "end_other_sessions":
        ended = sessions.sessions_end_all(
            user=user, actor=user, reason="ended_by_user", keep=request.session.session_key
        )
        messages.success(
            request, _("You have been signed out of %(count)s other sessions.") % {"count": ended}
        )
        return HttpResponseRedirect(reverse("accounts:account"))
    clock = sessions.session_clock(request.session)
    return render(
        request,
        "accounts/account.html",
        {
            "memberships": memberships_for_user(user=user),
            "sessions": sessions.active_sessions(user=user),
            "current_session": request.session.session_key,
            "clock": clock,
            "backup_codes_left": two_factor.backup_codes_left(user),
        },
    )


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def session_timeout(request: HttpRequest) -> HttpResponse:
    """The warning before an idle session ends, with a button to stay signed in.

    A plain page and form, so it works without JavaScript; with JavaScript, every page
    brings it up shortly before the session would end. Looking at it does not count as
    activity.
    """
    if request.method == "POST":
        sessions.session_extend(request.session)
        return HttpResponseRedirect(_safe_next(request))
    clock = sessions.session_clock(request.session)
    return render(
        request,
        "accounts/session_timeout.html",
        {"clock": clock, "next": _safe_next(request), "form": Form()},
    )


class PasswordResetView(auth_views.PasswordResetView):
    form_class = GovukPasswordResetForm
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password-reset-sent")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_sent.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Choose a new password from the e-mailed link. It never signs the person in (the
    second factor is still needed) and it ends every session they had."""

    form_class = GovukSetPasswordForm
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password-reset-complete")
    post_reset_login = False

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        services.password_reset_done(user=form.user)
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"
