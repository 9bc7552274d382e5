"""`POST /api/v1/referrals` and `GET /api/v1/referrals/{reference}`: the same rules as the form."""

import json

import pytest
import time_machine
from django.core import mail
from django.test import Client

from opennrm.accounts.services import api_token_issue
from opennrm.audit.models import AuditEvent
from opennrm.cases.models import Case
from opennrm.people.models import Person
from opennrm.referrals.models import Referral
from tests.integration.referrals.bodies import adult_body, child_body, dtn_body

pytestmark = pytest.mark.django_db(transaction=False)


def post(client: Client, user, body, **headers):
    token = api_token_issue(actor=None, user=user)
    return client.post(
        "/api/v1/referrals",
        data=json.dumps(body),
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}", **headers},
    )


@time_machine.travel("2026-11-20 10:00 +00:00", tick=False)  # a Friday
def test_consenting_adult_goes_to_the_competent_authority_due_in_five_working_days(
    client, demo, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, demo["ngo.fr"], adult_body())
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["reference"] == "NRM-2026-000001"
    assert data["kind"] == "nrm"
    assert data["case"]["state"] == "awaiting_rg"
    assert data["case"]["decision_maker"] == {
        "type": "competent_authority",
        "name": "Single Competent Authority",
    }
    assert data["case"]["deadlines"]["rg_due"] == "2026-11-27"
    assert len(mail.outbox) == 1
    assert "NRM-2026-000001" in mail.outbox[0].body
    assert AuditEvent.objects.filter(action="referral.submitted").count() == 1
    assert AuditEvent.objects.filter(
        action="case.opened", case_reference="NRM-2026-000001"
    ).exists()


@time_machine.travel("2026-11-20 10:00 +00:00", tick=False)
def test_child_in_a_devolved_panel_area_goes_to_the_panel_within_45_days(client, demo) -> None:
    response = post(client, demo["cardiff.fr"], child_body())
    assert response.status_code == 201, response.content
    case = response.json()["case"]
    assert case["decision_maker"] == {
        "type": "panel",
        "name": "Cardiff child decision-making panel",
    }
    assert case["deadlines"]["rg_due"] == "2027-01-04"  # 45 calendar days


@time_machine.travel("2026-11-25 10:00 +00:00", tick=False)  # Wednesday before St Andrew's Day
def test_rg_due_date_uses_the_first_responders_nation_calendar(client, demo) -> None:
    england = post(client, demo["ngo.fr"], adult_body(nation="england")).json()
    scotland = post(client, demo["ngo.fr"], adult_body(nation="scotland")).json()
    assert england["case"]["deadlines"]["rg_due"] == "2026-12-02"
    # St Andrew's Day (observed Monday 30 November 2026) is a Scottish bank holiday.
    assert scotland["case"]["deadlines"]["rg_due"] == "2026-12-03"


def test_child_outside_a_panel_area_goes_to_the_competent_authority(client, demo) -> None:
    body = child_body(nation="england", local_authority="Leeds City Council")
    response = post(client, demo["police.fr"], body)
    assert response.status_code == 201, response.content
    assert response.json()["case"]["decision_maker"]["type"] == "competent_authority"


def test_duty_to_notify_stores_no_identity_and_opens_no_case(client, demo) -> None:
    response = post(client, demo["police.fr"], dtn_body())
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["reference"].startswith("DTN-")
    assert data["case"] is None
    referral = Referral.objects.get(reference=data["reference"])
    person = referral.person
    assert (person.given_name, person.family_name, person.date_of_birth) == ("", "", None)
    stored = json.dumps(referral.answers)
    for secret in ("Ana", "Hoxha", "1994-03-02", "07700 900123", "after 6pm"):
        assert secret not in stored
    assert not Case.objects.exists()


def test_duty_to_notify_keeps_identity_when_the_person_cooperates(client, demo) -> None:
    body = dtn_body()
    body["person"]["cooperates_with_authorities"] = True
    response = post(client, demo["police.fr"], body)
    person = Referral.objects.get(reference=response.json()["reference"]).person
    assert person.given_name == "Ana"


def test_same_idempotency_key_makes_exactly_one_referral(client, demo) -> None:
    first = post(client, demo["ngo.fr"], adult_body(), **{"Idempotency-Key": "abc-123"})
    second = post(client, demo["ngo.fr"], adult_body(), **{"Idempotency-Key": "abc-123"})
    assert first.status_code == second.status_code == 201
    assert first.json()["reference"] == second.json()["reference"]
    assert second["Idempotent-Replayed"] == "true"
    assert Referral.objects.count() == 1


