"""Administrators' forms: an organisation, a new person, a role to give."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from opennrm.access.roles import ROLE_LABELS, Role
from opennrm.accounts.models import Nation, Organisation, OrganisationType, User
from opennrm.core.form_fields import short_text
from opennrm.core.govuk_forms import GovukForm


class OrganisationForm(GovukForm):
    """An organisation's details. Only a designated organisation may refer into the NRM."""

    name = short_text(_("Name"), required_message=_("Enter the organisation's name"))
    organisation_type = forms.ChoiceField(
        label=_("Type of organisation"),
        choices=[("", _("Choose a type")), *OrganisationType.choices],
        error_messages={"required": _("Choose the type of organisation")},
    )
    nation = forms.ChoiceField(
        label=_("UK nation (optional)"),
        required=False,
        choices=[("", _("Not in one nation")), *Nation.choices],
    )
    is_designated_first_responder = forms.BooleanField(
        label=_("Designated first responder organisation"),
        required=False,
        help_text=_("Only designated organisations may refer into the NRM (MSA 2015 s52)."),
    )
    panel_site = short_text(
        _("Child decision-making panel site (optional)"),
        help_text=_("For a panel host only: the devolved site it serves."),
    )
    is_active = forms.BooleanField(
        label=_("Active"),
        required=False,
        initial=True,
        help_text=_("People in an inactive organisation hold none of its roles."),
    )

    def __init__(self, *args: Any, instance: Organisation | None = None, **kwargs: Any) -> None:
        self.instance = instance
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "name": instance.name,
                "organisation_type": instance.organisation_type,
                "nation": instance.nation,
                "is_designated_first_responder": instance.is_designated_first_responder,
                "panel_site": instance.panel_site,
                "is_active": instance.is_active,
            }
        super().__init__(*args, **kwargs)

    def clean_name(self) -> str:
        name = " ".join(str(self.cleaned_data.get("name", "")).split())
        clash = Organisation.objects.filter(name__iexact=name)
        if self.instance is not None:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("There is already an organisation with this name"))
        return name

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("panel_site") and cleaned.get("organisation_type") != (
            OrganisationType.PANEL_HOST
        ):
            self.add_error(
                "panel_site", _("Only a child decision-making panel host serves a panel site")
            )
        return cleaned


def _role_choices() -> list[tuple[str, Any]]:
    return [("", _("Choose a role")), *((role.value, _(ROLE_LABELS[role])) for role in Role)]


class _OrganisationChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


def _organisation_field() -> _OrganisationChoice:
    return _OrganisationChoice(
        label=_("Organisation"),
        queryset=Organisation.objects.filter(is_active=True).order_by("name"),
        empty_label=_("Choose an organisation"),
        error_messages={
            "required": _("Choose the organisation"),
            "invalid_choice": _("Choose the organisation from the list"),
        },
        widget=forms.Select(attrs={"data-autocomplete": "true"}),
    )


class RoleForm(GovukForm):
    """A role to give someone in an organisation."""

    organisation = _organisation_field()
    role = forms.ChoiceField(
        label=_("Role"),
        choices=_role_choices,
        error_messages={
            "required": _("Choose the role"),
            "invalid_choice": _("Choose the role from the list"),
        },
    )


class PersonForm(RoleForm):
    """A new person: who they are and their first role. They choose their own password
    from an e-mailed link, then set up their authenticator app at their first sign-in."""

    full_name = short_text(_("Full name"), required_message=_("Enter the person's full name"))
    email = forms.EmailField(
        label=_("Work email address"),
        max_length=254,
        error_messages={
            "required": _("Enter the person's work email address"),
            "invalid": _("Enter an email address in the correct format, like name@example.com"),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    field_order = ["full_name", "email", "organisation", "role"]

    def clean_email(self) -> str:
        email = str(self.cleaned_data.get("email", "")).strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(_("Someone already has an account with this email address"))
        return email


class PeopleSearchForm(GovukForm):
    """Find people by name or e-mail address."""

    q = forms.CharField(label=_("Name or email address"), required=False, max_length=100)
