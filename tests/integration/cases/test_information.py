"""Asking the first responder for more information, and their answer."""

import pytest
from django.test import Client
from django.urls import reverse

from opennrm.audit.models import AuditEvent
from opennrm.cases.models import InformationRequest

pytestmark = pytest.mark.django_db


def test_question_and_answer_round_trip(client: Client, demo, make_case) -> None:
    case = make_case()
    client.force_login(demo["caseworker"])
    url = reverse("cases:request-information", args=[case.reference])
    empty = client.post(url, {"question": " "}).content.decode()
    assert "Enter your question" in empty
    client.post(url, {"question": "When did she leave the car wash?"})
    item = InformationRequest.objects.get()

    client.force_login(demo["ngo.fr"])
    listing = client.get(reverse("referrals:list")).content.decode()
    assert "Information requested" in listing
    detail = client.get(reverse("referrals:detail", args=[case.reference])).content.decode()
    main = detail.split('<main class="govuk-main-wrapper" id="main-content">')[1]
    assert "When did she leave the car wash?" in main
    assert "When did she leave" not in detail.split("</title>")[0]
    answer_url = reverse("referrals:answer-information", args=[case.reference, item.pk])
    blank = client.post(answer_url, {"answer": ""}).content.decode()
    assert "Enter your answer" in blank
    client.post(answer_url, {"answer": "In March."})
    item.refresh_from_db()
    assert item.answer == "In March."
    assert "Information requested" not in client.get(reverse("referrals:list")).content.decode()

    client.force_login(demo["caseworker"])
    page = client.get(reverse("cases:case", args=[case.reference])).content.decode()
    assert "In March." in page
    actions = set(
        AuditEvent.objects.filter(case_reference=case.reference).values_list("action", flat=True)
    )
    assert {"case.information_requested", "case.information_provided"} <= actions


def test_other_organisations_cannot_answer(client: Client, demo, make_case) -> None:
    case = make_case()
    client.force_login(demo["caseworker"])
    client.post(reverse("cases:request-information", args=[case.reference]), {"question": "Q?"})
    item = InformationRequest.objects.get()
    client.force_login(demo["police.fr"])
    response = client.post(
        reverse("referrals:answer-information", args=[case.reference, item.pk]), {"answer": "x"}
    )
    assert response.status_code == 404
