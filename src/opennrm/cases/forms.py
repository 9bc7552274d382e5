"""Decision makers' forms."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from opennrm.cases.domain import WithdrawalReason
from opennrm.core.form_fields import long_text, radios, short_text
from opennrm.core.govuk_forms import GovukForm

CONSULTEES = [
    ("first_responder", _("The first responder")),
    ("support_provider", _("The support provider")),
    ("police", _("The police")),
    ("local_authority", _("The local authority (for a child)")),
]


class QueueFilterForm(GovukForm):
    """The work queue's filters (GET; never saves anything)."""

    state = forms.ChoiceField(label=_("Stage"), required=False)
    age = forms.ChoiceField(
        label=_("Child or adult"),
        required=False,
        choices=[("", _("All")), ("child", _("Children")), ("adult", _("Adults"))],
    )
    nation = forms.ChoiceField(
        label=_("UK nation"),
        required=False,
        choices=[
            ("", _("All")),
            ("england", _("England")),
            ("wales", _("Wales")),
            ("scotland", _("Scotland")),
            ("northern_ireland", _("Northern Ireland")),
        ],
    )
    assigned = forms.ChoiceField(
        label=_("Assigned to"),
        required=False,
        choices=[("", _("Anyone")), ("me", _("Me")), ("unassigned", _("Nobody"))],
    )
    due = forms.ChoiceField(
        label=_("Next deadline"),
        required=False,
        choices=[
            ("", _("Any time")),
            ("overdue", _("Overdue")),
            ("today", _("Due today")),
            ("this_week", _("Due in the next 7 days")),
        ],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from opennrm.cases.models import CaseState

        super().__init__(*args, **kwargs)
        self.fields["state"].choices = [  # type: ignore[attr-defined]
            ("", _("Open cases")),
            ("all", _("All cases, including closed")),
            *CaseState.choices,
        ]


class DecisionForm(GovukForm):
    """A reasonable- or conclusive-grounds decision."""

    outcome = radios(
        _("Decision"),
        [("positive", _("Positive")), ("negative", _("Negative"))],
        _("Select the decision"),
    )
    rationale = long_text(
        _("Reasons for the decision"),
        required_message=_("Enter the reasons for the decision"),
        help_text=_("Explain how the evidence meets, or does not meet, the standard above."),
    )
    evidence_considered = long_text(_("Evidence considered (optional)"))
    local_authority_consulted = forms.BooleanField(
        label=_("The local authority was consulted about this child"), required=False
    )
    child_wishes_and_feelings = long_text(_("The child's wishes and feelings"))
    consultations = forms.MultipleChoiceField(
        label=_("Who was consulted before this decision?"),
        choices=CONSULTEES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Required before a negative conclusive grounds decision."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, is_child: bool, stage: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not is_child:
            del self.fields["local_authority_consulted"]
            del self.fields["child_wishes_and_feelings"]
        if stage == "reasonable_grounds":
            del self.fields["consultations"]


class CaseActionForm(GovukForm):
    """Suspend, reinstate, withdraw, extend the recovery period, or end it."""

    withdrawal_reason = radios(
        _("Why is the referral being withdrawn?"),
        [
            (WithdrawalReason.MADE_IN_ERROR.value, _("It was made in error")),
            (WithdrawalReason.DUPLICATE.value, _("It duplicates another referral")),
        ],
        _("Select why the referral is being withdrawn"),
    )
    duplicate_of = short_text(
        _("Reference of the referral it duplicates"),
        max_length=32,
        help_text=_("Only if it is a duplicate. For example, NRM-2026-000123"),
    )
    reason = long_text(_("Reason"))
    written_consent = forms.BooleanField(
        label=_("The person has asked in writing to withdraw"), required=False
    )
    extra_days = forms.IntegerField(
        label=_("Extend by how many days?"),
        required=False,
        min_value=1,
        max_value=365,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
        error_messages={
            "invalid": _("Enter a whole number of days, like 14"),
            "min_value": _("Enter a number of days from 1 to 365"),
            "max_value": _("Enter a number of days from 1 to 365"),
        },
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, action: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if action != "withdraw_in_error":
            del self.fields["withdrawal_reason"]
            del self.fields["duplicate_of"]
        if action != "withdraw":
            del self.fields["written_consent"]
        if action != "extend_recovery_period":
            del self.fields["extra_days"]
        if action == "recovery_period_ended":
            del self.fields["reason"]


class InformationRequestForm(GovukForm):
    page_heading_field = "question"

    question = long_text(
        _("What do you need to know?"),
        required_message=_("Enter your question"),
        help_text=_("The first responder will see this on their organisation's referral."),
    )


class InformationAnswerForm(GovukForm):
    answer = long_text(_("Your answer"), required_message=_("Enter your answer"))
