"""Anonymising a case removes what every app wrote about the person, not only the case's
own free text: the child panel's notes, consent answers and best interests, the reasons of
checks, reviews and their members, what a reconsideration request said, extension, leave
and public-order reasons, and the person's missing episodes and re-trafficking reasons."""

import json
from datetime import timedelta

import pytest
from django.apps import apps
from django.db import models
from django.utils import timezone

from opennrm.cases.anonymisers import registered_anonymisers
from opennrm.cases.models import Case, Decision
from opennrm.cases.services import case_anonymise
from opennrm.panels.models import CaseNote, ConsentRequest, PanelDecision, PanelMeeting
from opennrm.people.models import AgeAssessment, MissingEpisode, PossibleRetrafficking
from opennrm.people.services import person_anonymise
from opennrm.protection.models import (
    ExtensionRequest,
    JudicialReview,
    LeaveConsideration,
    PublicOrderDecision,
    ReconsiderationRequest,
)
from opennrm.reviews.models import IndependentReview, PanelResponse, QualityCheck, ReviewerView
from tests import states

pytestmark = pytest.mark.django_db

SECRET = "Secret-Account-7731"

# Free text the anonymisation keeps, with why: it says nothing about the person.
KEPT = {
    ("cases", "Decision", "threshold_wording"): "the legal standard in force, not the person",
    ("notifications", "OutboundEmail", "body"): "references only; a one-time link goes once sent",
}


def test_every_free_text_field_is_anonymised_or_kept_for_a_reason() -> None:
    anonymised = {
        ("people", "MissingEpisode", "circumstances"),
        ("people", "PossibleRetrafficking", "reason"),
        ("cases", "Decision", "rationale"),
        ("cases", "Decision", "evidence_considered"),
        ("cases", "Decision", "child_wishes_and_feelings"),
        ("cases", "CaseActionRecord", "reason"),
        ("cases", "InformationRequest", "question"),
        ("cases", "InformationRequest", "answer"),
        ("panels", "PanelDecision", "best_interests"),
        ("panels", "PanelDecision", "dissent"),
        ("panels", "CaseNote", "text"),
        ("panels", "ConsentRequest", "note"),
        ("reviews", "QualityCheck", "reasons"),
        ("reviews", "IndependentReview", "reasons"),
        ("reviews", "ReviewerView", "reasons"),
        ("reviews", "PanelResponse", "reasons"),
        ("protection", "ReconsiderationRequest", "details"),
        ("protection", "ReconsiderationRequest", "evidence"),
        ("protection", "ReconsiderationRequest", "exceptional_reason"),
        ("protection", "ReconsiderationRequest", "answer_reasons"),
        ("protection", "ExtensionRequest", "reason"),
        ("protection", "LeaveConsideration", "reasons"),
        ("protection", "LeaveConsideration", "child_best_interests"),
        ("protection", "PublicOrderDecision", "grounds"),
        ("protection", "PublicOrderDecision", "representations"),
        ("protection", "PublicOrderDecision", "reasons"),
    }
    found = {
        (model._meta.app_label, model.__name__, field.name)
        for model in apps.get_models()
        if model.__module__.startswith("opennrm.")
        for field in model._meta.get_fields()
        if isinstance(field, models.TextField)
    }
    # A new free-text field must be anonymised (and added to the test below) or kept here.
    assert found == anonymised | set(KEPT)
    assert len(registered_anonymisers()) == 3  # panels, reviews, protection


