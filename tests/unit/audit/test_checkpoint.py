"""Checkpoint lines are signed: a forged or edited line is refused, a genuine one read back."""

import json
import stat
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from opennrm.audit import checkpoint
from opennrm.audit.checkpoint import Checkpoint, CheckpointTampered

KEY = b"k" * 32


@given(
    st.integers(0, 10**12),
    st.text(alphabet="0123456789abcdef", min_size=64, max_size=64),
    st.integers(0, 10**12),
)
def test_a_checkpoint_round_trips(event_id: int, digest: str, events: int) -> None:
    original = Checkpoint(event_id, digest, 2, events, "2026-01-01T00:00:00Z")
    assert checkpoint.decode(checkpoint.encode(original, key=KEY), key=KEY) == original


@pytest.mark.parametrize(
    ("field", "value"),
    [("event_id", 1), ("hash", "0" * 64), ("events", 0), ("written_at", "2027-01-01T00:00:00Z")],
)
def test_an_edited_checkpoint_is_refused(field: str, value: object) -> None:
    line = checkpoint.encode(Checkpoint(9, "a" * 64, 2, 9, "2026-01-01T00:00:00Z"), key=KEY)
    edited = json.loads(line)
    edited[field] = value
    with pytest.raises(CheckpointTampered, match="signature does not match"):
        checkpoint.decode(json.dumps(edited), key=KEY)


def test_a_checkpoint_signed_with_another_key_is_refused() -> None:
    line = checkpoint.encode(Checkpoint(9, "a" * 64, 2, 9, "x"), key=b"other" * 8)
    with pytest.raises(CheckpointTampered):
        checkpoint.decode(line, key=KEY)


@pytest.mark.parametrize("line", ["not json", "[]", '{"event_id": 1}', '{"sig": "x"}'])
def test_garbage_is_refused_with_its_line_number(line: str) -> None:
    with pytest.raises(CheckpointTampered, match="line 3 of the checkpoint file"):
        checkpoint.decode(line, key=KEY, line_number=3)


def test_the_file_is_appended_privately(tmp_path) -> None:
    path = tmp_path / "audit" / "checkpoints.jsonl"
    assert checkpoint.read(path, key=KEY) == []
    moment = datetime(2026, 5, 1, 12, tzinfo=UTC)
    first = checkpoint.append(
        path, key=KEY, event_id=1, hash="a" * 64, chain_format=2, events=1, now=moment
    )
    second = checkpoint.append(path, key=KEY, event_id=2, hash="b" * 64, chain_format=2, events=2)
    assert checkpoint.read(path, key=KEY) == [first, second]
    assert first.written_at == "2026-05-01T12:00:00Z"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