@pytest.mark.parametrize(
    ("change", "loc", "message"),
    [
        ({"person": {"under_18": "no", "gender": "female"}}, ["person", "consent"], "consent"),
        ({"nation": "mars"}, ["nation"], "Input should be"),
        ({"account": "x" * 50_000}, ["account"], "at most 10000 characters"),
        ({"unexpected": 1}, ["unexpected"], "Extra inputs are not permitted"),
        ({"account": ""}, ["account"], "at least 1 character"),
    ],
)
def test_bad_bodies_get_422_with_field_paths(client, demo, change, loc, message) -> None:
    body = {**adult_body(), **change}
    response = post(client, demo["ngo.fr"], body)
    assert response.status_code == 422
    details = response.json()["detail"]
    assert any(d["loc"] == loc and message in d["msg"] for d in details), details
    assert not Referral.objects.exists()
    assert not Person.objects.exists()


def test_unknown_nationality_names_its_index(client, demo) -> None:
    body = adult_body()
    body["person"]["nationalities"] = ["Albanian", "Atlantean"]
    response = post(client, demo["ngo.fr"], body)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["person", "nationalities", 1]


def test_someone_who_may_not_refer_is_refused(client, demo) -> None:
    response = post(client, demo["caseworker"], adult_body())
    assert response.status_code == 403
    assert "first responders" in response.json()["detail"]


def test_non_designated_organisation_cannot_refer(client, demo) -> None:
    from tests.factories import OrganisationFactory, person_with_role

    shop = OrganisationFactory(name="A shop", is_designated_first_responder=False)
    response = post(client, person_with_role("first_responder", shop), adult_body())
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["organisation"]


def test_only_data_migration_may_backdate(client, demo) -> None:
    backdated = adult_body(received_at="2023-01-10T09:00:00+00:00")
    refused = post(client, demo["ngo.fr"], backdated)
    assert refused.status_code == 422
    assert refused.json()["detail"][0]["loc"] == ["received_at"]
    body = {**backdated, "organisation": "The Salvation Army"}
    allowed = post(client, demo["migration"], body)
    assert allowed.status_code == 201, allowed.content
    assert allowed.json()["reference"] == "NRM-2023-000001"
    assert allowed.json()["received_at"].startswith("2023-01-10")


def test_script_in_free_text_is_stored_as_text(client, demo) -> None:
    body = adult_body(account="<script>alert('x')</script>")
    response = post(client, demo["ngo.fr"], body)
    referral = Referral.objects.get(reference=response.json()["reference"])
    assert referral.answers["account"] == "<script>alert('x')</script>"


def test_referral_is_readable_only_by_its_own_organisation(client, demo) -> None:
    reference = post(client, demo["ngo.fr"], adult_body()).json()["reference"]
    own = api_token_issue(actor=None, user=demo["ngo.fr"])
    other = api_token_issue(actor=None, user=demo["police.fr"])
    ok = client.get(f"/api/v1/referrals/{reference}", headers={"Authorization": f"Bearer {own}"})
    assert ok.status_code == 200
    assert ok.json()["case"]["reference"] == reference
    hidden = client.get(
        f"/api/v1/referrals/{reference}", headers={"Authorization": f"Bearer {other}"}
    )
    assert hidden.status_code == 404
    missing = client.get(
        "/api/v1/referrals/NRM-1999-000001", headers={"Authorization": f"Bearer {own}"}
    )
    assert missing.status_code == 404


def test_an_idempotency_key_reused_for_a_different_referral_is_refused(client, demo) -> None:
    client.force_login(demo["ngo.fr"])

    def send(body):
        return client.post(
            "/api/v1/referrals", body, content_type="application/json", HTTP_IDEMPOTENCY_KEY="k-1"
        )

    first = send(adult_body())
    assert first.status_code == 201
    again = send(adult_body())
    assert again.status_code == 201
    assert again["Idempotent-Replayed"] == "true"
    other = send(adult_body(account="A different person's account."))
    assert other.status_code == 422
    assert other.json()["detail"][0]["loc"] == ["Idempotency-Key"]
    assert Referral.objects.count() == 1


def test_situation_dates_may_be_a_month_or_a_year_and_are_stored_as_given(client, demo) -> None:
    body = adult_body(
        situations=[
            {"started_on": "2025-03", "ended_on": "2025", "last_contact_on": "2025-11-02"},
            {"started_on": "2019-07-01"},
        ]
    )
    response = post(client, demo["ngo.fr"], body)
    assert response.status_code == 201, response.content
    stored = Referral.objects.get().answers["situations"]
    assert [(s["started_on"], s["ended_on"]) for s in stored] == [
        ("2025-03", "2025"),
        ("2019-07-01", None),
    ]


