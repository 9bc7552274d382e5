"""What the rules say about a decision itself: the wording it records, whether it may be
issued yet, and the checks it passes through first.

Every function reads the rules in force on the decision date in the nation of the case;
without a jurisdiction the UK rules apply. They are switches in the data, so a
jurisdiction (or a model such as ``uk_reformed``) changes them without a code change.
"""

import warnings
from datetime import date

from opennrm.policy.calendar import Nation
from opennrm.policy.rules import Jurisdiction, RuleSet, default_nation, load_jurisdiction
from opennrm.policy.terms import Outcome, Stage

__all__ = [
    "may_issue_negative_rg",
    "needs_independent_review",
    "needs_quality_check",
    "public_order_disqualification_available",
    "threshold_wording",
]


def _rules(on: date, nation: Nation, jurisdiction: Jurisdiction | None) -> RuleSet:
    return (jurisdiction or load_jurisdiction("uk")).rules_on(on, nation)


def threshold_wording(
    stage: Stage | str,
    decided_on: date,
    nation: Nation | str,
    *,
    jurisdiction: Jurisdiction | None = None,
) -> str:
    """The test a decision made on ``decided_on`` applies, to be recorded with it: the
    reasonable-grounds threshold or the conclusive-grounds standard in force that day.

    NABA 2022 s60: the RG wording changed on 30 January 2023 and again on 10 July 2023.
    """
    rules = _rules(decided_on, default_nation(nation, "threshold_wording"), jurisdiction)
    if Stage(stage) is Stage.REASONABLE_GROUNDS:
        return rules.rg_threshold
    return rules.cg_standard


def may_issue_negative_rg(
    decided_on: date, nation: Nation | str, *, jurisdiction: Jurisdiction | None = None
) -> bool:
    """Whether a negative reasonable-grounds decision may be issued on ``decided_on``.

    In the UK negative RG decisions were held back from 28 June to 9 July 2023, after the
    "objective factors" test was withdrawn (R (AS and BXR) v SSHD), until revised guidance.
    """
    nation = default_nation(nation, "may_issue_negative_rg")
    return not _rules(decided_on, nation, jurisdiction).negative_rg_paused


def needs_independent_review(
    stage: Stage | str,
    outcome: Outcome | str,
    decided_on: date,
    *,
    is_child: bool | None = None,
    nation: Nation | str | None = None,
    jurisdiction: Jurisdiction | None = None,
) -> bool:
    """Whether a decision must go to independent multi-agency review before it is issued.

    Only negative decisions are reviewed, as the data says for the stage, the person's age
    group, the nation and the decision date. In the UK: negative conclusive-grounds
    decisions from April 2019 to December 2022 (the Multi-Agency Assurance Panels), for
    children and adults alike; negative reasonable-grounds decisions never.

    ``is_child`` and ``nation`` are required in new code; without them the adult rules of
    England and Wales apply, with a ``DeprecationWarning``.
    """
    nation = default_nation(nation, "needs_independent_review")
    if is_child is None:
        warnings.warn(
            "needs_independent_review() without is_child uses the adult rules; pass is_child.",
            DeprecationWarning,
            stacklevel=2,
        )
        is_child = False
    if Outcome(outcome) is Outcome.POSITIVE:
        return False
    rules = _rules(decided_on, nation, jurisdiction)
    switch = (
        rules.review_negative_rg
        if Stage(stage) is Stage.REASONABLE_GROUNDS
        else rules.review_negative_cg
    )
    return switch.applies(is_child=is_child)


def needs_quality_check(
    stage: Stage | str,
    outcome: Outcome | str,
    decided_on: date,
    *,
    nation: Nation | str,
    jurisdiction: Jurisdiction | None = None,
) -> bool:
    """Whether a senior caseworker must check a decision before it goes to review or is
    issued: negative decisions at the stages the data switches on."""
    if Outcome(outcome) is Outcome.POSITIVE:
        return False
    rules = _rules(decided_on, default_nation(nation, "needs_quality_check"), jurisdiction)
    if Stage(stage) is Stage.REASONABLE_GROUNDS:
        return rules.quality_check_negative_rg
    return rules.quality_check_negative_cg


def public_order_disqualification_available(
    on: date,
    *,
    is_child: bool,
    nation: Nation | str,
    jurisdiction: Jurisdiction | None = None,
) -> bool:
    """Whether a competent authority may disqualify the person from protection on
    public-order grounds on ``on`` (NABA 2022 s63, from 30 January 2023; adults only in
    the UK data)."""
    nation = default_nation(nation, "public_order_disqualification_available")
    rules = _rules(on, nation, jurisdiction)
    return rules.public_order_disqualification_available.applies(is_child=is_child)
