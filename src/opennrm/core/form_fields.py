"""Field builders shared by every GOV.UK form: free text, short text and radios, each with
the error messages GOV.UK patterns use."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

SHORT_TEXT = 200
LONG_TEXT = 10_000


def long_text(label: Any, *, required_message: Any = None, help_text: Any = "") -> forms.CharField:
    """A free-text answer. It is stored and shown as text, never as markup."""
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=required_message is not None,
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": required_message or "",
            "max_length": _("%(label)s must be %(limit)s characters or fewer")
            % {"label": label, "limit": f"{LONG_TEXT:,}"},
        },
    )


def short_text(label: Any, *, required_message: Any = None, **kwargs: Any) -> forms.CharField:
    """A one-line answer of up to 200 characters (or ``max_length``)."""
    limit = kwargs.pop("max_length", SHORT_TEXT)
    return forms.CharField(
        label=label,
        required=required_message is not None,
        max_length=limit,
        error_messages={
            "required": required_message or "",
            "max_length": _("%(label)s must be %(limit)s characters or fewer")
            % {"label": label, "limit": limit},
        },
        **kwargs,
    )


def radios(
    label: Any, choices: list[tuple[str, Any]], message: Any, **kwargs: Any
) -> forms.ChoiceField:
    """One answer from a short list, as GOV.UK radios; ``message`` when none is chosen."""
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=forms.RadioSelect,
        error_messages={"required": message, "invalid_choice": message},
        **kwargs,
    )


def add_problems(form: forms.Form, error: Any) -> None:
    """Show an ``ApplicationError``'s problems on a form: beside the field each is about
    where the form has it, otherwise at the top of the error summary."""
    for problem in error.problems:
        form.add_error(problem.field if problem.field in form.fields else None, problem.message)
