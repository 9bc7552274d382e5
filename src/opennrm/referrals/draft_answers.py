"""What a draft referral's answers say about it: a child or an adult, an NRM referral or a
Duty to Notify report, and whether the person's identity may be asked for. The journey's
pages and its forms both ask these, so they live apart from both."""

from typing import Any

Answers = dict[str, Any]


def child(answers: Answers) -> bool:
    return answers.get("under_18") in ("yes", "not_sure")


def adult(answers: Answers) -> bool:
    return answers.get("under_18") == "no"


def duty_to_notify(answers: Answers) -> bool:
    return adult(answers) and answers.get("consent") == "no"


def keeps_identity(answers: Answers) -> bool:
    """# MSA 2015 s52(3): no identifying questions for a DtN unless they cooperate."""
    return not duty_to_notify(answers) or answers.get("cooperates") == "yes"


def nrm_referral(answers: Answers) -> bool:
    """Not a Duty to Notify report: support is arranged and a decision is made."""
    return not duty_to_notify(answers)


def adult_nrm_referral(answers: Answers) -> bool:
    """An adult's NRM referral: only an adult chooses who receives the decision (a child's
    letters go to the local authority and are never served on the child)."""
    return adult(answers) and answers.get("consent") == "yes"


def always(answers: Answers) -> bool:
    return True
