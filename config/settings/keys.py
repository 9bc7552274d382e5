"""Checks of the keys the settings read, shared by the settings and the code using them."""

import base64
import binascii


def decode_evidence_key(value: str) -> bytes:
    """The evidence encryption key: base64 of exactly 32 bytes (AES-256)."""
    try:
        key = base64.b64decode(value.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError):
        raise ValueError("it is not base64") from None
    if len(key) != 32:
        raise ValueError(f"it decodes to {len(key)} bytes, not 32")
    return key


def evidence_key_problem(value: str) -> str:
    """Why ``value`` is not a usable evidence key, or "" when it is."""
    try:
        decode_evidence_key(value)
    except ValueError as problem:
        return str(problem)
    return ""
