"""Uploads are parsed for real, images re-encoded, Word documents bounded when unpacked,
and every file encrypted at rest, private on disk, and served decrypted as a download."""

import io
import stat
import zipfile
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from PIL import Image
from pypdf import PdfWriter
from pypdf.generic import DictionaryObject, NameObject, TextStringObject

from opennrm.referrals.evidence import (
    EvidenceRejected,
    EvidenceUnreadable,
    evidence_open,
    evidence_upload,
)
from opennrm.referrals.evidence_storage import MAGIC, is_encrypted
from opennrm.referrals.models import EvidenceFile, ReferralDraft
from tests import documents

pytestmark = pytest.mark.django_db

SCRIPT = b"<script>alert(document.cookie)</script>"


@pytest.fixture
def draft(client: Client, demo) -> ReferralDraft:
    client.force_login(demo["ngo.fr"])
    client.post(reverse("referrals:start"))
    return ReferralDraft.objects.get()


def store(draft: ReferralDraft, name: str, content: bytes) -> EvidenceFile:
    return evidence_upload(
        user=draft.created_by,
        draft=draft,
        upload=SimpleUploadedFile(name, content),
    )


def refused(draft: ReferralDraft, name: str, content: bytes) -> str:
    with pytest.raises(EvidenceRejected) as problem:
        store(draft, name, content)
    assert not EvidenceFile.objects.exists()
    return str(problem.value)


def pdf_with(modify) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    modify(writer)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


# PDFs -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [
        b"%PDF-1.4\n<html><body>" + SCRIPT + b"</body></html>",
        b"%PDF-1.7\n%%EOF\n",
        b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",
        documents.pdf() + b"\n<html>" + SCRIPT + b"</html>",
        documents.pdf()[:-200] + b"%%EOF",
    ],
    ids=["header-then-html", "header-only", "no-pages", "html-after-the-end", "truncated"],
)
def test_things_that_only_look_like_pdfs_are_refused(draft, content: bytes) -> None:
    assert "must be a PDF, Word document, PNG, JPEG or GIF" in refused(draft, "a.pdf", content)


def test_a_pdf_that_runs_javascript_is_refused(draft) -> None:
    def open_action(writer: PdfWriter) -> None:
        writer._root_object[NameObject("/OpenAction")] = DictionaryObject(
            {
                NameObject("/S"): NameObject("/JavaScript"),
                NameObject("/JS"): TextStringObject("app.alert('hello');"),
            }
        )

    content = pdf_with(open_action)
    assert "must not contain scripts" in refused(draft, "a.pdf", content)


def test_a_pdf_with_an_attached_file_is_refused(draft) -> None:
    content = pdf_with(lambda writer: writer.add_attachment("run.exe", b"MZ"))
    assert "attached files" in refused(draft, "a.pdf", content)


def test_a_password_protected_pdf_is_refused(draft) -> None:
    content = pdf_with(lambda writer: writer.encrypt("secret", algorithm="AES-128"))
    assert "password protected" in refused(draft, "a.pdf", content)


def test_a_real_pdf_is_kept_as_it_is(draft) -> None:
    content = documents.pdf(pages=3)
    evidence = store(draft, "statement.pdf", content)
    assert evidence_open(evidence) == content
    assert evidence.content_type == "application/pdf"


# Images -----------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["PNG", "GIF", "JPEG"])
def test_a_script_after_the_image_data_is_dropped(draft, kind: str) -> None:
    evidence = store(draft, f"photo.{kind.lower()}", documents.image(kind) + SCRIPT)
    stored = evidence_open(evidence)
    assert b"<script" not in stored
    assert Image.open(io.BytesIO(stored)).format == kind


def test_a_gif_javascript_polyglot_is_neutralised(draft) -> None:
    # "GIF89a" followed by a comment that is also JavaScript: a classic image/script polyglot.
    base = documents.image("GIF", comment=b"*/=alert(1);/*" + SCRIPT)
    assert SCRIPT in base
    stored = evidence_open(store(draft, "a.gif", base))
    assert b"alert" not in stored
    assert b"<script" not in stored


def test_a_png_text_chunk_carrying_html_is_dropped(draft) -> None:
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Comment", SCRIPT.decode())
    stored = evidence_open(store(draft, "a.png", documents.image("PNG", pnginfo=info)))
    assert b"<script" not in stored


def test_a_photo_loses_its_exif_and_location(draft) -> None:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # camera make
    exif[0x8825] = {2: (51.0, 30.0, 0.0)}  # GPS latitude
    content = documents.image("JPEG", exif=exif.tobytes())
    assert b"PhoneMaker" in content
    stored = evidence_open(store(draft, "photo.jpg", content))
    assert b"PhoneMaker" not in stored
    assert not Image.open(io.BytesIO(stored)).getexif()


def test_an_image_with_a_broken_body_is_refused(draft) -> None:
    content = documents.image("PNG", size=(64, 64))
    assert "must be a PDF" in refused(draft, "a.png", content[:60] + b"\0" * 40)


def test_an_image_too_large_to_decode_safely_is_refused(draft, monkeypatch) -> None:
    monkeypatch.setattr("opennrm.referrals.evidence.MAX_IMAGE_PIXELS", 100)
    assert "must be a PDF" in refused(draft, "a.png", documents.image("PNG", size=(20, 20)))


