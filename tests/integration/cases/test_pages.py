"""The casework pages: queue, case page, decisions with their errors, letters, actions."""

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from opennrm.audit.models import AuditEvent
from tests.states import pass_quality_check

pytestmark = pytest.mark.django_db


def test_queue_lists_only_the_users_cases_with_flat_queries(
    client: Client, demo, make_case, django_assert_max_num_queries
) -> None:
    adult = make_case()
    child = make_case("child")
    client.force_login(demo["caseworker"])
    with django_assert_max_num_queries(20) as few:
        body = client.get(reverse("cases:queue")).content.decode()
    baseline = len(few.captured_queries)
    assert adult.reference in body
    assert child.reference not in body  # the Cardiff panel decides the child
    for _ in range(15):
        make_case()
    with django_assert_max_num_queries(baseline):
        client.get(reverse("cases:queue"))
    client.force_login(demo["panel.chair"])
    panel = client.get(reverse("cases:queue")).content.decode()
    assert child.reference in panel
    assert adult.reference not in panel


def test_queue_filters_and_overdue_flags(client: Client, demo, make_case) -> None:
    with time_machine.travel("2026-11-02 10:00 +00:00", tick=False):
        late = make_case()
    with time_machine.travel("2026-11-20 10:00 +00:00", tick=False):
        fresh = make_case()
        client.force_login(demo["caseworker"])
        overdue = client.get(reverse("cases:queue") + "?due=overdue").content.decode()
        assert late.reference in overdue
        assert fresh.reference not in overdue
        assert "working days overdue" in overdue
        home = client.get(reverse("home:home")).content.decode()
        assert 'data-overdue="reasonable_grounds">1<' in home


def test_assign_to_me(client: Client, demo, make_case) -> None:
    case = make_case()
    client.force_login(demo["caseworker"])
    client.post(reverse("cases:assign-to-me", args=[case.reference]), {"version": case.version})
    case.refresh_from_db()
    assert case.assigned_to == demo["caseworker"]
    mine = client.get(reverse("cases:queue") + "?assigned=me").content.decode()
    assert case.reference in mine


def test_case_page_is_audited_and_hides_other_peoples_cases(client: Client, demo, make_case):
    case = make_case()
    client.force_login(demo["caseworker"])
    page = client.get(reverse("cases:case", args=[case.reference]))
    assert page.status_code == 200
    assert "Make reasonable grounds decision" in page.content.decode()
    assert AuditEvent.objects.filter(
        action="cases.case.viewed", case_reference=case.reference
    ).exists()
    client.force_login(demo["panel.chair"])
    assert client.get(reverse("cases:case", args=[case.reference])).status_code == 404
    # A guardian of no child here cannot tell that the case exists.
    client.force_login(demo["guardian"])
    assert client.get(reverse("cases:case", args=[case.reference])).status_code == 404


def test_decision_without_rationale_shows_a_govuk_error(client: Client, demo, make_case):
    case = make_case()
    client.force_login(demo["caseworker"])
    url = reverse("cases:decide", args=[case.reference, "reasonable_grounds"])
    page = client.get(url).content.decode()
    assert "reasonable grounds to believe" in page  # the threshold in force today
    response = client.post(url, {"outcome": "positive", "rationale": "", "version": case.version})
    body = response.content.decode()
    assert "Enter the reasons for the decision" in body
    assert "govuk-error-summary" in body


def test_stale_decision_gets_a_clear_conflict_message(client: Client, demo, make_case):
    case = make_case()
    client.force_login(demo["caseworker"])
    url = reverse("cases:decide", args=[case.reference, "reasonable_grounds"])
    data = {"outcome": "positive", "rationale": "Indicators.", "version": case.version}
    assert client.post(url, data).status_code == 302
    again = client.post(url, data).content.decode()
    assert "This case has changed since you opened it" in again


