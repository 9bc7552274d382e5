"""The hash chain as pure functions: any change to any event is found, and named."""

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from opennrm.audit.chain import GENESIS_HASH, HASHED_FIELDS, compute_hash, verify

BASE = datetime(2026, 1, 1, tzinfo=UTC)


def make_chain(payloads: list[dict]) -> list[dict]:
    chain, previous = [], GENESIS_HASH
    for index, payload in enumerate(payloads, start=1):
        event = {
            "id": index,
            "occurred_at": BASE + timedelta(seconds=index),
            "actor_id": 1,
            "actor_name": "Tom Hughes",
            "actor_email": "tom@example.test",
            "action": "case.viewed",
            "object_type": "cases.case",
            "object_id": str(index),
            "case_reference": f"NRM-2026-{index:06d}",
            "payload": payload,
            "request_id": "r",
            "previous_hash": previous,
        }
        event["hash"] = compute_hash(previous, event)
        previous = event["hash"]
        chain.append(event)
    return chain


payloads = st.lists(
    st.dictionaries(st.text(max_size=5), st.integers() | st.text(max_size=10), max_size=3),
    min_size=1,
    max_size=12,
)


@given(payloads)
def test_an_untouched_chain_verifies(payload_list) -> None:
    result = verify(make_chain(payload_list))
    assert result.ok
    assert result.checked == len(payload_list)


@given(payloads, st.data())
def test_changing_any_hashed_field_of_any_event_is_reported_at_that_event(payload_list, data):
    chain = make_chain(payload_list)
    victim = data.draw(st.integers(0, len(chain) - 1))
    field = data.draw(st.sampled_from([f for f in HASHED_FIELDS if f != "occurred_at"]))
    original = chain[victim][field]
    chain[victim][field] = (
        f"{original}-tampered"
        if not isinstance(original, dict)
        else {
            **original,
            "tampered": True,
        }
    )
    result = verify(chain)
    assert not result.ok
    assert result.first_broken_id == chain[victim]["id"]


@given(payloads.filter(lambda p: len(p) >= 2), st.data())
def test_removing_an_event_is_reported_at_the_next_one(payload_list, data):
    chain = make_chain(payload_list)
    victim = data.draw(st.integers(0, len(chain) - 2))
    removed = chain.pop(victim)
    result = verify(chain)
    assert not result.ok
    assert result.first_broken_id == removed["id"] + 1


def test_the_timestamp_is_hashed_in_utc_whatever_its_zone() -> None:
    event = make_chain([{}])[0]
    same_moment = dict(event, occurred_at=event["occurred_at"].astimezone())
    assert compute_hash(GENESIS_HASH, same_moment) == event["hash"]
