"""The statistics pages' forms: the filters (GET, never saving anything) and the published
first responder names (POST)."""

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from opennrm.accounts.models import PublishedFirstResponderType
from opennrm.core.form_fields import short_text
from opennrm.core.govuk_forms import GovukForm
from opennrm.statistics.periods import UnknownPeriod, parse_period

PERIOD_HELP = _("A year, like 2023, or a quarter, like 2023-Q4.")


class PeriodField(forms.CharField):
    """A year or a quarter, typed or chosen; an unknown one is refused in words."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Period"))
        kwargs.setdefault("help_text", PERIOD_HELP)
        kwargs.setdefault("required", False)
        super().__init__(max_length=20, **kwargs)

    def clean(self, value: Any) -> str:
        text = str(super().clean(value) or "").strip().upper()
        if not text:
            return ""
        try:
            return parse_period(text).code
        except UnknownPeriod:
            raise forms.ValidationError(
                _("Enter a year, like 2023, or a quarter, like 2023-Q4, from 2009 onwards"),
                code="period",
            ) from None


class ThresholdField(forms.IntegerField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            label=_("Withhold counts below"),
            help_text=_("Counts from 1 up to one less than this are not shown."),
            required=False,
            min_value=1,
            max_value=1000,
            error_messages={
                "invalid": _("Enter the threshold as a whole number, like 10"),
                "min_value": _("The threshold must be 1 or more"),
                "max_value": _("The threshold must be 1,000 or less"),
            },
            **kwargs,
        )


class StatisticsFilterForm(GovukForm):
    """Period and, for national users, an area (its counts are then protected)."""

    period = PeriodField()
    area = forms.TypedChoiceField(
        label=_("Area"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_(
            "A child decision-making panel's area or a local authority. Counts for an "
            "area are protected."
        ),
        error_messages={"invalid_choice": _("Select an area you can see")},
    )
    threshold = ThresholdField()

    def __init__(self, *args: Any, areas: Sequence[tuple[int, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = [("", _("The whole UK")), *areas]  # type: ignore[attr-defined]


class AreaFilterForm(GovukForm):
    """A local picture's period and threshold."""

    period = PeriodField()
    threshold = ThresholdField()


class TableFilterForm(StatisticsFilterForm):
    protect_all = forms.BooleanField(
        label=_("Protect national tables too"),
        required=False,
        help_text=_("National tables are published in full, as the Home Office publishes them."),
    )


class FairnessForm(GovukForm):
    period = PeriodField()
    stage = forms.ChoiceField(
        label=_("Decision"),
        required=False,
        choices=[
            ("reasonable_grounds", _("Reasonable grounds")),
            ("conclusive_grounds", _("Conclusive grounds")),
        ],
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Select reasonable grounds or conclusive grounds")},
    )


class OpenDataForm(GovukForm):
    period = PeriodField()
    k = forms.IntegerField(
        label=_("Smallest group of identical records (k)"),
        help_text=_(
            "Each released record shares its quarter, age band, gender, nationality "
            "and nation with at least this many records. 11 by default."
        ),
        required=False,
        min_value=2,
        max_value=1000,
        error_messages={
            "invalid": _("Enter k as a whole number, like 11"),
            "min_value": _("k must be 2 or more"),
            "max_value": _("k must be 1,000 or less"),
        },
    )


class FirstResponderSearchForm(GovukForm):
    q = short_text(_("Search by name"), max_length=100)


class PublishedNameForm(GovukForm):
    """How one first responder is named in the statistics."""

    published_label = short_text(
        _("Name to publish"), required_message=_("Enter the name to publish")
    )
    published_type = forms.ChoiceField(
        label=_("Type to publish"),
        choices=PublishedFirstResponderType.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select the type to publish")},
    )
