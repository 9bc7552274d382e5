"""Forms for quality checks, review panel members' views and conclusions, and the decision
maker's answer to the panel (GOV.UK)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from opennrm.core.form_fields import long_text, radios
from opennrm.core.govuk_forms import GovukForm


class QualityCheckForm(GovukForm):
    outcome = radios(
        _("Does the decision pass the quality check?"),
        [
            ("passed", _("Yes: it follows the guidance and the evidence supports it")),
            ("returned", _("No: send it back to the decision maker")),
        ],
        _("Select whether the decision passes"),
    )
    reasons = long_text(
        _("Reasons"),
        help_text=_("Required when you send the decision back: say what must change."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class ReviewViewForm(GovukForm):
    """One member's view, or (``conclude``) the panel's conclusion."""

    outcome = radios(
        _("Do you agree with the proposed decision?"),
        [
            ("agree", _("Agree: the decision can be issued")),
            ("disagree", _("Disagree: return it to the decision maker")),
        ],
        _("Select whether you agree with the decision"),
    )
    reasons = long_text(_("Reasons"), required_message=_("Enter the reasons for your view"))


class ConclusionForm(ReviewViewForm):
    outcome = radios(
        _("The panel's conclusion"),
        [
            ("agree", _("Agree: the decision is issued")),
            ("disagree", _("Disagree: the case returns to the decision maker")),
        ],
        _("Select whether the panel agrees with the decision"),
    )
    reasons = long_text(_("The panel's reasons"), required_message=_("Enter the panel's reasons"))
    version = forms.IntegerField(widget=forms.HiddenInput)


class ResponseForm(GovukForm):
    accepts = radios(
        _("Do you accept the review panel's view?"),
        [
            ("yes", _("Yes: I will make a positive decision")),
            ("no", _("No: the negative decision stands, for the reasons below")),
        ],
        _("Select whether you accept the panel's view"),
    )
    reasons = long_text(
        _("Why you accept or reject the panel's view"),
        required_message=_("Enter why you accept or reject the panel's view"),
    )
