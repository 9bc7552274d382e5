"""Template helpers for GOV.UK markup."""

from typing import Any

from django import forms, template
from django.utils.safestring import SafeString

from opennrm.core.govuk_forms import FIELDSET_KINDS, first_input_id, widget_kind

register = template.Library()

_INPUT_CLASSES = {
    "input": "govuk-input",
    "select": "govuk-select",
    "textarea": "govuk-textarea",
    "file": "govuk-file-upload",
}


@register.inclusion_tag("govuk/includes/error_summary.html")
def govuk_error_summary(*forms_on_page: Any) -> dict[str, Any]:
    """The GOV.UK error summary for every form on the page (nothing if all are valid)."""
    items: list[tuple[str, str]] = []
    for form in forms_on_page:
        if form is not None and hasattr(form, "error_summary_items"):
            items.extend(form.error_summary_items)
    return {"items": items}


@register.filter
def govuk_kind(bound_field: forms.BoundField) -> str:
    return widget_kind(bound_field.field.widget)


@register.filter
def govuk_is_fieldset(bound_field: forms.BoundField) -> bool:
    return widget_kind(bound_field.field.widget) in FIELDSET_KINDS


@register.filter
def govuk_first_id(bound_field: forms.BoundField) -> str:
    return first_input_id(bound_field)


@register.filter
def govuk_is_heading(bound_field: forms.BoundField) -> bool:
    return getattr(bound_field.form, "page_heading_field", None) == bound_field.name


@register.filter
def govuk_described_by(bound_field: forms.BoundField) -> str:
    ids = []
    if bound_field.help_text:
        ids.append(f"{bound_field.auto_id}-hint")
    if bound_field.errors:
        ids.append(f"{bound_field.auto_id}-error")
    return " ".join(ids)


@register.filter
def govuk_widget(bound_field: forms.BoundField) -> SafeString:
    """The input with GOV.UK classes, its error state and aria-describedby."""
    kind = widget_kind(bound_field.field.widget)
    attrs: dict[str, Any] = {}
    base = _INPUT_CLASSES.get(kind, "")
    extra = bound_field.field.widget.attrs.get("class", "")
    if kind == "date":
        attrs["govuk_error"] = bool(bound_field.errors)
    else:
        classes = [base, extra]
        if bound_field.errors and base:
            classes.append(f"{base}--error")
        attrs["class"] = " ".join(c for c in classes if c)
        described_by = govuk_described_by(bound_field)
        if described_by:
            attrs["aria-describedby"] = described_by
    if kind == "textarea":
        attrs.setdefault("rows", bound_field.field.widget.attrs.get("rows", 5))
    return bound_field.as_widget(attrs=attrs)


@register.filter
def govuk_choice_hint(bound_field: forms.BoundField, value: Any) -> str:
    hints: dict[str, str] = getattr(bound_field.field, "choice_hints", {}) or {}
    return str(hints.get(str(value), ""))
