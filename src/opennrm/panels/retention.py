"""What this app removes when a case's retention period is over (ADR 62): the panel's
notes on the case, the answers to consent requests, and the child's best interests, the
Section 47 enquiry reference and any dissent recorded with a panel's decision. Who sat,
who chaired and when stay: they are the record of who decided."""

from typing import Any

from opennrm.cases.anonymisers import register_case_anonymiser
from opennrm.panels.models import CaseNote, ConsentRequest, PanelDecision


def case_records_anonymise(*, case: Any) -> None:
    """Remove the free text this app keeps about ``case`` (in the retention job's
    transaction, through ``cases.case_anonymise``)."""
    CaseNote.objects.filter(case=case).update(text="")
    ConsentRequest.objects.filter(case=case).update(note="")
    PanelDecision.objects.filter(decision__case=case).update(
        best_interests="", section_47_reference="", dissent=""
    )


def register() -> None:
    register_case_anonymiser(case_records_anonymise)
