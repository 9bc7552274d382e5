"""Independent review before a negative decision is issued: the panel's queue and due date,
each member's view, agree (issued) or disagree (back to the decision maker, who answers the
panel and decides again), and the members who may not review."""

import pytest
import time_machine

from opennrm.accounts.models import Organisation, RoleMembership
from opennrm.audit.models import AuditEvent
from opennrm.cases import services
from opennrm.core.exceptions import ApplicationError, Conflict, Forbidden
from opennrm.notifications.models import OutboundEmail
from opennrm.policy import add_working_days
from opennrm.reviews import selectors
from opennrm.reviews.models import IndependentReview, ReviewerView
from opennrm.reviews.services import panel_response_record, review_conclude, review_view_record
from tests import states
from tests.integration.reviews.flows import CONSULTED, child_negative_rg, negative_cg_2020

pytestmark = pytest.mark.django_db

JUNE_2020 = "2020-06-02 10:00 +00:00"


def conclude(user, case, outcome, reasons="The panel weighed the evidence."):
    case.refresh_from_db()
    review_conclude(
        user=user, case=case, outcome=outcome, reasons=reasons, expected_version=case.version
    )
    case.refresh_from_db()
    return case


def test_a_2020_negative_cg_goes_to_review_after_its_quality_check(demo, make_case):
    case = negative_cg_2020(demo, make_case)
    assert case.state == "cg_review"
    review = IndependentReview.objects.get(case=case)
    # Due ten working days after it was sent (the policy's default), in England's calendar.
    assert review.due_on == add_working_days(review.opened_at.date(), 10, "england")
    assert case.review_due == review.due_on
    assert case.decisions.get(stage="conclusive_grounds").sent_to_review
    assert not OutboundEmail.objects.filter(
        category="case.decision_made", body__contains="onclusive"
    ).exists()
    assert list(selectors.review_queue_for_user(user=demo["review.panel"])) == [review]


def test_the_panel_agrees_and_the_decision_is_issued(demo, make_case, second_reviewer):
    case = negative_cg_2020(demo, make_case)
    with time_machine.travel(JUNE_2020, tick=False):
        review_view_record(
            user=second_reviewer, case=case, view="agree", reasons="The consultations support it."
        )
        before = OutboundEmail.objects.filter(category="case.decision_made").count()
        case = conclude(demo["review.panel"], case, "agree")
    assert case.state == "negative_cg"
    # No reconsideration window was in force in 2020.
    assert case.reconsideration_due is None
    assert OutboundEmail.objects.filter(category="case.decision_made").count() == before + 1
    review = IndependentReview.objects.get(case=case)
    assert review.outcome == "agree" and not review.is_open
    assert {v.member for v in ReviewerView.objects.filter(review=review)} == {
        second_reviewer,
        demo["review.panel"],
    }
    actions = set(
        AuditEvent.objects.filter(case_reference=case.reference).values_list("action", flat=True)
    )
    assert {
        "case.quality_check_requested",
        "case.quality_check_pass",
        "case.independent_review_opened",
        "case.review_view_recorded",
        "case.review_uphold",
    } <= actions
    # Free text never reaches the audit trail.
    assert "consultations support" not in str(
        list(AuditEvent.objects.values_list("payload", flat=True))
    )


def test_a_second_review_of_the_same_decision_is_refused(demo, make_case, second_reviewer):
    case = negative_cg_2020(demo, make_case)
    version = case.version
    with time_machine.travel(JUNE_2020, tick=False):
        conclude(demo["review.panel"], case, "agree")
        with pytest.raises(Conflict, match="already concluded by Daniel Okafor"):
            review_conclude(
                user=second_reviewer,
                case=case,
                outcome="disagree",
                reasons="Late.",
                expected_version=version + 1,
            )


def test_a_member_of_the_deciding_organisation_is_refused(demo, make_case):
    case = negative_cg_2020(demo, make_case)
    insider = type(demo["caseworker"]).objects.get(pk=demo["caseworker"].pk)
    RoleMembership.objects.create(
        user=insider,
        organisation=Organisation.objects.get(name="Independent Review Panel"),
        role="review_panel_member",
    )
    with pytest.raises(Forbidden, match="organisation that made this decision"):
        review_view_record(user=insider, case=case, view="agree", reasons="Mine.")
    with pytest.raises(Forbidden, match="organisation that made this decision"):
        conclude(insider, case, "agree")
    case.refresh_from_db()
    assert case.state == "cg_review"


