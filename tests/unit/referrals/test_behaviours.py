"""The form's finer exploitation behaviours and the six published types they are counted
under: types are derived from behaviours, never lost."""

from hypothesis import given
from hypothesis import strategies as st

from opennrm.referrals.schema import (
    BEHAVIOUR_TYPES,
    ExploitationBehaviour,
    ExploitationIn,
    ExploitationType,
    published_types,
)

behaviours = st.lists(st.sampled_from(list(ExploitationBehaviour)), max_size=10)
types = st.lists(st.sampled_from(list(ExploitationType)), max_size=6, unique=True)


def test_every_behaviour_maps_to_a_published_type() -> None:
    assert set(BEHAVIOUR_TYPES) == set(ExploitationBehaviour)
    assert set(BEHAVIOUR_TYPES.values()) == set(ExploitationType)


@given(types, behaviours)
def test_types_are_those_given_plus_those_the_behaviours_imply_once_in_order(t, b) -> None:
    result = published_types(t, b)
    assert set(result) == set(t) | {BEHAVIOUR_TYPES[x] for x in b}
    assert len(result) == len(set(result))
    order = list(ExploitationType)
    assert result == sorted(result, key=order.index)


@given(types, behaviours)
def test_the_schema_derives_the_types_and_keeps_each_behaviour_once(t, b) -> None:
    exploitation = ExploitationIn.model_validate({"types": t, "behaviours": b})
    assert exploitation.types == published_types(t, b)
    assert exploitation.behaviours == list(dict.fromkeys(b))


def test_forced_into_prostitution_and_to_commit_crime_is_sexual_and_criminal() -> None:
    exploitation = ExploitationIn.model_validate(
        {"behaviours": ["forced_prostitution", "forced_crime"]}
    )
    assert exploitation.types == [ExploitationType.SEXUAL, ExploitationType.CRIMINAL]
