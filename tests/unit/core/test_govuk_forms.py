"""GOV.UK form rendering: which component a widget becomes, and the approximate date input."""

from datetime import date

import pytest
import time_machine
from django import forms

from opennrm.core.govuk_forms import (
    GovukApproximateDateField,
    GovukDateField,
    GovukForm,
    widget_kind,
)


def test_several_answers_are_checkboxes_not_radios() -> None:
    # Django's CheckboxSelectMultiple subclasses RadioSelect: asked the wrong way round, a
    # question with several answers would be shown as radios and keep only one.
    assert issubclass(forms.CheckboxSelectMultiple, forms.RadioSelect)
    assert widget_kind(forms.CheckboxSelectMultiple()) == "checkboxes"
    assert widget_kind(forms.RadioSelect()) == "radios"


class When(GovukForm):
    started_on = GovukApproximateDateField(
        label="When did it start?",
        event="it started",
        subject="The date it started",
        required=False,
    )


def clean(day: str, month: str, year: str) -> tuple[str | None, list[str]]:
    form = When({"started_on_0": day, "started_on_1": month, "started_on_2": year})
    valid = form.is_valid()
    return (form.cleaned_data.get("started_on") if valid else None), list(
        form.errors.get("started_on", [])
    )


@time_machine.travel(date(2026, 11, 22), tick=False)
@pytest.mark.parametrize(
    ("day", "month", "year", "stored"),
    [
        ("14", "3", "2025", "2025-03-14"),
        ("", "3", "2025", "2025-03"),
        ("", "March", "2025", "2025-03"),
        ("", "mar", "2025", "2025-03"),
        ("", "", "2024", "2024"),
        (" ", "", "2026", "2026"),
    ],
)
def test_a_day_a_month_or_a_year_is_kept_at_its_precision(day, month, year, stored) -> None:
    assert clean(day, month, year) == (stored, [])


@time_machine.travel(date(2026, 11, 22), tick=False)
@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("14", "", "", "Enter the month and year it started"),
        ("14", "3", "", "Enter the year it started"),
        ("", "3", "", "Enter the year it started"),
        ("14", "", "2025", "Enter the month it started"),
        ("31", "2", "2025", "The date it started must be a real date"),
        ("", "13", "2025", "The date it started must be a real date"),
        ("x", "3", "2025", "The date it started must be a real date"),
        ("", "", "25", "Enter the year it started as 4 numbers, like 2024"),
        ("", "", "1850", "The date it started must be in 1900 or later"),
        ("", "12", "2026", "The date it started must be in the past"),
        ("", "", "2027", "The date it started must be in the past"),
    ],
)
def test_short_govuk_messages_say_what_is_missing_or_wrong(day, month, year, message) -> None:
    assert clean(day, month, year) == (None, [message])


def test_nothing_typed_is_no_answer() -> None:
    assert clean("", "", "") == (None, [])


def test_a_stored_month_is_shown_again_in_its_boxes() -> None:
    form = When(initial={"started_on": "2025-03"})
    html = str(form["started_on"])
    assert 'name="started_on_1" type="text" inputmode="numeric" value="3"' in html
    assert 'value="2025"' in html
    assert 'name="started_on_0" type="text" inputmode="numeric">' in html


class Born(GovukForm):
    born = GovukDateField(label="Date of birth", required=False, past_only=True)


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("1", "", "", "Date of birth must include a month and year"),
        ("", "", "2001", "Date of birth must include a day and month"),
        ("30", "2", "2001", "Date of birth must be a real date"),
    ],
)
def test_a_date_of_birth_says_briefly_what_is_missing(day, month, year, message) -> None:
    form = Born({"born_0": day, "born_1": month, "born_2": year})
    assert not form.is_valid()
    assert form.errors["born"] == [message]
