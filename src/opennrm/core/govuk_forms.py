"""Django forms rendered as GOV.UK Design System markup.

``FORM_RENDERER`` is :class:`GovukFormRenderer`, so ``{{ form }}`` and
``{{ form.field.as_field_group }}`` emit a GOV.UK form group: label or fieldset legend, hint,
error message and input, wired together with ``aria-describedby``. ``{% govuk_error_summary
form %}`` (``core/templatetags/govuk.py``) puts the error summary at the top of the page.
"""

import datetime
import re
from typing import Any

from django import forms
from django.forms.renderers import TemplatesSetting
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from opennrm.core import approximate_dates


class GovukFormRenderer(TemplatesSetting):
    """Render forms and fields with the project's GOV.UK templates."""

    form_template_name = "govuk/forms/form.html"
    field_template_name = "govuk/forms/field.html"


# Widgets whose choices are grouped in a fieldset with a legend rather than a label.
FIELDSET_KINDS = frozenset({"radios", "checkboxes", "date"})


def widget_kind(widget: forms.Widget) -> str:
    """What GOV.UK component a Django widget becomes."""
    if widget.is_hidden:
        return "hidden"
    if isinstance(widget, GovukDateInput):
        return "date"
    # CheckboxSelectMultiple subclasses RadioSelect, so it must be asked about first: a
    # question with several answers rendered as radios would keep only one of them.
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.FileInput):
        return "file"
    return "input"


def first_input_id(bound_field: forms.BoundField) -> str:
    """The id an error summary link should move focus to."""
    kind = widget_kind(bound_field.field.widget)
    if kind in FIELDSET_KINDS:
        return f"{bound_field.auto_id}_0"
    return str(bound_field.auto_id)


class GovukDateInput(forms.MultiWidget):
    """Three boxes — day, month, year — as in the GOV.UK date input pattern."""

    template_name = "govuk/forms/widgets/date.html"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        numeric = {"inputmode": "numeric"}
        super().__init__(
            [forms.TextInput(numeric), forms.TextInput(numeric), forms.TextInput(numeric)], attrs
        )

    def decompress(self, value: Any) -> list[Any]:
        """Day, month and year boxes for a date, or for a month or year alone."""
        if value in (None, ""):
            return [None, None, None]
        try:
            parsed = approximate_dates.parse(value)
        except ValueError:
            return [None, None, None]
        return [parsed.day, parsed.month, parsed.year]


class GovukDateField(forms.MultiValueField):
    """A date typed as day, month and year, with GOV.UK's error messages."""

    widget = GovukDateInput

    def __init__(self, *, past_only: bool = False, **kwargs: Any) -> None:
        self.past_only = past_only
        fields = (forms.CharField(), forms.CharField(), forms.CharField())
        super().__init__(fields=fields, require_all_fields=False, **kwargs)

    def _name(self) -> str:
        return str(self.label or _("Date"))

    def compress(self, data_list: list[Any]) -> datetime.date | None:
        if not data_list or not any(data_list):
            return None
        day, month, year = (str(part or "").strip() for part in data_list)
        missing = [
            str(name)
            for name, part in ((_("day"), day), (_("month"), month), (_("year"), year))
            if not part
        ]
        if missing:
            raise forms.ValidationError(
                _("%(name)s must include a %(parts)s"),
                params={"name": self._name(), "parts": str(_(" and ")).join(missing)},
                code="incomplete",
            )
        if not (day.isdigit() and month.isdigit() and year.isdigit()) or len(year) != 4:
            raise forms.ValidationError(
                _("%(name)s must be a real date"), params={"name": self._name()}, code="invalid"
            )
        try:
            value = datetime.date(int(year), int(month), int(day))
        except ValueError:
            raise forms.ValidationError(
                _("%(name)s must be a real date"), params={"name": self._name()}, code="invalid"
            ) from None
        if value.year < 1900:
            raise forms.ValidationError(
                _("%(name)s must be after 1900"), params={"name": self._name()}, code="too_old"
            )
        if self.past_only and value > datetime.date.today():
            raise forms.ValidationError(
                _("%(name)s must be today or in the past"),
                params={"name": self._name()},
                code="future",
            )
        return value

    def clean(self, value: Any) -> datetime.date | None:
        if self.required and (not value or not any(value)):
            raise forms.ValidationError(self.error_messages["required"], code="required")
        return self.compress(value or [])


