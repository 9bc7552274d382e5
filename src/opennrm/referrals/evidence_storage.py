"""Evidence files at rest: encrypted with AES-256-GCM under a key from the environment.

The key (``OPENNRM_EVIDENCE_KEY``) is never in the database, so a copy of the database,
or of the upload folder, or both, does not reveal any document without it. Each file is

    b"ONRMEV01" | 12-byte random nonce | ciphertext and 16-byte tag

and its server-chosen storage name is bound in as associated data, so one stored file
cannot be swapped for another. Files are written 0600 in 0700 folders (the storage's
permission options in the settings).

Files written before encryption was introduced have no header; ``open_plaintext`` still
reads them (checking their SHA-256 against the record) and ``manage.py
encrypt_stored_evidence`` encrypts them in place.
"""

import os
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from config.settings.keys import decode_evidence_key

MAGIC = b"ONRMEV01"
_NONCE_BYTES = 12


class EvidenceUnreadable(Exception):
    """A stored file is missing, or cannot be decrypted with the configured key."""


def _cipher() -> AESGCM:
    return AESGCM(decode_evidence_key(str(settings.OPENNRM_EVIDENCE_KEY)))


def encrypt(plaintext: bytes, *, name: str) -> bytes:
    nonce = os.urandom(_NONCE_BYTES)
    return MAGIC + nonce + _cipher().encrypt(nonce, plaintext, name.encode("utf-8"))


def decrypt(blob: bytes, *, name: str) -> bytes:
    nonce = blob[len(MAGIC) : len(MAGIC) + _NONCE_BYTES]
    try:
        return _cipher().decrypt(nonce, blob[len(MAGIC) + _NONCE_BYTES :], name.encode("utf-8"))
    except InvalidTag:
        raise EvidenceUnreadable(
            f"{name} cannot be decrypted: it was changed, or the key is not the one "
            "it was written with."
        ) from None


def is_encrypted(blob: bytes) -> bool:
    return blob.startswith(MAGIC)


def save_encrypted(name: str, plaintext: bytes) -> str:
    """Encrypt and store under ``name``; return the name the storage used."""
    # The storage may alter a clashing name, and the name is bound into the ciphertext,
    # so names are random and a clash is refused rather than renamed.
    if default_storage.exists(name):
        raise FileExistsError(name)
    saved: str = default_storage.save(name, ContentFile(encrypt(plaintext, name=name)))
    if saved != name:
        default_storage.delete(saved)
        raise FileExistsError(name)
    _keep_folders_private(saved)
    return saved


def _keep_folders_private(name: str) -> None:
    # The storage makes new folders 0700; folders made by an earlier release, or by hand,
    # are brought into line here.
    folder = Path(default_storage.path(name)).parent
    root = Path(default_storage.path(""))
    for path in {folder, root}:
        if path.stat().st_mode & 0o077:
            path.chmod(0o700)


def read_stored(name: str) -> bytes:
    try:
        with default_storage.open(name, "rb") as handle:
            data: bytes = handle.read()
    except FileNotFoundError:
        raise EvidenceUnreadable(f"{name} is missing from storage.") from None
    return data


def open_plaintext(name: str) -> bytes:
    """The document's content, decrypted (or as stored, for a file from before encryption)."""
    blob = read_stored(name)
    return decrypt(blob, name=name) if is_encrypted(blob) else blob


def encrypt_in_place(name: str) -> bool:
    """Encrypt a file stored before encryption existed; False if it already was.

    Written to a temporary file beside it and renamed over it, so a crash midway leaves
    either the old file or the new one, never neither.
    """
    blob = read_stored(name)
    if is_encrypted(blob):
        return False
    path = default_storage.path(name)
    temporary = f"{path}.encrypting"
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(descriptor, encrypt(blob, name=name))
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
    os.replace(temporary, path)
    return True