def test_someone_who_took_part_is_refused(demo, make_case, second_reviewer):
    case = negative_cg_2020(demo, make_case)
    # The reviewer had made the earlier decision? No: they checked this one.
    IndependentReview.objects.get(case=case)
    from opennrm.reviews.models import QualityCheck

    QualityCheck.objects.filter(case=case).update(checked_by=second_reviewer)
    with pytest.raises(Forbidden, match="took part in this decision"):
        review_view_record(user=second_reviewer, case=case, view="agree", reasons="Mine.")


def test_disagree_returns_the_case_and_the_decision_maker_must_answer(demo, make_case):
    case = negative_cg_2020(demo, make_case)
    told = OutboundEmail.objects.filter(
        category="case.decision_made", case_reference=case.reference
    )
    told_before = told.count()  # of the positive RG decision
    with time_machine.travel(JUNE_2020, tick=False):
        case = conclude(demo["review.panel"], case, "disagree", "The account was corroborated.")
        assert case.state == "awaiting_cg"
        # The negative decision the panel disagreed with is never issued: nobody is told.
        assert told.count() == told_before
        # Deciding again before answering the panel is refused.
        with pytest.raises(ApplicationError, match="record whether you accept its view"):
            states.decide(
                demo["caseworker"],
                case,
                services.DecisionInput("conclusive_grounds", "positive", "Corroborated."),
            )
        with pytest.raises(ApplicationError, match="why you accept or reject"):
            panel_response_record(user=demo["caseworker"], case=case, accepts=True, reasons="")
        panel_response_record(
            user=demo["caseworker"], case=case, accepts=True, reasons="The panel is right."
        )
        with pytest.raises(ApplicationError, match="new decision is positive"):
            states.decide(
                demo["caseworker"],
                case,
                services.DecisionInput(
                    "conclusive_grounds", "negative", "Still no.", consultations=CONSULTED
                ),
            )
        case = states.decide(
            demo["caseworker"],
            case,
            services.DecisionInput(
                "conclusive_grounds", "positive", "Corroborated, as the panel said."
            ),
        )
    assert case.state == "positive_cg"


def test_rejecting_the_panels_view_issues_the_negative_decision_without_another_review(
    demo, make_case
):
    case = negative_cg_2020(demo, make_case)
    with time_machine.travel(JUNE_2020, tick=False):
        case = conclude(demo["review.panel"], case, "disagree", "Corroborated.")
        panel_response_record(
            user=demo["caseworker"], case=case, accepts=False, reasons="The dates contradict."
        )
        with pytest.raises(ApplicationError, match="record a negative decision"):
            states.decide(
                demo["caseworker"],
                case,
                services.DecisionInput("conclusive_grounds", "positive", "Yes."),
            )
        case = states.decide(
            demo["caseworker"],
            case,
            services.DecisionInput(
                "conclusive_grounds", "negative", "The dates contradict.", consultations=CONSULTED
            ),
            checked=False,
        )
    assert case.state == "negative_cg"
    assert IndependentReview.objects.filter(case=case).count() == 1


def test_the_reformed_policy_reviews_a_childs_negative_rg_and_not_an_adults(
    demo, make_case, settings
):
    settings.OPENNRM_JURISDICTION = "uk_reformed"
    child = child_negative_rg(demo, make_case)
    assert child.state == "rg_review"
    adult = states.case_negative_rg_awaiting_check(demo)
    assert states.pass_quality_check(adult).state == "negative_rg"


def test_the_uk_policy_today_reviews_neither(demo, make_case):
    child = child_negative_rg(demo, make_case)
    assert child.state == "negative_rg"
    assert not IndependentReview.objects.exists()


def test_a_policy_file_switches_review_on_without_code_changes(
    demo, make_case, monkeypatch, tmp_path, settings
):
    from tests.integration.reviews.test_quality_checks import with_policy_file

    with_policy_file(
        monkeypatch,
        tmp_path,
        "ukadultreview",
        "[[rules.review_negative_rg]]\nfrom = 2009-04-01\n"
        'value = { child = false, adult = true }\nsource = "Test: adults reviewed"\n',
    )
    settings.OPENNRM_JURISDICTION = "ukadultreview"
    adult = states.pass_quality_check(states.case_negative_rg_awaiting_check(demo))
    assert adult.state == "rg_review"
    child = child_negative_rg(demo, make_case)
    assert child.state == "negative_rg"
