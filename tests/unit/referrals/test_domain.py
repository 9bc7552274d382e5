"""The referral rules as pure functions: routes, consent, data minimisation, consistency."""

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from opennrm.referrals.domain import age_on, check_referral, is_child, kind_for, minimise
from opennrm.referrals.schema import ReferralKind, ReferralSubmission, YesNoNotSure

TODAY = date(2026, 11, 22)
LISTS = {
    "nationalities": ["UK", "Albanian", "Vietnamese"],
    "local_authorities": ["City of Cardiff Council"],
    "countries": ["Albania", "Vietnam"],
}


def body(**overrides) -> dict:
    base = {
        "kind": "nrm",
        "nation": "england",
        "person": {
            "under_18": "no",
            "under_18_at_exploitation": "no",
            "consent": True,
            "consent_statement_shown": "I understand what the NRM is.",
            "given_name": "Ana",
            "family_name": "Hoxha",
            "gender": "female",
            "nationalities": ["Albanian"],
        },
        "account": "She was made to work without pay.",
    }
    for key, value in overrides.items():
        if key == "person":
            base["person"] = {**base["person"], **value}
        else:
            base[key] = value
    return base


def problems_for(data: dict) -> dict[tuple, str]:
    submission = ReferralSubmission.model_validate(data)
    return {p.loc: p.message for p in check_referral(submission, today=TODAY, **LISTS)}


def test_not_sure_is_the_child_route() -> None:
    # MSA 2015 s51: presumed a child until assessed.
    assert is_child("not_sure")
    assert is_child("yes")
    assert not is_child("no")


@given(consent=st.none() | st.booleans(), under_18=st.sampled_from(["yes", "not_sure"]))
def test_children_always_enter_the_nrm_whatever_consent_says(consent, under_18) -> None:
    assert kind_for(under_18=under_18, consent=consent) is ReferralKind.NRM


def test_adult_consent_decides_between_nrm_and_duty_to_notify() -> None:
    assert kind_for(under_18="no", consent=True) is ReferralKind.NRM
    assert kind_for(under_18="no", consent=False) is ReferralKind.DTN
    assert kind_for(under_18="no", consent=None) is None


def test_a_complete_consenting_adult_referral_has_no_problems() -> None:
    assert problems_for(body()) == {}


def test_a_child_cannot_be_a_duty_to_notify_report() -> None:
    problems = problems_for(
        body(
            kind="dtn",
            person={"under_18": "yes", "consent": None},
            local_authority="City of Cardiff Council",
        )
    )
    assert problems[("kind",)].startswith("A child is always referred")


def test_a_child_needs_the_local_authority_contact() -> None:
    problems = problems_for(body(person={"under_18": "not_sure", "consent": None}))
    assert ("local_authority",) in problems
    assert ("child_contact",) in problems


def test_date_of_birth_must_agree_with_under_18() -> None:
    too_old = problems_for(
        body(person={"under_18": "yes", "consent": None, "date_of_birth": "1990-01-01"})
    )
    assert "you said they are under 18" in too_old[("person", "date_of_birth")]
    too_young = problems_for(body(person={"date_of_birth": "2015-01-01"}))
    assert "must be referred as a child" in too_young[("person", "date_of_birth")]
    future = problems_for(body(person={"date_of_birth": "2030-01-01"}))
    assert future[("person", "date_of_birth")] == "Date of birth must be in the past"


def test_unknown_nationality_is_named_with_its_position() -> None:
    problems = problems_for(body(person={"nationalities": ["Albanian", "Martian"]}))
    assert problems[("person", "nationalities", 1)] == "'Martian' is not a nationality on the list"


def test_duty_to_notify_needs_a_reason_for_refusing() -> None:
    problems = problems_for(body(kind="dtn", person={"consent": False}))
    assert ("person", "dtn_refusal_reason") in problems


def test_county_lines_needs_criminal_exploitation() -> None:
    problems = problems_for(body(exploitation={"types": ["labour"], "county_lines": True}))
    assert ("exploitation", "county_lines") in problems


identity = st.fixed_dictionaries(
    {
        "given_name": st.text(min_size=1, max_size=20).filter(str.strip),
        "family_name": st.text(min_size=1, max_size=20).filter(str.strip),
        "date_of_birth": st.dates(date(1950, 1, 1), date(2000, 1, 1)).map(str),
        # Whitespace alone is stripped to nothing, so it is not an identity to keep.
        "contact_phone": st.text(min_size=1, max_size=20).filter(str.strip),
        "contact_address": st.text(min_size=1, max_size=50).filter(str.strip),
    }
)


@given(identity=identity, cooperates=st.none() | st.booleans())
def test_duty_to_notify_keeps_identity_only_when_the_person_cooperates(
    identity, cooperates
) -> None:
    # MSA 2015 s52(3): no identifying details unless the person agrees.
    data = body(
        kind="dtn",
        person={
            **identity,
            "consent": False,
            "dtn_refusal_reason": "Afraid of the exploiters",
            "cooperates_with_authorities": cooperates,
        },
        contact_route="Through the police",
    )
    stored = minimise(ReferralSubmission.model_validate(data))
    kept = stored.person
    if cooperates:
        assert kept.given_name and kept.date_of_birth and kept.contact_phone
    else:
        assert kept.given_name is None and kept.family_name is None
        assert kept.date_of_birth is None and kept.contact_phone is None
        assert kept.contact_address is None and stored.contact_route is None
        assert kept.aliases == []
    assert stored.person.gender == "female"
    assert stored.account == data["account"]


