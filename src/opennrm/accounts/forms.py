"""Sign-in and password forms in GOV.UK style."""

from typing import Any

from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.forms import PasswordResetForm, SetPasswordForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from opennrm.accounts.models import User
from opennrm.core.govuk_forms import GovukForm


class SignInForm(GovukForm):
    """E-mail and password. Errors never say which of the two was wrong."""

    username = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": _("Enter your email address"),
            "invalid": _("Enter an email address in the correct format, like name@example.com"),
        },
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": _("Enter your password")},
    )

    def __init__(self, *args: Any, request: HttpRequest | None = None, **kwargs: Any) -> None:
        self.request = request
        self.user: User | None = None
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        email, password = cleaned.get("username"), cleaned.get("password")
        if email and password:
            user = authenticate(self.request, username=email.lower(), password=password)
            if user is None:
                # The same message whether the address is unknown or the password wrong,
                # so the form cannot be used to find out who has an account.
                self.add_error("username", _("Enter a correct email address and password"))
            else:
                self.user = user
        return cleaned


class GovukPasswordResetForm(GovukForm, PasswordResetForm):
    """Ask for a password reset link; the response is the same whether the address exists."""

    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": _("Enter your email address"),
            "invalid": _("Enter an email address in the correct format, like name@example.com"),
        },
    )


class GovukSetPasswordForm(GovukForm, SetPasswordForm):  # type: ignore[type-arg]
    """Choose a new password from a reset link."""


class SecondFactorCodeForm(GovukForm):
    """The 6-digit code an authenticator app shows."""

    code = forms.CharField(
        label=_("Security code"),
        help_text=_("The 6-digit code your authenticator app shows for OpenNRM."),
        max_length=20,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "spellcheck": "false",
                "class": "govuk-input--width-10",
            }
        ),
        error_messages={"required": _("Enter the 6-digit security code")},
    )

    def clean_code(self) -> str:
        code = "".join(str(self.cleaned_data.get("code", "")).split())
        if not (len(code) == 6 and code.isascii() and code.isdigit()):
            raise forms.ValidationError(
                _("Enter the security code in the correct format: 6 digits")
            )
        return code


class BackupCodeForm(GovukForm):
    """One of the backup codes given when the authenticator app was set up."""

    code = forms.CharField(
        label=_("Backup code"),
        help_text=_("One of the backup codes you were given when you set up your app."),
        max_length=40,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "spellcheck": "false",
                "class": "govuk-input--width-10",
            }
        ),
        error_messages={"required": _("Enter a backup code")},
    )

    def clean_code(self) -> str:
        code = "".join(str(self.cleaned_data.get("code", "")).split()).replace("-", "")
        if not (1 <= len(code) <= 16 and code.isascii() and code.isalnum()):
            raise forms.ValidationError(_("Enter the backup code as it was given to you"))
        return code.lower()
