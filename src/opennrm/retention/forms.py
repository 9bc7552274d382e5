"""The legal hold form."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from opennrm.core.form_fields import short_text
from opennrm.core.govuk_forms import GovukForm
from opennrm.core.references import is_reference


class LegalHoldForm(GovukForm):
    """Which case to hold, and why."""

    case_reference = forms.CharField(
        label=_("Case reference"),
        help_text=_("For example, NRM-2026-000123."),
        max_length=32,
        error_messages={"required": _("Enter the case reference")},
        widget=forms.TextInput(attrs={"spellcheck": "false", "class": "govuk-input--width-20"}),
    )
    reason = short_text(
        _("Why must the records be kept?"),
        required_message=_("Enter why the records must be kept"),
        max_length=500,
        help_text=_("For example, the court case or inquiry. This is kept with the hold."),
    )

    def clean_case_reference(self) -> str:
        reference = "".join(str(self.cleaned_data.get("case_reference", "")).split()).upper()
        if not is_reference(reference):
            raise forms.ValidationError(
                _("Enter the case reference in the correct format, like NRM-2026-000123")
            )
        return reference

    def clean(self) -> dict[str, Any]:
        return super().clean() or {}
