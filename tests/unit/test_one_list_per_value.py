"""Each stored value list is the pure module's list: the model's choices are built from it
and cannot drift from it."""

import pytest

from opennrm.accounts.models import Nation
from opennrm.cases.domain import State, WithdrawalReason
from opennrm.cases.models import (
    CaseState,
    DecisionMakerType,
    DecisionOutcome,
    DecisionStage,
    Withdrawal,
)
from opennrm.people.domain import Gender as GenderValue
from opennrm.people.models import Gender
from opennrm.policy import DecisionMakerType as DecisionMakerValue
from opennrm.policy import Nation as NationValue
from opennrm.policy import Outcome, Stage
from opennrm.referrals.facts import AgeGroup
from opennrm.referrals.models import AgeAtExploitation, ExploitationLocation, ReferralKind
from opennrm.referrals.schema import ExploitationLocation as LocationValue
from opennrm.referrals.schema import ReferralKind as ReferralKindValue


@pytest.mark.parametrize(
    ("choices", "values"),
    [
        (CaseState, State),
        (DecisionMakerType, DecisionMakerValue),
        (DecisionStage, Stage),
        (DecisionOutcome, Outcome),
        (Withdrawal, WithdrawalReason),
        (Nation, NationValue),
        (Gender, GenderValue),
        (ReferralKind, ReferralKindValue),
        (AgeAtExploitation, AgeGroup),
        (ExploitationLocation, LocationValue),
    ],
)
def test_model_choices_are_the_pure_values(choices, values) -> None:
    assert [c.value for c in choices] == [v.value for v in values]
    assert {c.name for c in choices} == {v.name for v in values}
