"""Showing a measure's value as its kind reads: a count, a percentage, days."""

from typing import Any

from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag
def measure_value(row: Any, column: Any) -> str:
    value = row.values.get(column.key)
    if value is None:
        return "–" if column.kind != "count" else "0"
    if column.kind == "rate":
        return f"{value * 100:.0f}%"
    if column.kind == "days":
        return _("%(days)s days") % {"days": f"{value:.1f}"}
    return str(value)
