"""Evidence uploads: checked by what the file *is*, not what it is called, and stored
outside the web root under a name the server chooses."""

import hashlib
import io
import uuid
import zipfile
from dataclasses import dataclass

import puremagic
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from opennrm.accounts.models import User
from opennrm.audit.services import audit_record
from opennrm.referrals.models import EvidenceFile, ReferralDraft

# What each accepted kind of document is stored and served as.
ACCEPTED = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpeg": "image/jpeg",
    "gif": "image/gif",
    "doc": "application/msword",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


class EvidenceRejected(Exception):
    """The upload is not an accepted document; the message says why, for the user."""


@dataclass(frozen=True)
class Sniffed:
    kind: str
    content_type: str


def sniff(head: bytes, whole: bytes) -> Sniffed | None:
    """Identify a document from its content."""
    if head.startswith(b"%PDF-"):
        return Sniffed("pdf", ACCEPTED["pdf"])
    if head.startswith(b"PK\x03\x04"):
        # A .docx is a zip holding a Word document; any other zip is refused.
        try:
            with zipfile.ZipFile(io.BytesIO(whole)) as archive:
                if "word/document.xml" in archive.namelist():
                    return Sniffed("docx", ACCEPTED["docx"])
        except zipfile.BadZipFile:
            return None
        return None
    try:
        matches = puremagic.magic_string(head)
    except (puremagic.PureError, ValueError):
        return None
    by_type = {content_type: kind for kind, content_type in ACCEPTED.items()}
    for match in matches:
        kind = by_type.get(match.mime_type)
        if kind in ("png", "jpeg", "gif", "doc"):
            return Sniffed(kind, ACCEPTED[kind])
    return None


def evidence_upload(
    *,
    user: User,
    draft: ReferralDraft,
    upload: UploadedFile[bytes],
    description: str = "",
    name: str | None = None,
) -> EvidenceFile:
    """Check and store one uploaded document against a draft, with what it is.

    ``name`` replaces the uploaded file's name (the kind's extension is added): a Duty to
    Notify report keeps no names that may identify the person."""
    limit = int(settings.OPENNRM_EVIDENCE_MAX_BYTES)
    if upload.size is None or upload.size > limit:
        raise EvidenceRejected(_("The selected file must be smaller than 25 MB"))
    if upload.size == 0:
        raise EvidenceRejected(_("The selected file is empty"))
    content = upload.read(limit + 1)
    if len(content) > limit:
        raise EvidenceRejected(_("The selected file must be smaller than 25 MB"))
    found = sniff(content[:8192], content)
    if found is None:
        raise EvidenceRejected(
            _("The selected file must be a PDF, Word document, PNG, JPEG or GIF")
        )
    stored_name = f"evidence/{uuid.uuid4().hex}.{found.kind}"
    if name is not None:
        original = f"{name}.{found.kind}"[:255]
    else:
        original = (upload.name or "document").replace("\\", "/").split("/")[-1][:255]
    with transaction.atomic():
        saved_as = default_storage.save(stored_name, ContentFile(content))
        # If the database write fails, the file must not linger without its record.
        try:
            evidence = EvidenceFile.objects.create(
                draft=draft,
                organisation=draft.organisation,
                original_name=original,
                description=description[:500],
                stored_name=saved_as,
                content_type=found.content_type,
                size=len(content),
                sha256=hashlib.sha256(content).hexdigest(),
                uploaded_by=user,
            )
            audit_record(
                actor=user,
                action="referral.evidence_uploaded",
                obj=evidence,
                # No file name: it may identify the person. The event names the file's id.
                payload={"size": len(content), "type": found.kind},
            )
        except Exception:
            default_storage.delete(saved_as)
            raise
    return evidence


def evidence_rename_for_duty_to_notify(*, user: User, draft: ReferralDraft) -> int:
    """Give a draft's files server-chosen names ("Document 1.pdf"…) once it has become a
    Duty to Notify report without cooperation (MSA 2015 s52(3)). Returns how many changed;
    running it again changes nothing."""
    changed = 0
    with transaction.atomic():
        for number, item in enumerate(draft.evidence.order_by("uploaded_at", "pk"), start=1):
            extension = item.stored_name.rsplit(".", 1)[-1]
            wanted = f"{_('Document')} {number}.{extension}"
            if item.original_name != wanted:
                item.original_name = wanted
                item.save(update_fields=["original_name"])
                audit_record(actor=user, action="referral.evidence_renamed", obj=item)
                changed += 1
    return changed


def evidence_remove(*, user: User, evidence: EvidenceFile) -> None:
    """Remove a document from a draft (submitted evidence is kept)."""
    if evidence.referral_id is not None:
        raise EvidenceRejected(_("Evidence on a submitted referral cannot be removed"))
    with transaction.atomic():
        audit_record(actor=user, action="referral.evidence_removed", obj=evidence)
        evidence.delete()
        transaction.on_commit(evidence.delete_file)