@pytest.mark.parametrize(
    ("situation", "loc", "message"),
    [
        ({"started_on": "2025-13"}, ["situations", 0, "started_on"], "Enter a real date"),
        ({"started_on": "March 2025"}, ["situations", 0, "started_on"], "YYYY-MM"),
        (
            {"started_on": "2025", "ended_on": "2024-12"},
            ["situations", 0, "ended_on"],
            "The date it ended must be after the date it started",
        ),
    ],
)
def test_bad_situation_dates_get_422_with_the_field_path(
    client, demo, situation, loc, message
) -> None:
    response = post(client, demo["ngo.fr"], adult_body(situations=[situation]))
    assert response.status_code == 422
    assert any(d["loc"] == loc and message in d["msg"] for d in response.json()["detail"])
    assert not Referral.objects.exists()


@pytest.mark.parametrize(
    ("person", "loc"),
    [
        ({"estimated_age": 16}, ["person", "estimated_age"]),
        ({"age_disputed": True}, ["person", "age_disputed"]),
        ({"date_of_birth": "2012-01-01"}, ["person", "date_of_birth"]),
    ],
)
def test_an_adult_who_may_be_a_child_is_refused_with_the_field_path(
    client, demo, person, loc
) -> None:
    body = adult_body()
    body["person"] = {**body["person"], "date_of_birth": None, **person}
    response = post(client, demo["ngo.fr"], body)
    assert response.status_code == 422
    details = response.json()["detail"]
    assert any(d["loc"] == loc and "under 18" in d["msg"] for d in details), details
    assert not Referral.objects.exists()


def test_a_child_said_to_be_born_in_1990_is_refused(client, demo) -> None:
    body = child_body()
    body["person"]["date_of_birth"] = "1990-05-01"
    response = post(client, demo["cardiff.fr"], body)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["person", "date_of_birth"]


def test_home_office_references_are_never_stored_in_the_answers(client, demo) -> None:
    body = adult_body(immigration={"home_office_references": ["HO-REF-5678", "PORT-1"]})
    response = post(client, demo["ngo.fr"], body)
    assert response.status_code == 201, response.content
    referral = Referral.objects.get()
    stored = json.dumps(referral.answers)
    assert "HO-REF-5678" not in stored and "immigration" not in stored
    events = json.dumps(list(AuditEvent.objects.values("payload")))
    assert "HO-REF-5678" not in events


def test_behaviours_give_their_published_types(client, demo) -> None:
    body = adult_body(
        exploitation={"behaviours": ["household_work", "wages_taken"], "location": "uk"}
    )
    response = post(client, demo["ngo.fr"], body)
    assert response.status_code == 201, response.content
    exploitation = Referral.objects.get().answers["exploitation"]
    assert exploitation["types"] == ["labour", "domestic_servitude"]
    assert exploitation["behaviours"] == ["household_work", "wages_taken"]


def test_a_childs_local_authority_must_have_childrens_services(client, demo) -> None:
    district = post(
        client, demo["cardiff.fr"], child_body(local_authority="Cheltenham Borough Council")
    )
    assert district.status_code == 422
    assert district.json()["detail"][0]["loc"] == ["local_authority"]
    trust = post(
        client,
        demo["cardiff.fr"],
        child_body(
            nation="northern_ireland", local_authority="Belfast Health and Social Care Trust"
        ),
    )
    assert trust.status_code == 201, trust.content


def test_police_force_and_region_come_from_their_lists(client, demo) -> None:
    bad = post(
        client,
        demo["ngo.fr"],
        adult_body(police_force="Gotham PD", current_location={"region": "Narnia"}),
    )
    assert bad.status_code == 422
    locs = [d["loc"] for d in bad.json()["detail"]]
    assert ["police_force"] in locs and ["current_location", "region"] in locs
    good = post(
        client,
        demo["ngo.fr"],
        adult_body(
            crime_reference="CR/1",
            police_force="Kent Police",
            current_location={"town": "Dover", "region": "Kent"},
        ),
    )
    assert good.status_code == 201, good.content


def test_a_duty_to_notify_report_may_not_ask_for_support(client, demo) -> None:
    response = post(client, demo["police.fr"], dtn_body(support_wanted=["accommodation"]))
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["support_wanted"]


def test_old_bodies_with_full_dates_and_no_new_fields_are_still_accepted(client, demo) -> None:
    body = adult_body(situations=[{"started_on": "2024-01-15", "ended_on": "2024-06-30"}])
    assert post(client, demo["ngo.fr"], body).status_code == 201


def test_the_openapi_schema_describes_approximate_dates_and_home_office_references(
    client,
) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    text = json.dumps(schema)
    assert "YYYY-MM-DD, YYYY-MM or YYYY" in text
    assert "ImmigrationIn" in text