def _everything_written_about(case: Case, demo) -> None:
    """One record of every kind another app keeps about a case, each saying SECRET."""
    user, body = demo["caseworker"], case.decision_maker
    decision = Decision.objects.filter(case=case).first()
    assert decision is not None
    text = f"{SECRET} about Ana Hoxha"
    meeting = PanelMeeting.objects.create(
        panel=states.cardiff_panel(),
        held_on=timezone.localdate(),
        chair=demo["panel.chair"],
        created_by=demo["panel.chair"],
    )
    PanelDecision.objects.create(
        decision=decision,
        meeting=meeting,
        chair=demo["panel.chair"],
        best_interests=text,
        section_47_reference=SECRET,
        lead_social_worker_name="Carys Jones",
        lead_social_worker_email="panel.socialcare@demo.opennrm.test",
        dissent=text,
    )
    CaseNote.objects.create(case=case, text=text, author=user)
    assessment = AgeAssessment.objects.create(
        person=case.person,
        assessing_authority="Cardiff Council",
        assessed_on=timezone.localdate(),
        outcome="adult",
        date_of_birth_found=timezone.localdate() - timedelta(days=20 * 365),
        significant_doubt_documented=True,
        recorded_by=user,
    )
    ConsentRequest.objects.create(case=case, age_assessment=assessment, note=text)
    MissingEpisode.objects.create(
        person=case.person,
        went_missing_at=timezone.now(),
        police_reference=SECRET,
        circumstances=text,
        recorded_by=user,
    )
    # A later referral of the same person is flagged as possible re-trafficking.
    later = states.refer_adult(demo).person
    PossibleRetrafficking.objects.update_or_create(
        person=later, earlier=case.person, defaults={"reason": text}
    )
    QualityCheck.objects.create(decision=decision, case=case, stage=decision.stage, reasons=text)
    review = IndependentReview.objects.create(
        decision=decision,
        case=case,
        stage=decision.stage,
        due_on=timezone.localdate(),
        outcome="agree",
        reasons=text,
        concluded_at=timezone.now(),
    )
    ReviewerView.objects.create(
        review=review, member=demo["review.panel"], agency=body, view="agree", reasons=text
    )
    PanelResponse.objects.create(review=review, accepts=True, reasons=text, responded_by=user)
    ReconsiderationRequest.objects.create(
        case=case,
        decision=decision,
        details=text,
        evidence=text,
        representative_name=SECRET,
        exceptional_reason=text,
        answer_reasons=text,
        requested_by=demo["ngo.fr"],
        requested_by_organisation=demo["ngo.fr"].memberships.first().organisation,
    )
    JudicialReview.objects.create(
        case=case,
        decision=decision,
        claim_lodged_on=timezone.localdate(),
        solicitor_referral_offered=True,
        solicitor=SECRET,
        recorded_by=user,
    )
    ExtensionRequest.objects.create(case=case, days=14, reason=text, requested_by=user)
    LeaveConsideration.objects.create(
        case=case,
        kind="discretionary_leave",
        outcome="granted",
        considered_on=timezone.localdate(),
        reasons=text,
        child_best_interests=text,
        recorded_by=user,
    )
    PublicOrderDecision.objects.create(
        case=case,
        grounds=text,
        representations=text,
        outcome="not_disqualified",
        reasons=text,
        decided_by=user,
    )


def _rows_mentioning_secret() -> list[str]:
    found = []
    for model in apps.get_models():
        if not model.__module__.startswith("opennrm."):
            continue
        for row in model.objects.values():
            if SECRET in json.dumps(row, default=str):
                found.append(model.__name__)
    return sorted(set(found))


def test_anonymising_a_case_and_its_person_leaves_no_account_anywhere(demo) -> None:
    case = states.case_positive_cg(demo)
    _everything_written_about(case, demo)
    other = states.refer_adult(demo, account=f"{SECRET} in another case")
    assert "CaseNote" in _rows_mentioning_secret()

    case_anonymise(case=case)
    person_anonymise(person=case.person)

    # Only the other case's own referral still says it.
    assert _rows_mentioning_secret() == ["Referral"]
    assert SECRET in json.dumps(other.referral.answers)
    # What the measures and the statistics count stays.
    assert IndependentReview.objects.get(case=case).outcome == "agree"
    assert LeaveConsideration.objects.get(case=case).outcome == "granted"
    assert AgeAssessment.objects.get(person=case.person).outcome == "adult"
    assert AgeAssessment.objects.get(person=case.person).date_of_birth_found is None
    assert MissingEpisode.objects.get(person=case.person).went_missing_at is not None