MONTH_NAMES = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}


class GovukApproximateDateField(forms.MultiValueField):
    """A date that may be known only to the month or the year: day, month and year boxes
    where the day, or the day and the month, may be left empty.

    Cleans to ISO 8601 at the precision given ("2025-03-14", "2025-03" or "2025"). Error
    messages name the event in GOV.UK style: ``event`` is its phrase ("it started") and
    ``subject`` the date's name in a sentence ("The date it started").
    """

    widget = GovukDateInput

    def __init__(
        self,
        *,
        event: str | Promise,
        subject: str | Promise,
        past_only: bool = True,
        **kwargs: Any,
    ) -> None:
        self.event = event
        self.subject = subject
        self.past_only = past_only
        fields = (forms.CharField(), forms.CharField(), forms.CharField())
        super().__init__(fields=fields, require_all_fields=False, **kwargs)

    def _error(self, message: Any, code: str) -> forms.ValidationError:
        return forms.ValidationError(
            message, params={"event": self.event, "subject": self.subject}, code=code
        )

    def compress(self, data_list: list[Any]) -> str | None:
        if not data_list or not any(str(part or "").strip() for part in data_list):
            return None
        day, month, year = (str(part or "").strip() for part in data_list)
        if not year:
            if month:
                raise self._error(_("Enter the year %(event)s"), "no_year")
            raise self._error(_("Enter the month and year %(event)s"), "no_month_or_year")
        if day and not month:
            raise self._error(_("Enter the month %(event)s"), "no_month")
        if not re.fullmatch(r"\d{4}", year):
            raise self._error(_("Enter the year %(event)s as 4 numbers, like 2024"), "year")
        month_number = MONTH_NAMES.get(month.casefold()) if month else None
        if month and month_number is None:
            month_number = int(month) if month.isdigit() else 0
        if day and not day.isdigit():
            raise self._error(_("%(subject)s must be a real date"), "invalid")
        try:
            value = approximate_dates.ApproximateDate(
                int(year), month_number, int(day) if day else None
            )
        except ValueError:
            if int(year) < approximate_dates.EARLIEST_YEAR:
                raise self._error(_("%(subject)s must be in 1900 or later"), "too_old") from None
            raise self._error(_("%(subject)s must be a real date"), "invalid") from None
        if self.past_only and approximate_dates.is_future(value, datetime.date.today()):
            raise self._error(_("%(subject)s must be in the past"), "future")
        return value.isoformat()

    def clean(self, value: Any) -> str | None:
        if self.required and (not value or not any(value)):
            raise forms.ValidationError(self.error_messages["required"], code="required")
        return self.compress(value or [])


class GovukFormMixin:
    """What every GOV.UK form adds to a Django form.

    ``page_heading_field`` names the question that is the page's heading (one question per
    page): its label or legend is rendered as the page's ``<h1>``.
    """

    page_heading_field: str | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    @property
    def error_summary_items(self) -> list[tuple[str, str]]:
        """(message, link target) for every error, in the order the fields appear."""
        form: forms.BaseForm = self  # type: ignore[assignment]
        if not form.is_bound or not form.errors:
            return []
        visible = list(form.visible_fields())
        first = f"#{first_input_id(visible[0])}" if visible else "#main-content"
        items = [(str(message), first) for message in form.non_field_errors()]
        for bound_field in visible:
            for message in bound_field.errors:
                items.append((str(message), f"#{first_input_id(bound_field)}"))
        return items


class GovukForm(GovukFormMixin, forms.Form):
    """A form rendered in GOV.UK style."""


class GovukModelForm(GovukFormMixin, forms.ModelForm):  # type: ignore[type-arg]
    """A model form rendered in GOV.UK style."""
