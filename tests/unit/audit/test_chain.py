"""The hash chain as pure functions: any change to any event is found, and named.

Format 2 events are keyed (HMAC-SHA256); an attacker without the key who rewrites an
event and recomputes every later hash, or rewrites them in the old unkeyed format, is
caught; checkpoints catch the newest events being cut off.
"""

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from opennrm.audit.chain import (
    FORMAT_HMAC,
    FORMAT_SHA256,
    GENESIS_HASH,
    HASHED_FIELDS,
    Anchor,
    MissingKey,
    compute_hash,
    verify,
)

BASE = datetime(2026, 1, 1, tzinfo=UTC)
KEY = b"k" * 32
WRONG_KEY = b"w" * 32


def event(index: int, payload: dict, previous: str) -> dict:
    return {
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


def make_chain(payloads: list[dict], *, legacy: int = 0, key: bytes = KEY) -> list[dict]:
    """A chain whose first ``legacy`` events are format 1 and the rest format 2."""
    chain, previous = [], GENESIS_HASH
    for index, payload in enumerate(payloads, start=1):
        item = event(index, payload, previous)
        item["chain_format"] = FORMAT_SHA256 if index <= legacy else FORMAT_HMAC
        item["hash"] = compute_hash(previous, item, key=key, chain_format=item["chain_format"])
        previous = item["hash"]
        chain.append(item)
    return chain


def rehash_from(chain: list[dict], start: int, *, key: bytes | None, chain_format: int) -> None:
    """What an attacker does after changing an event: recompute every later link."""
    previous = chain[start - 1]["hash"] if start else GENESIS_HASH
    for item in chain[start:]:
        item["previous_hash"] = previous
        item["chain_format"] = chain_format
        item["hash"] = compute_hash(previous, item, key=key, chain_format=chain_format)
        previous = item["hash"]


payloads = st.lists(
    st.dictionaries(st.text(max_size=5), st.integers() | st.text(max_size=10), max_size=3),
    min_size=1,
    max_size=12,
)


@given(payloads, st.data())
def test_an_untouched_chain_verifies_with_any_legacy_prefix(payload_list, data) -> None:
    legacy = data.draw(st.integers(0, len(payload_list)))
    result = verify(make_chain(payload_list, legacy=legacy), key=KEY)
    assert result.ok
    assert result.checked == len(payload_list)
    assert result.last_id == len(payload_list)


@given(payloads, st.data())
def test_changing_any_hashed_field_of_any_event_is_reported_at_that_event(payload_list, data):
    chain = make_chain(payload_list)
    victim = data.draw(st.integers(0, len(chain) - 1))
    field = data.draw(st.sampled_from([f for f in HASHED_FIELDS if f != "occurred_at"]))
    original = chain[victim][field]
    chain[victim][field] = (
        f"{original}-tampered" if not isinstance(original, dict) else {**original, "t": True}
    )
    result = verify(chain, key=KEY)
    assert not result.ok
    assert result.first_broken_id == chain[victim]["id"]


@given(payloads.filter(lambda p: len(p) >= 2), st.data())
def test_removing_an_event_is_reported_at_the_next_one(payload_list, data):
    chain = make_chain(payload_list)
    victim = data.draw(st.integers(0, len(chain) - 2))
    removed = chain.pop(victim)
    result = verify(chain, key=KEY)
    assert not result.ok
    assert result.first_broken_id == removed["id"] + 1


@given(payloads, st.data())
def test_a_rewrite_that_recomputes_every_later_hash_without_the_key_is_caught(
    payload_list, data
) -> None:
    chain = make_chain(payload_list)
    victim = data.draw(st.integers(0, len(chain) - 1))
    chain[victim]["actor_name"] = "Someone else"
    rehash_from(chain, victim, key=WRONG_KEY, chain_format=FORMAT_HMAC)
    result = verify(chain, key=KEY)
    assert not result.ok
    assert result.first_broken_id == chain[victim]["id"]
    assert "does not match its hash" in result.reason


@given(payloads, st.data())
def test_rewriting_keyed_events_in_the_old_unkeyed_format_is_caught(payload_list, data) -> None:
    chain = make_chain(payload_list)
    victim = data.draw(st.integers(0, len(chain) - 1))
    chain[victim]["payload"] = {"forged": True}
    rehash_from(chain, victim, key=None, chain_format=FORMAT_SHA256)
    # Without a checkpoint a rewrite of the whole chain as format 1 cannot be told apart
    # from an old chain; with one (or any keyed event before it) it is caught.
    anchors = [Anchor(chain[-1]["id"], make_chain(payload_list)[-1]["hash"])]
    result = verify(chain, key=KEY, anchors=anchors)
    assert not result.ok
    expected = chain[victim]["id"] if victim else chain[-1]["id"]
    assert result.first_broken_id == expected


def test_an_unkeyed_event_after_a_keyed_one_is_a_downgrade() -> None:
    chain = make_chain([{}, {}, {}], legacy=1)
    rehash_from(chain, 2, key=None, chain_format=FORMAT_SHA256)
    result = verify(chain, key=KEY)
    assert not result.ok
    assert result.first_broken_id == 3
    assert "unkeyed format after keyed events" in result.reason


@given(payloads.filter(lambda p: len(p) >= 2), st.data())
def test_cutting_off_the_newest_events_below_a_checkpoint_is_caught(payload_list, data) -> None:
    chain = make_chain(payload_list)
    anchor = Anchor(chain[-1]["id"], chain[-1]["hash"], "2026-01-01T00:00:00Z")
    kept = data.draw(st.integers(0, len(chain) - 1))
    result = verify(chain[:kept], key=KEY, anchors=[anchor])
    assert not result.ok
    assert result.first_broken_id == anchor.event_id
    assert "the newest events were removed" in result.reason


def test_an_anchor_whose_event_was_replaced_is_caught() -> None:
    chain = make_chain([{}, {}, {}])
    anchor = Anchor(2, "f" * 64, "2026-01-01T00:00:00Z")
    result = verify(chain, key=KEY, anchors=[anchor])
    assert not result.ok
    assert result.first_broken_id == 2
    assert "differs from the checkpoint" in result.reason


def test_a_checkpointed_event_that_vanished_between_others_is_caught() -> None:
    chain = make_chain([{}, {}, {}])
    # Event 2 is gone and event 3 relinked (as a key holder could): the anchor still fails.
    del chain[1]
    chain[1]["previous_hash"] = chain[0]["hash"]
    chain[1]["hash"] = compute_hash(chain[0]["hash"], chain[1], key=KEY)
    result = verify(chain, key=KEY, anchors=[Anchor(2, "a" * 64)])
    assert not result.ok
    assert result.first_broken_id == 2
    assert "no longer in the chain" in result.reason


def test_verification_continues_from_a_trusted_checkpoint() -> None:
    chain = make_chain([{}, {}, {}, {}])
    start = Anchor(2, chain[1]["hash"])
    result = verify(chain[2:], key=KEY, start=start, start_format=FORMAT_HMAC)
    assert result.ok
    assert result.checked == 2
    assert result.last_hash == chain[-1]["hash"]


def test_keyed_events_cannot_be_checked_without_the_key() -> None:
    with pytest.raises(MissingKey):
        compute_hash(GENESIS_HASH, make_chain([{}])[0], key=None, chain_format=FORMAT_HMAC)
    result = verify(make_chain([{}]), key=None)
    assert not result.ok
    assert "audit key is needed" in result.reason


def test_the_key_changes_every_hash() -> None:
    item = make_chain([{}])[0]
    assert compute_hash(GENESIS_HASH, item, key=KEY) != compute_hash(
        GENESIS_HASH, item, key=WRONG_KEY
    )


def test_the_timestamp_is_hashed_in_utc_whatever_its_zone() -> None:
    item = make_chain([{}])[0]
    same_moment = dict(item, occurred_at=item["occurred_at"].astimezone())
    assert compute_hash(GENESIS_HASH, same_moment, key=KEY) == item["hash"]