def test_cg_before_its_date_is_refused_in_the_page(client: Client, demo, make_case):
    with time_machine.travel("2026-03-02 10:00 +00:00", tick=False):
        case = make_case()
        client.force_login(demo["caseworker"])
        client.post(
            reverse("cases:decide", args=[case.reference, "reasonable_grounds"]),
            {"outcome": "positive", "rationale": "Indicators.", "version": case.version},
        )
        case.refresh_from_db()
        response = client.post(
            reverse("cases:decide", args=[case.reference, "conclusive_grounds"]),
            {"outcome": "positive", "rationale": "Balance.", "version": case.version},
        )
        assert "cannot be made before 1 April 2026" in response.content.decode()


def test_child_letter_goes_to_the_local_authority_with_a_child_friendly_explanation(
    client: Client, demo, make_case
):
    # A child whose area has no panel: the competent authority decides.
    case = make_case("child", local_authority="Leeds City Council")
    client.force_login(demo["caseworker"])
    response = client.post(
        reverse("cases:decide", args=[case.reference, "reasonable_grounds"]),
        {
            "outcome": "negative",
            "rationale": "Not enough information yet.",
            "local_authority_consulted": "on",
            "child_wishes_and_feelings": "Wants to stay with foster carers.",
            "version": case.version,
        },
    )
    assert response.status_code == 302
    # Proposed: issued once a senior caseworker has checked it.
    case = pass_quality_check(case)
    letter = client.get(
        reverse("cases:letter", args=[case.reference, case.decisions.get().pk])
    ).content.decode()
    assert "Addressed to Leeds City Council" in letter
    assert "explained for you" in letter
    assert "Jay Smith" not in letter.split("Decision letter")[1].split("Reasons")[0]


def test_suspend_needs_a_reason(client: Client, demo, make_case):
    case = make_case()
    client.force_login(demo["caseworker"])
    url = reverse("cases:action", args=[case.reference, "suspend"])
    missing = client.post(url, {"reason": "", "version": case.version}).content.decode()
    assert "Enter the reason" in missing
    client.post(url, {"reason": "Missing from accommodation", "version": case.version})
    case.refresh_from_db()
    assert case.state == "suspended"
    assert client.get(reverse("cases:action", args=[case.reference, "nonsense"])).status_code == 404


def test_letters_download_as_pdf_with_the_child_explanation_on_its_own_page(
    client: Client, demo, make_case
):
    case = make_case(
        "child",
        person={
            "under_18": "yes",
            "given_name": "Nguyễn",
            "family_name": "Thị Linh",
            "gender": "female",
            "nationalities": ["Vietnamese"],
        },
        local_authority="Leeds City Council",
    )
    client.force_login(demo["caseworker"])
    response = client.post(
        reverse("cases:decide", args=[case.reference, "reasonable_grounds"]),
        {
            "outcome": "positive",
            "rationale": "Clear indicators <script>alert(1)</script>",
            "local_authority_consulted": "on",
            "child_wishes_and_feelings": "Wants to stay at school.",
            "version": case.version,
        },
    )
    decision_id = int(response["Location"].rstrip("/").split("/")[-2])
    pdf = client.get(reverse("cases:letter-pdf", args=[case.reference, decision_id]))
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"].startswith("attachment;")
    assert pdf.content.startswith(b"%PDF")
    assert b"/Count 2" in pdf.content  # letter + child-friendly explanation
    client.force_login(demo["panel.chair"])  # a panel, which does not decide this child
    other = client.get(reverse("cases:letter-pdf", args=[case.reference, decision_id]))
    assert other.status_code == 404