# Word documents ---------------------------------------------------------------------


def zip_bomb(unpacked_bytes: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", documents.DOCX_CONTENT_TYPES)
        archive.writestr("_rels/.rels", documents.DOCX_RELS)
        archive.writestr("word/document.xml", documents.DOCX_DOCUMENT)
        with archive.open("word/media/padding.bin", "w") as stream:
            chunk = b"\0" * (1 << 20)
            for _ in range(unpacked_bytes >> 20):
                stream.write(chunk)
    return buffer.getvalue()


def test_a_300_kb_docx_that_unpacks_to_300_mb_is_refused(draft) -> None:
    bomb = zip_bomb(300 << 20)
    assert len(bomb) < 400 * 1024
    assert "too large when unpacked" in refused(draft, "bomb.docx", bomb)


def test_a_zip_that_understates_its_sizes_is_refused(draft, monkeypatch, settings) -> None:
    # Sizes in the zip's directory are not trusted: what comes out is counted, and the
    # reader stops at the declared size, so a member that is longer fails its check.
    settings.OPENNRM_EVIDENCE_MAX_UNPACKED_BYTES = 2 << 20
    bomb = zip_bomb(4 << 20)
    original = zipfile.ZipFile.infolist

    def lying(self):
        members = original(self)
        for member in members:
            member.file_size = 1
        return members

    monkeypatch.setattr(zipfile.ZipFile, "infolist", lying)
    refused(draft, "bomb.docx", bomb)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (documents.docx({"word/vbaProject.bin": b"macro"}), "must not contain macros"),
        (
            documents.docx(
                document='<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">'
                '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><d>&b;&b;&b;</d>'
            ),
            "must be a PDF",
        ),
        (documents.docx(document="<w:document>not closed"), "must be a PDF"),
    ],
    ids=["macros", "xml-entity-expansion", "malformed-xml"],
)
def test_word_documents_must_be_real_and_inert(draft, content: bytes, message: str) -> None:
    assert message in refused(draft, "a.docx", content)


def test_a_zip_with_a_word_file_name_but_no_package_is_refused(draft) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    assert "must be a PDF" in refused(draft, "a.docx", buffer.getvalue())


def test_a_real_docx_is_accepted(draft) -> None:
    evidence = store(draft, "statement.docx", documents.docx())
    assert evidence.content_type.endswith("wordprocessingml.document")


# At rest and on the way out -----------------------------------------------------------


def test_files_are_encrypted_at_rest_and_private_on_disk(draft) -> None:
    content = documents.pdf()
    evidence = store(draft, "statement.pdf", content)
    path = Path(default_storage.path(evidence.stored_name))
    on_disk = path.read_bytes()
    assert on_disk.startswith(MAGIC)
    assert b"%PDF" not in on_disk
    assert content[100:140] not in on_disk
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_the_wrong_key_or_a_swapped_file_cannot_be_read(draft, settings) -> None:
    first = store(draft, "a.pdf", documents.pdf())
    second = store(draft, "b.pdf", documents.pdf(pages=2))
    # Swap: put the first file's bytes where the second should be.
    Path(default_storage.path(second.stored_name)).write_bytes(
        Path(default_storage.path(first.stored_name)).read_bytes()
    )
    with pytest.raises(EvidenceUnreadable):
        evidence_open(second)
    settings.OPENNRM_EVIDENCE_KEY = "b3RoZXIta2V5LW90aGVyLWtleS1vdGhlci1rZXktMzI="
    with pytest.raises(EvidenceUnreadable):
        evidence_open(first)


def test_downloads_are_decrypted_attachments_of_the_server_chosen_type(client, draft) -> None:
    content = documents.image("PNG")
    client.post(
        reverse("referrals:evidence", args=[draft.pk]),
        {"document": SimpleUploadedFile("photo.html", content, content_type="text/html")},
    )
    evidence = EvidenceFile.objects.get()
    response = client.get(reverse("referrals:evidence-download", args=[evidence.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content) == evidence_open(evidence)


def test_files_from_before_encryption_are_read_and_can_be_encrypted_in_place(draft) -> None:
    evidence = store(draft, "statement.pdf", documents.pdf())
    plaintext = evidence_open(evidence)
    path = Path(default_storage.path(evidence.stored_name))
    path.write_bytes(plaintext)  # as an earlier release stored it
    assert evidence_open(evidence) == plaintext
    out = io.StringIO()
    call_command("encrypt_stored_evidence", stdout=out)
    assert "Encrypted 1 files; 0 were already encrypted" in out.getvalue()
    assert is_encrypted(path.read_bytes())
    assert evidence_open(evidence) == plaintext
    call_command("encrypt_stored_evidence", stdout=out)
    assert "Encrypted 0 files; 1 were already encrypted" in out.getvalue()


def test_a_plaintext_file_that_was_changed_is_refused(draft) -> None:
    evidence = store(draft, "statement.pdf", documents.pdf())
    Path(default_storage.path(evidence.stored_name)).write_bytes(b"%PDF-1.4 something else")
    with pytest.raises(EvidenceUnreadable, match="SHA-256"):
        evidence_open(evidence)
