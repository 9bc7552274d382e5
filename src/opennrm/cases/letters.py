"""Decision letters, rendered from templates.

For a child, the letter goes to the local authority (or the child's representative), never
to the child (statutory guidance: decisions are not served on children), and a
child-friendly explanation is produced alongside it.
"""

from pathlib import Path
from typing import Any

from django.template.loader import render_to_string
from fpdf import FPDF

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


# DejaVu Sans (free licence, see fonts/LICENSE) covers the accented and non-Latin letters
# in people's names, which PDF's built-in fonts do not.
FONTS = Path(__file__).parent / "fonts"


def letter_pdf(decision: Decision) -> bytes:
    """The same letter (and, for a child, the explanation on its own page) as a PDF."""
    context = letter_context(decision)
    pdf = FPDF(format="A4")
    pdf.set_title(f"Decision letter {decision.case.reference}")
    pdf.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.set_font("DejaVu", size=11)
    for fragment in (context["letter_html"], context["child_html"]):
        if fragment:
            pdf.add_page()
            # The fragments are Django templates with autoescaping: people's words arrive
            # as escaped text, never as markup.
            pdf.write_html(str(fragment))
    return bytes(pdf.output())
