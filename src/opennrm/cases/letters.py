"""Decision letters, rendered from templates.

For a child, the letter goes to the local authority (or the child's representative), never
to the child (statutory guidance: decisions are not served on children), and a
child-friendly explanation is produced alongside it.
"""

from typing import Any

from django.template.loader import render_to_string

from opennrm.cases.models import Decision


def recipient(decision: Decision) -> str:
    case = decision.case
    if case.is_child:
        return case.local_authority or "The child's local authority"
    return case.person.display_name


def letter_context(decision: Decision) -> dict[str, Any]:
    """The letter and (for a child) the explanation, as safe HTML fragments."""
    context = {"decision": decision, "case": decision.case, "recipient": recipient(decision)}
    letter_html = render_to_string("cases/letters/decision_letter.html", context)
    child_html = (
        render_to_string("cases/letters/child_explanation.html", context)
        if decision.case.is_child
        else ""
    )
    return {"letter_html": letter_html, "child_html": child_html, "recipient": context["recipient"]}