def test_queue_sorts_by_due_date_either_way_and_pages_by_keyset(
    client: Client, demo, make_case, monkeypatch
):
    from opennrm.cases import views

    monkeypatch.setattr(views, "QUEUE_PAGE_SIZE", 2)
    references = []
    for day in ("2026-10-01", "2026-10-08", "2026-10-15"):
        with time_machine.travel(f"{day} 10:00 +00:00", tick=False):
            references.append(make_case().reference)
    client.force_login(demo["caseworker"])
    first = client.get(reverse("cases:queue")).content.decode()
    assert first.index(references[0]) < first.index(references[1])
    assert references[2] not in first
    next_link = first.split('rel="next"')[0].rsplit('href="?', 1)[1].split('"')[0]
    second = client.get(
        reverse("cases:queue") + "?" + next_link.replace("&amp;", "&")
    ).content.decode()
    assert references[2] in second
    assert references[0] not in second
    latest = client.get(reverse("cases:queue") + "?order=latest").content.decode()
    assert latest.index(references[2]) < latest.index(references[1])
    assert 'aria-sort="descending"' in latest
    mangled = client.get(reverse("cases:queue") + "?after=garbage")
    assert mangled.status_code == 200


def test_queue_shows_open_cases_unless_asked_for_closed_ones(client: Client, demo, make_case):
    from opennrm.cases.domain import Action
    from opennrm.cases.services import case_transition

    open_case = make_case()
    closed = make_case()
    case_transition(
        user=demo["caseworker"],
        case=closed,
        action=Action.WITHDRAW,
        expected_version=closed.version,
        written_consent=True,
    )
    client.force_login(demo["caseworker"])
    default = client.get(reverse("cases:queue")).content.decode()
    assert open_case.reference in default
    assert closed.reference not in default
    everything = client.get(reverse("cases:queue") + "?state=all").content.decode()
    assert closed.reference in everything
    withdrawn = client.get(reverse("cases:queue") + "?state=withdrawn").content.decode()
    assert closed.reference in withdrawn
    assert open_case.reference not in withdrawn


def test_assign_to_a_colleague_but_not_to_an_outsider(client: Client, demo, make_case):
    case = make_case()
    client.force_login(demo["caseworker"])
    page = client.get(reverse("cases:case", args=[case.reference])).content.decode()
    assert demo["senior.caseworker"].get_full_name() in page
    client.post(
        reverse("cases:assign", args=[case.reference]),
        {"assignee": demo["senior.caseworker"].pk, "version": case.version},
    )
    case.refresh_from_db()
    assert case.assigned_to == demo["senior.caseworker"]
    response = client.post(
        reverse("cases:assign", args=[case.reference]),
        {"assignee": demo["panel.chair"].pk, "version": case.version},
        follow=True,
    )
    assert "Choose someone from the list" in response.content.decode()
    case.refresh_from_db()
    assert case.assigned_to == demo["senior.caseworker"]


def test_suspending_a_missing_child_tells_the_local_authority(
    client: Client, demo, make_case, mailoutbox, django_capture_on_commit_callbacks
):
    case = make_case("child")
    mailoutbox.clear()
    client.force_login(demo["panel.chair"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("cases:action", args=[case.reference, "suspend"]),
            {"reason": "Missing from foster placement", "version": case.version},
        )
    case.refresh_from_db()
    assert case.state == "suspended"
    assert len(mailoutbox) == 1
    assert "mash@cardiff.example" in mailoutbox[0].to
    assert "Child missing" in mailoutbox[0].subject
    assert "Jay" not in mailoutbox[0].body


def test_the_first_responder_is_emailed_about_every_decision(
    client: Client, demo, make_case, mailoutbox, django_capture_on_commit_callbacks
):
    case = make_case()
    mailoutbox.clear()
    client.force_login(demo["caseworker"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("cases:decide", args=[case.reference, "reasonable_grounds"]),
            {"outcome": "positive", "rationale": "Indicators.", "version": case.version},
        )
    assert [m.to for m in mailoutbox] == [[demo["ngo.fr"].email]]
    assert case.reference in mailoutbox[0].subject


def test_a_stale_action_gets_the_conflict_message(client: Client, demo, make_case):
    case = make_case()
    client.force_login(demo["caseworker"])
    url = reverse("cases:action", args=[case.reference, "suspend"])
    data = {"reason": "Missing", "version": case.version}
    assert client.post(url, data).status_code == 302
    again = client.post(reverse("cases:action", args=[case.reference, "reinstate"]), data)
    assert "This case has changed since you opened it" in again.content.decode()
