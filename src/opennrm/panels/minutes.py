"""A panel meeting's minutes: who sat, whether it was quorate, and each decision with what
the panel weighed. The same content as an HTML page and a PDF (fpdf2, as decision letters)."""

from typing import Any

from django.template.loader import render_to_string
from fpdf import FPDF

from opennrm.cases.letters import FONTS
from opennrm.panels.models import Agency, PanelDecision, PanelMeeting
from opennrm.panels.sittings import quorum_problem


def context(meeting: PanelMeeting) -> dict[str, Any]:
    """What the minutes say, and the minutes as a safe HTML fragment."""
    decisions = list(
        PanelDecision.objects.filter(meeting=meeting)
        .select_related("decision__case__person", "chair")
        .order_by("decision__decided_at", "id")
    )
    items = list(meeting.agenda.all())
    nation = items[0].case.nation if items else (meeting.panel.nation or "england")
    labels = dict(Agency.choices)
    data: dict[str, Any] = {
        "meeting": meeting,
        "attendance": [
            {"name": a.user.get_full_name(), "agency": labels.get(a.agency, a.agency)}
            for a in meeting.attendance.all()
        ],
        "quorum_problem": quorum_problem(meeting, nation),
        "agenda": items,
        "decisions": [
            {
                "detail": d,
                "present": [
                    {"name": p.get("name", ""), "agency": labels.get(p.get("agency", ""), "")}
                    for p in d.members_present
                ],
            }
            for d in decisions
        ],
    }
    data["minutes_html"] = render_to_string("panels/minutes.html", data)
    return data


def pdf(meeting: PanelMeeting) -> bytes:
    """The minutes as a PDF document."""
    fragment = context(meeting)["minutes_html"]
    document = FPDF(format="A4")
    document.set_title(f"Minutes of the {meeting.panel.name} meeting")
    document.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
    document.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    document.set_font("DejaVu", size=11)
    document.add_page()
    # An autoescaped Django template: people's words arrive as text, never as markup.
    document.write_html(str(fragment))
    return bytes(document.output())
