"""Every panel page renders for the people who use it (a first pass over each template)."""

import pytest
from django.test import Client
from django.urls import reverse

from opennrm.panels.models import PanelMeeting
from tests import states

pytestmark = pytest.mark.django_db


def test_each_page_renders(client: Client, demo) -> None:
    child = states.child_in_recovery(demo)
    meeting = PanelMeeting.objects.get()
    panel = states.cardiff_panel()
    client.force_login(demo["panel.chair"])
    for url in (
        reverse("home:home"),
        reverse("panels:list"),
        reverse("panels:panel", args=[panel.pk]),
        reverse("panels:meeting-new", args=[panel.pk]),
        reverse("panels:meeting", args=[meeting.pk]),
        reverse("panels:attendance", args=[meeting.pk]),
        reverse("panels:minutes", args=[meeting.pk]),
        reverse("panels:minutes-pdf", args=[meeting.pk]),
        reverse("panels:decide", args=[meeting.pk, child.reference, "conclusive_grounds"]),
        reverse("panels:guardian", args=[child.reference]),
        reverse("panels:age-assessment", args=[child.person_id]) + f"?case={child.reference}",
        reverse("panels:missing-new", args=[child.person_id]),
        reverse("cases:case", args=[child.reference]),
        reverse("cases:queue"),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
    client.force_login(demo["admin"])
    assert client.get(reverse("panels:members", args=[panel.pk])).status_code == 200
    client.force_login(demo["cardiff.fr"])
    assert client.get(reverse("panels:children")).status_code == 200
    assert client.get(reverse("home:home")).status_code == 200