@given(st.dates(date(1950, 1, 1), date(2026, 1, 1)), st.dates(date(1950, 1, 1), date(2030, 1, 1)))
def test_age_is_whole_years_and_rises_on_the_birthday(birth, on) -> None:
    if on < birth:
        return
    age = age_on(birth, on)
    assert age >= 0
    try:
        birthday = birth.replace(year=birth.year + age)
    except ValueError:  # 29 February
        birthday = date(birth.year + age, 3, 1)
    assert birthday <= on


def test_yes_no_not_sure_values_are_the_api_words() -> None:
    assert [v.value for v in YesNoNotSure] == ["yes", "no", "not_sure"]


FULL_LISTS = {**LISTS, "police_forces": ["Kent Police"], "regions": ["Kent", "Unknown"]}


def problems_with_lists(data: dict) -> dict[tuple, str]:
    submission = ReferralSubmission.model_validate(data)
    return {p.loc: p.message for p in check_referral(submission, today=TODAY, **FULL_LISTS)}


def test_situation_dates_may_be_a_month_or_a_year_and_are_checked_as_spans() -> None:
    fine = problems_with_lists(
        body(situations=[{"started_on": "2025-03", "ended_on": "2025", "last_contact_on": "2026"}])
    )
    assert fine == {}
    backwards = problems_with_lists(body(situations=[{"started_on": "2025", "ended_on": "2024"}]))
    assert backwards[("situations", 0, "ended_on")] == (
        "The date it ended must be after the date it started"
    )
    future = problems_with_lists(body(situations=[{}, {"started_on": "2027"}]))
    assert future[("situations", 1, "started_on")] == "The date must be in the past"


def test_police_force_and_region_must_be_on_their_lists() -> None:
    problems = problems_with_lists(
        body(
            crime_reference="CR/123",
            police_force="Mars Police",
            current_location={"town": "Dover", "region": "Atlantis"},
        )
    )
    assert problems[("police_force",)] == "Choose a police force from the list"
    assert ("current_location", "region") in problems
    assert (
        problems_with_lists(body(police_force="Kent Police", current_location={"region": "Kent"}))
        == {}
    )


def test_a_childs_decision_goes_to_the_local_authority_never_to_the_child() -> None:
    problems = problems_with_lists(
        body(
            person={"under_18": "yes", "consent": None},
            local_authority="City of Cardiff Council",
            child_contact={
                "name": "Duty",
                "phone": "1",
                "childrens_services_informed": True,
                "police_informed": True,
            },
            decision_recipient={"who": "person"},
        )
    )
    assert list(problems) == [("decision_recipient",)]
    assert "never to the child" in problems[("decision_recipient",)]


def test_someone_else_receives_the_decision_only_with_permission_and_an_address() -> None:
    problems = problems_with_lists(
        body(decision_recipient={"who": "someone_else", "name": "A friend"})
    )
    assert ("decision_recipient", "email") in problems
    assert ("decision_recipient", "permission") in problems
    assert (
        problems_with_lists(
            body(
                decision_recipient={
                    "who": "someone_else",
                    "email": "friend@example.test",
                    "permission": True,
                }
            )
        )
        == {}
    )


def test_a_duty_to_notify_report_asks_no_support_and_gets_no_decision() -> None:
    problems = problems_with_lists(
        body(
            kind="dtn",
            person={"consent": False, "dtn_refusal_reason": "Afraid"},
            support_wanted=["accommodation"],
            decision_recipient={"who": "person"},
        )
    )
    assert ("support_wanted",) in problems
    assert ("decision_recipient",) in problems


def test_a_local_authority_without_childrens_services_is_refused_by_name() -> None:
    problems = problems_with_lists(
        body(
            person={"under_18": "not_sure", "consent": None},
            local_authority="Aylesbury Vale District Council",
            child_contact={
                "name": "Duty",
                "phone": "1",
                "childrens_services_informed": True,
                "police_informed": True,
            },
        )
    )
    assert "Health and Social Care Trust" in problems[("local_authority",)]


def test_an_adult_with_an_estimated_age_of_16_is_refused_not_referred_as_an_adult() -> None:
    problems = problems_with_lists(body(person={"estimated_age": 16}))
    assert "anyone who may be under 18" in problems[("person", "estimated_age")]


def test_minimising_a_duty_to_notify_report_drops_every_new_identifying_answer() -> None:
    data = body(
        kind="dtn",
        person={
            "consent": False,
            "dtn_refusal_reason": "Afraid",
            "alternative_phone": {"number": "07700 900111", "holder": "Her sister"},
        },
        background={"place_of_birth": "Shkodër", "family": "Two brothers", "education": "None"},
        immigration={"home_office_references": ["HO-1"]},
    )
    stored = minimise(ReferralSubmission.model_validate(data))
    assert stored.person.alternative_phone is None
    assert stored.background.place_of_birth is None and stored.background.family is None
    assert stored.background.education == "None"
    assert stored.immigration is None


def test_home_office_references_are_never_part_of_the_answers_stored() -> None:
    submission = ReferralSubmission.model_validate(
        body(immigration={"home_office_references": ["HO-REF-1234"]})
    )
    assert submission.immigration is not None
    assert submission.immigration.home_office_references == ["HO-REF-1234"]
    dumped = submission.model_dump(mode="json")
    assert "immigration" not in dumped
    assert "HO-REF-1234" not in str(dumped)
