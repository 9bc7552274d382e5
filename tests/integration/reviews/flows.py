"""Cases at each step of the safeguards, made through the services."""

import time_machine

from opennrm.cases import services
from opennrm.cases.models import Case
from tests import states

CONSULTED = ("first_responder", "support_provider", "police")
CG_NEGATIVE = services.DecisionInput(
    "conclusive_grounds",
    "negative",
    "Not on the balance of probabilities.",
    consultations=CONSULTED,
)


def negative_cg_2020(demo, make_case, *, checked: bool = True) -> Case:
    """An adult's negative CG proposed on 1 June 2020, under the Multi-Agency Assurance
    Panels (call inside ``time_machine.travel("2020-06-01")`` to act on that day)."""
    with time_machine.travel("2020-03-02 10:00 +00:00", tick=False):
        case = make_case()
        states.decide(demo["caseworker"], case)
    with time_machine.travel("2020-06-01 10:00 +00:00", tick=False):
        return states.decide(demo["caseworker"], case, CG_NEGATIVE, checked=checked)


def child_negative_rg(demo, make_case, *, checked: bool = True) -> Case:
    """A child in Leeds (no panel: the competent authority decides): a negative RG."""
    case = make_case("child", local_authority="Leeds City Council")
    return states.decide(
        demo["caseworker"],
        case,
        services.DecisionInput(
            "reasonable_grounds",
            "negative",
            "No indicator of exploitation in the account.",
            local_authority_consulted=True,
            child_wishes_and_feelings="Wants to stay at school.",
        ),
        checked=checked,
    )
