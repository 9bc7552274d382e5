"""A demo legal hold, so the administrator's retention page shows one in place."""

from opennrm.accounts.models import User
from opennrm.cases.models import Case
from opennrm.retention.models import LegalHold
from opennrm.retention.services import legal_hold_place

DEMO_HOLD_REASON = "Judicial review of the decision (demo)"


def seed_demo_holds() -> int:
    """Place one hold on the demo's withdrawn case. Running it again changes nothing."""
    admin = User.objects.filter(email="admin@demo.opennrm.test").first()
    case = Case.objects.filter(state="withdrawn").order_by("id").first()
    if admin is None or case is None:
        return 0
    if LegalHold.objects.filter(case_reference=case.reference).exists():
        return 0
    legal_hold_place(actor=admin, case_reference=case.reference, reason=DEMO_HOLD_REASON)
    return 1
