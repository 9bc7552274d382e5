"""Evidence uploads: checked by what the file *is*, not what it is called, and stored
encrypted outside the web root under a name the server chooses.

Each accepted kind is parsed for real, not only sniffed (ASVS 5.0 V5.2):

- **PDF**: parsed with pypdf; a header followed by something else (HTML, a script) does not
  parse and is refused, and so is a PDF that runs JavaScript, launches programs, embeds
  files, is password-protected, or carries data after its end.
- **PNG, JPEG, GIF**: decoded and re-encoded with Pillow, so whatever rode along (a script
  after the image data, a comment, EXIF with the place a photo was taken) is dropped and
  image/script polyglots are neutralised.
- **Word (.docx)**: must be a real Office Open XML word-processing package, without
  macros, and no larger than ``OPENNRM_EVIDENCE_MAX_UNPACKED_BYTES`` when unpacked (a zip
  bomb is refused while it is being counted, before it is ever fully expanded).
- **Word 97-2003 (.doc)**: recognised by its signature; it is not parsed further, and like
  every document it is only ever served as a download.
"""

import hashlib
import io
import uuid
import zipfile
from dataclasses import dataclass
from typing import cast

import puremagic
from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from opennrm.accounts.models import User
from opennrm.audit.services import audit_record
from opennrm.referrals.evidence_storage import (
    EvidenceUnreadable,
    open_plaintext,
    save_encrypted,
)
from opennrm.referrals.models import EvidenceFile, ReferralDraft

__all__ = [
    "ACCEPTED",
    "EvidenceRejected",
    "EvidenceUnreadable",
    "evidence_open",
    "evidence_remove",
    "evidence_upload",
    "sniff",
]

# What each accepted kind of document is stored and served as.
ACCEPTED = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpeg": "image/jpeg",
    "gif": "image/gif",
    "doc": "application/msword",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
_DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_PILLOW_FORMAT = {"png": "PNG", "jpeg": "JPEG", "gif": "GIF"}
# A photo of a document at 8,000 x 6,000 is 48 million pixels; beyond this, a bomb.
MAX_IMAGE_PIXELS = 60_000_000
MAX_ZIP_ENTRIES = 2_000
MAX_PDF_PAGES = 2_000


class EvidenceRejected(Exception):
    """The upload is not an accepted document; the message says why, for the user."""


@dataclass(frozen=True)
class Sniffed:
    kind: str
    content_type: str


def _kind_refused() -> EvidenceRejected:
    return EvidenceRejected(_("The selected file must be a PDF, Word document, PNG, JPEG or GIF"))


def sniff(head: bytes, whole: bytes) -> Sniffed | None:
    """Identify a document from its content (its signature; the parsing comes after)."""
    if head.startswith(b"%PDF-"):
        return Sniffed("pdf", ACCEPTED["pdf"])
    if head.startswith(b"PK\x03\x04"):
        # A .docx is a zip holding a Word document; any other zip is refused.
        try:
            with zipfile.ZipFile(io.BytesIO(whole)) as archive:
                if "word/document.xml" in archive.namelist():
                    return Sniffed("docx", ACCEPTED["docx"])
        except (zipfile.BadZipFile, ValueError):
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


def _check_pdf(content: bytes) -> bytes:
    end = content.rfind(b"%%EOF")
    if end < 0 or content[end + 5 :].strip():
        raise _kind_refused()
    try:
        reader = PdfReader(io.BytesIO(content), strict=True)
        if reader.is_encrypted:
            raise EvidenceRejected(_("The selected file must not be password protected"))
        pages = reader.pages
        if not 1 <= len(pages) <= MAX_PDF_PAGES:
            raise _kind_refused()
        root = cast(DictionaryObject, reader.trailer["/Root"].get_object())
        found_names = root.get("/Names")
        names = (
            cast(DictionaryObject, found_names.get_object())
            if found_names is not None
            else DictionaryObject()
        )
        active = (
            "/OpenAction" in root
            or "/AA" in root
            or "/JavaScript" in names
            or "/EmbeddedFiles" in names
        )
        for page in pages:
            if "/AA" in page:
                active = True
            for annotation in page.get("/Annots", None) or []:
                action = annotation.get_object().get("/A")
                if action is not None and action.get_object().get("/S") in (
                    "/JavaScript",
                    "/Launch",
                ):
                    active = True
    except EvidenceRejected:
        raise
    except Exception:  # a parser fed hostile bytes can fail in any way; all mean "refuse"
        raise _kind_refused() from None
    if active:
        raise EvidenceRejected(
            _("The selected PDF must not contain scripts, actions or attached files")
        )
    return content


