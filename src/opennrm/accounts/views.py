"""Sign in, sign out and password reset."""

from typing import Any

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render, resolve_url
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from opennrm.accounts import services
from opennrm.accounts.forms import GovukPasswordResetForm, GovukSetPasswordForm, SignInForm


def _safe_next(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url("home:home")


@sensitive_post_parameters("password")
@csrf_protect
@never_cache
def sign_in(request: HttpRequest) -> HttpResponse:
    """The sign-in page. Repeated wrong passwords lock the account (django-axes)."""
    if request.user.is_authenticated:
        return HttpResponseRedirect(_safe_next(request))
    form = SignInForm(request.POST if request.method == "POST" else None, request=request)
    if request.method == "POST" and form.is_valid() and form.user is not None:
        login(request, form.user)
        services.session_signed_in(user=form.user)
        return HttpResponseRedirect(_safe_next(request))
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
    """Sign out (POST only, so a link on another site cannot sign someone out)."""
    if request.user.is_authenticated:
        services.session_signed_out(user=request.user)
    logout(request)
    messages.success(request, _("You have been signed out."))
    return HttpResponseRedirect(resolve_url("core:start"))


class PasswordResetView(auth_views.PasswordResetView):
    form_class = GovukPasswordResetForm
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password-reset-sent")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_sent.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = GovukSetPasswordForm
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password-reset-complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"
