"""Evidence uploads: checked by content, stored under server names, served with care."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from opennrm.referrals.evidence import sniff
from opennrm.referrals.models import EvidenceFile, ReferralDraft
from tests import documents

pytestmark = pytest.mark.django_db

PDF = documents.pdf()
PNG = documents.image("PNG")
docx = documents.docx


def plain_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("evil.exe", "MZ")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("content", "kind"),
    [(PDF, "pdf"), (PNG, "png"), (b"\xff\xd8\xff\xe0\x00\x10JFIF" + b"\0" * 32, "jpeg")],
)
def test_documents_are_recognised_by_content(content, kind) -> None:
    found = sniff(content[:8192], content)
    assert found is not None
    assert found.kind == kind


def test_docx_is_a_zip_with_a_word_document_and_other_zips_are_not() -> None:
    assert sniff(docx()[:8192], docx()).kind == "docx"
    assert sniff(plain_zip()[:8192], plain_zip()) is None
    assert sniff(b"MZ\x90\x00", b"MZ\x90\x00") is None


def upload(client: Client, draft: ReferralDraft, name: str, content: bytes):
    return client.post(
        reverse("referrals:evidence", args=[draft.pk]),
        {"document": SimpleUploadedFile(name, content)},
    )


@pytest.fixture
def draft(client, demo) -> ReferralDraft:
    client.force_login(demo["ngo.fr"])
    client.post(reverse("referrals:start"))
    return ReferralDraft.objects.get()


def test_a_file_renamed_to_pdf_is_refused(client, draft) -> None:
    response = upload(client, draft, "report.pdf", b"#!/bin/sh\necho hello\n")
    body = response.content.decode()
    assert response.status_code == 200
    assert "must be a PDF, Word document, PNG, JPEG or GIF" in body
    assert "govuk-error-summary" in body
    assert not EvidenceFile.objects.exists()


def test_a_real_pdf_is_stored_under_a_server_name_and_downloaded_safely(client, draft, demo):
    response = upload(client, draft, '../../etc/"evil".pdf', PDF)
    assert response.status_code == 302
    evidence = EvidenceFile.objects.get()
    assert evidence.stored_name.startswith("evidence/")
    assert "evil" not in evidence.stored_name
    assert evidence.original_name == '"evil".pdf'
    download = client.get(reverse("referrals:evidence-download", args=[evidence.pk]))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content) == PDF
    client.force_login(demo["police.fr"])
    assert client.get(reverse("referrals:evidence-download", args=[evidence.pk])).status_code == 404


def test_files_over_25_mb_are_refused(client, draft, settings) -> None:
    settings.OPENNRM_EVIDENCE_MAX_BYTES = 100
    response = upload(client, draft, "big.pdf", PDF + b"0" * 200)
    assert "smaller than 25 MB" in response.content.decode()


def test_deleting_a_draft_removes_its_files(
    client, draft, django_capture_on_commit_callbacks
) -> None:
    from django.core.files.storage import default_storage

    upload(client, draft, "photo.png", PNG)
    stored = EvidenceFile.objects.get().stored_name
    assert default_storage.exists(stored)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("referrals:delete-draft", args=[draft.pk]))
    assert not EvidenceFile.objects.exists()
    assert not default_storage.exists(stored)
