"""Forms for reconsideration, judicial review, support and what follows the decision
(GOV.UK patterns: the rules themselves are the services')."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from opennrm.core.form_fields import long_text, radios, short_text
from opennrm.core.govuk_forms import GovukDateField, GovukForm
from opennrm.protection.models import (
    GROUND_LABELS,
    JudicialReviewOutcome,
    LeaveKind,
    LeaveOutcome,
    PublicOrderOutcome,
    RequestedFor,
)


def _date(label: Any, message: Any, *, required: bool = True) -> GovukDateField:
    return GovukDateField(
        label=label, required=required, past_only=True, error_messages={"required": message}
    )


class ReconsiderationForm(GovukForm):
    grounds = forms.MultipleChoiceField(
        label=_("Why should the decision be reconsidered?"),
        help_text=_("Select all that apply."),
        choices=[(str(k), v) for k, v in GROUND_LABELS.items()],
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _(
                "Select the grounds: new evidence, or that the decision did not follow the "
                "guidance, or both"
            )
        },
    )
    details = long_text(
        _("Explain why"),
        required_message=_("Enter why the decision should be reconsidered"),
        help_text=_("What the decision missed or got wrong, in your own words."),
    )
    evidence = long_text(
        _("The evidence you are sending"),
        help_text=_("Describe each document, report or statement, and who wrote it."),
    )
    requested_for = radios(
        _("Who is asking?"),
        list(RequestedFor.choices),
        _("Select who is asking"),
        initial=RequestedFor.ORGANISATION,
    )
    representative_name = short_text(_("The representative's name and firm"))
    exceptional_reason = long_text(
        _("If the request is late, the exceptional reason"),
        help_text=_("Only needed after the time allowed for a request."),
    )


class AnswerForm(GovukForm):
    accept = radios(
        _("Do you accept the request?"),
        [("yes", _("Yes: the decision will be made again")), ("no", _("No: the decision stands"))],
        _("Select whether you accept the request"),
    )
    reasons = long_text(
        _("Your reasons"),
        required_message=_("Enter the reasons for your answer"),
        help_text=_("The person who asked will see them."),
    )


class SupportForm(GovukForm):
    provider = forms.TypedChoiceField(
        label=_("Support provider"),
        coerce=int,
        error_messages={"required": _("Select a support provider")},
    )

    def __init__(self, *args: Any, providers: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["provider"].choices = [  # type: ignore[attr-defined]
            ("", _("Choose a provider")),
            *[(p.pk, p.name) for p in providers],
        ]


class ExtensionForm(GovukForm):
    days = forms.IntegerField(
        label=_("How many more days are needed?"),
        min_value=1,
        max_value=365,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-3", "inputmode": "numeric"}),
        error_messages={
            "required": _("Enter a number of days from 1 to 365"),
            "invalid": _("Enter a number of days from 1 to 365"),
            "min_value": _("Enter a number of days from 1 to 365"),
            "max_value": _("Enter a number of days from 1 to 365"),
        },
    )
    reason = long_text(_("Why"), required_message=_("Enter why the person needs more time"))


class JudicialReviewForm(GovukForm):
    decision = forms.TypedChoiceField(
        label=_("Which decision is challenged?"),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select the decision that is challenged")},
    )
    claim_lodged_on = _date(
        _("Date the claim was lodged"), _("Enter the date the claim was lodged")
    )
    solicitor_referral_offered = forms.BooleanField(
        label=_("A referral to a specialist solicitor was offered"),
        required=False,
        help_text=_("Always for a child."),
    )
    solicitor = short_text(_("Specialist solicitor (name and firm)"))

    def __init__(self, *args: Any, decisions: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["decision"].choices = [  # type: ignore[attr-defined]
            (
                d.pk,
                f"{d.get_stage_display()} — {d.get_outcome_display()}, {d.decided_at:%-d %B %Y}",
            )
            for d in decisions
        ]


class JudicialReviewOutcomeForm(GovukForm):
    outcome = radios(
        _("What was the outcome?"),
        [c for c in JudicialReviewOutcome.choices if c[0] != JudicialReviewOutcome.PENDING],
        _("Select the outcome"),
    )
    outcome_on = _date(_("Date of the outcome"), _("Enter the date of the outcome"))


class LeaveForm(GovukForm):
    kind = radios(_("Leave considered"), list(LeaveKind.choices), _("Select the leave considered"))
    outcome = radios(_("Outcome"), list(LeaveOutcome.choices), _("Select the outcome"))
    considered_on = _date(_("Date considered"), _("Enter the date it was considered"))
    reasons = long_text(_("Reasons"), required_message=_("Enter the reasons"))
    child_best_interests = long_text(
        _("The child's best interests"),
        help_text=_("For a child: how their best interests were weighed."),
    )


class PublicOrderForm(GovukForm):
    grounds = long_text(
        _("Public-order grounds"), required_message=_("Enter the public-order grounds")
    )
    representations = long_text(
        _("The person's representations"),
        required_message=_("Record the person's representations"),
    )
    outcome = radios(_("Decision"), list(PublicOrderOutcome.choices), _("Select the decision"))
    reasons = long_text(_("Reasons"), required_message=_("Enter the reasons for the decision"))
