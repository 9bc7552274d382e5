"""Hypothesis over the referral form: whatever is typed into any question page (or the
situation pages), in any field, the answer is a page or a redirect, never a 500."""

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from opennrm.referrals import journey
from tests.integration.referrals.journeys import start

pytestmark = pytest.mark.django_db

# Anything a person could type or a script could send: any Unicode (NUL, controls, right-
# to-left marks, emoji), markup, formula starts, very long strings.
TEXT = st.one_of(
    st.text(max_size=60),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=300),
    st.sampled_from(
        [
            "",
            " ",
            "\x00",
            '=HYPERLINK("http://x")',
            "<script>alert(1)</script>",
            "' OR 1=1 --",
            "99999999999999999999999",
            "-1",
            "31",
            "2026",
            "\u202e",
            "x" * 20_000,
        ]
    ),
)


def _fields(page: journey.Page) -> list[str]:
    names = []
    for name, field in page.form_class.base_fields.items():
        widget = field.widget
        subwidgets = getattr(widget, "widgets", None)
        if subwidgets:
            names += [f"{name}_{i}" for i in range(len(subwidgets))]
        else:
            names.append(name)
    return names


PAGES = [(page.slug, _fields(page)) for page in journey.PAGES]


@pytest.fixture
def responder(client: Client, demo):
    client.raise_request_exception = False
    draft = start(client, demo["ngo.fr"])
    return client, draft


def test_no_input_on_any_question_page_is_a_server_error(responder) -> None:
    client, draft = responder
    assert len(PAGES) > 20

    @given(data=st.data())
    @settings(
        max_examples=120,
        deadline=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    def check(data: st.DataObject) -> None:
        slug, names = data.draw(st.sampled_from(PAGES), label="page")
        chosen = data.draw(st.lists(st.sampled_from(names or ["x"]), unique=True), label="fields")
        body = {
            name: data.draw(st.lists(TEXT, min_size=1, max_size=2), label=name) for name in chosen
        }
        url = reverse("referrals:question", args=[draft.pk, slug])
        response = client.post(url, body)
        assert response.status_code < 500, (slug, body)
        # 404: a page that does not apply to this referral (yet).
        assert response.status_code in (200, 302, 400, 404), (slug, response.status_code)

    check()


def test_no_input_on_the_situation_pages_is_a_server_error(responder) -> None:
    client, draft = responder
    from opennrm.referrals import forms

    names = list(forms.SituationForm.base_fields) if hasattr(forms, "SituationForm") else []

    @given(body=st.dictionaries(st.sampled_from(names or ["still_in_situation"]), TEXT))
    @settings(
        max_examples=40,
        deadline=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    def check(body: dict[str, str]) -> None:
        response = client.post(reverse("referrals:situation-new", args=[draft.pk]), body)
        assert response.status_code < 500, body

    check()
