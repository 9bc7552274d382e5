"""The demo gives the review panel member, the senior caseworker and the measures real work."""

import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from opennrm.accounts.models import User
from opennrm.reviews.measures import measures_table

pytestmark = pytest.mark.django_db


def test_the_demo_has_reviews_checks_and_measures() -> None:
    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())
    client = Client()
    client.force_login(User.objects.get(email="review.panel@demo.opennrm.test"))
    home = client.get(reverse("home:home")).content.decode()
    assert 'data-count="reviews">2<' in home
    assert client.get(reverse("reviews:queue")).content.decode().count('data-review="') == 2
    client.force_login(User.objects.get(email="senior.caseworker@demo.opennrm.test"))
    home = client.get(reverse("home:home")).content.decode()
    assert 'data-count="quality-checks">2<' in home
    rows = measures_table().rows
    assert sum(r.values["decisions_reviewed"] or 0 for r in rows) == 2
    assert sum(r.values["quality_checks_sent_back"] or 0 for r in rows) == 1
    assert "50%" in client.get(reverse("reviews:measures")).content.decode()
    out = io.StringIO()
    call_command("verify_audit_chain", stdout=out)
    assert "intact" in out.getvalue()
