"""A small year of referrals and decisions whose official tables are worked out by hand in
the tests (see ``test_official_tables``)."""

from datetime import datetime

from opennrm.accounts.models import Organisation
from opennrm.cases import services as case_services
from opennrm.referrals import services as referral_services
from opennrm.referrals.schema import ReferralSubmission
from tests import states
from tests.integration.referrals.bodies import adult_body, child_body, dtn_body

HEATHROW = "Home Office - Immigration Enforcement IE - DET Heathrow"


def _refer(demo, organisation: str, body: dict):
    return referral_services.referral_submit(
        user=demo["migration"],
        organisation=Organisation.objects.get(name=organisation),
        submission=ReferralSubmission.model_validate(body),
    ).referral


def _adult(
    received: str,
    *,
    gender: str,
    nationalities: list[str],
    types: list[str],
    location: str,
    **extra,
):
    body = adult_body(received_at=received, **extra)
    body["person"] = {**body["person"], "gender": gender, "nationalities": nationalities}
    body["exploitation"] = {"types": types, "location": location}
    return body


def _decide(demo, referral, stage: str, outcome: str, when: str, *, child: bool = False):
    extra = (
        {"local_authority_consulted": True, "child_wishes_and_feelings": "Wants to stay at school."}
        if child
        else {}
    )
    consulted = ("first_responder", "support_provider", "police")
    states.decide(
        demo["migration"],
        referral.case,
        case_services.DecisionInput(
            stage,
            outcome,
            "Historic decision.",
            consultations=(*consulted, "local_authority") if child else consulted,
            decided_at=datetime.fromisoformat(when),
            **extra,
        ),
    )


def hand_year(demo) -> None:
    """Six NRM referrals and two Duty to Notify reports received in 2023, one referral in
    2022, and their decisions."""
    a = _refer(
        demo,
        "The Salvation Army",
        _adult(
            "2023-01-10T10:00:00+00:00",
            gender="female",
            nationalities=["Albanian"],
            types=["labour"],
            location="uk",
        ),
    )
    _decide(demo, a, "reasonable_grounds", "positive", "2023-01-20T12:00:00+00:00")
    _decide(demo, a, "conclusive_grounds", "positive", "2023-06-01T12:00:00+00:00")
    b = _refer(
        demo,
        "Metropolitan Police Service",
        _adult(
            "2023-02-15T10:00:00+00:00",
            gender="male",
            nationalities=["Vietnamese"],
            types=["sexual", "criminal"],
            location="overseas",
        ),
    )
    _decide(demo, b, "reasonable_grounds", "negative", "2023-02-20T12:00:00+00:00")
    c = _refer(
        demo,
        "City of Cardiff Council",
        child_body(received_at="2023-04-03T09:00:00+00:00"),
    )
    _decide(demo, c, "reasonable_grounds", "positive", "2023-04-13T12:00:00+00:00", child=True)
    d = _refer(
        demo,
        HEATHROW,
        _adult(
            "2023-07-05T10:00:00+00:00",
            gender="female",
            nationalities=["Pakistani", "British"],
            types=["domestic_servitude"],
            location="uk_and_overseas",
        ),
    )
    _decide(demo, d, "reasonable_grounds", "positive", "2023-07-25T12:00:00+00:00")
    _refer(
        demo,
        "The Salvation Army",
        _adult(
            "2023-12-31T23:30:00+00:00",
            gender="male",
            nationalities=["Albanian"],
            types=["labour", "sexual", "domestic_servitude", "criminal"],
            location="unknown",
        ),
    )
    # 23:30 on 31 March (UTC) is 00:30 on 1 April in UK summer time: the second quarter.
    _refer(
        demo,
        "Metropolitan Police Service",
        _adult(
            "2023-03-31T23:30:00+00:00",
            gender="male",
            nationalities=["Polish"],
            types=["labour"],
            location="uk",
        ),
    )
    _refer(demo, "Metropolitan Police Service", dtn_body(received_at="2023-05-05T10:00:00+00:00"))
    eritrean = dtn_body(received_at="2023-11-11T10:00:00+00:00")
    eritrean["person"] = {**eritrean["person"], "nationalities": ["Eritrean"]}
    _refer(demo, "The Salvation Army", eritrean)
    _refer(
        demo,
        "The Salvation Army",
        _adult(
            "2022-12-31T12:00:00+00:00",
            gender="female",
            nationalities=["Albanian"],
            types=["labour"],
            location="uk",
        ),
    )