def _reencode_image(content: bytes, kind: str) -> bytes:
    expected = _PILLOW_FORMAT[kind]
    try:
        with Image.open(io.BytesIO(content)) as probe:
            if probe.format != expected or probe.width * probe.height > MAX_IMAGE_PIXELS:
                raise _kind_refused()
            probe.verify()
        with Image.open(io.BytesIO(content)) as image:
            output = io.BytesIO()
            if kind == "jpeg":
                upright = ImageOps.exif_transpose(image)
                if upright.mode not in ("RGB", "L"):
                    upright = upright.convert("RGB")
                upright.save(output, "JPEG", quality=92)
            elif kind == "png":
                image.load()
                image.save(output, "PNG")
            else:
                frames = getattr(image, "n_frames", 1)
                options = {k: image.info[k] for k in ("duration", "loop") if k in image.info}
                image.info.pop("comment", None)
                image.save(output, "GIF", save_all=frames > 1, **options)
    except EvidenceRejected:
        raise
    except (OSError, SyntaxError, ValueError, UnidentifiedImageError, Image.DecompressionBombError):
        raise _kind_refused() from None
    return output.getvalue()


def _check_docx(content: bytes) -> bytes:
    limit = int(settings.OPENNRM_EVIDENCE_MAX_UNPACKED_BYTES)
    too_big = EvidenceRejected(_("The selected Word document is too large when unpacked"))
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = archive.infolist()
            if len(members) > MAX_ZIP_ENTRIES:
                raise too_big
            if sum(member.file_size for member in members) > limit:
                raise too_big
            names = {member.filename for member in members}
            if not {"[Content_Types].xml", "_rels/.rels", "word/document.xml"} <= names:
                raise _kind_refused()
            if any(name.lower().endswith("vbaproject.bin") for name in names):
                raise EvidenceRejected(_("The selected Word document must not contain macros"))
            # The sizes in the zip's directory can lie: count what really comes out.
            unpacked = 0
            parts: dict[str, bytes] = {}
            for member in members:
                if member.flag_bits & 0x1:
                    raise EvidenceRejected(_("The selected file must not be password protected"))
                with archive.open(member) as stream:
                    chunks = []
                    while chunk := stream.read(1 << 20):
                        unpacked += len(chunk)
                        if unpacked > limit:
                            raise too_big
                        if member.filename in ("[Content_Types].xml", "word/document.xml"):
                            chunks.append(chunk)
                    if chunks:
                        parts[member.filename] = b"".join(chunks)
        types = ElementTree.fromstring(parts["[Content_Types].xml"])
        main_types = {
            override.get("ContentType")
            for override in types
            if override.get("PartName") == "/word/document.xml"
        }
        if main_types != {_DOCX_MAIN}:
            raise _kind_refused()
        ElementTree.fromstring(parts["word/document.xml"])
    except EvidenceRejected:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ElementTree.ParseError, DefusedXmlException):
        raise _kind_refused() from None
    except (OSError, ValueError, NotImplementedError, EOFError):
        raise _kind_refused() from None
    return content


def sanitise(found: Sniffed, content: bytes) -> bytes:
    """The bytes to store for an identified upload, or EvidenceRejected saying why not."""
    if found.kind == "pdf":
        return _check_pdf(content)
    if found.kind in _PILLOW_FORMAT:
        return _reencode_image(content, found.kind)
    if found.kind == "docx":
        return _check_docx(content)
    return content


def evidence_upload(
    *,
    user: User,
    draft: ReferralDraft,
    upload: UploadedFile[bytes],
    description: str = "",
    name: str | None = None,
) -> EvidenceFile:
    """Check, clean, encrypt and store one uploaded document against a draft, with what it
    is.

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
        raise _kind_refused()
    stored = sanitise(found, content)
    stored_name = f"evidence/{uuid.uuid4().hex}.{found.kind}"
    if name is not None:
        original = f"{name}.{found.kind}"[:255]
    else:
        original = (upload.name or "document").replace("\\", "/").split("/")[-1][:255]
    with transaction.atomic():
        saved_as = save_encrypted(stored_name, stored)
        # If the database write fails, the file must not linger without its record.
        try:
            evidence = EvidenceFile.objects.create(
                draft=draft,
                organisation=draft.organisation,
                original_name=original,
                description=description[:500],
                stored_name=saved_as,
                content_type=found.content_type,
                size=len(stored),
                sha256=hashlib.sha256(stored).hexdigest(),
                uploaded_by=user,
            )
            audit_record(
                actor=user,
                action="referral.evidence_uploaded",
                obj=evidence,
                # No file name: it may identify the person. The event names the file's id.
                payload={"size": len(stored), "type": found.kind},
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


def evidence_open(evidence: EvidenceFile) -> bytes:
    """The document's content, decrypted and checked against the SHA-256 recorded at upload.

    For the download view, which must serve it as an attachment with
    ``evidence.content_type`` (chosen by the server at upload, never by the uploader).
    Raises EvidenceUnreadable if the file is missing, changed or the key is wrong.
    """
    content = open_plaintext(evidence.stored_name)
    if hashlib.sha256(content).hexdigest() != evidence.sha256:
        raise EvidenceUnreadable(f"{evidence.stored_name} does not match its recorded SHA-256.")
    return content


def evidence_remove(*, user: User, evidence: EvidenceFile) -> None:
    """Remove a document from a draft (submitted evidence is kept)."""
    if evidence.referral_id is not None:
        raise EvidenceRejected(_("Evidence on a submitted referral cannot be removed"))
    with transaction.atomic():
        audit_record(actor=user, action="referral.evidence_removed", obj=evidence)
        evidence.delete()
        transaction.on_commit(evidence.delete_file)
