"""``referral_sections``: the whole referral in words, pure on the answers (no database:
these tests would fail on any query, as they are not allowed one)."""

from dataclasses import dataclass

from opennrm.referrals.presenters import format_date, referral_sections
from opennrm.referrals.schema import ReferralSubmission


@dataclass
class File:
    pk: str
    original_name: str
    description: str


def everything() -> dict:
    """A referral answering every question, as stored on a referral."""
    body = {
        "kind": "nrm",
        "nation": "england",
        "organisation": "The Salvation Army",
        "person": {
            "under_18": "no",
            "under_18_at_exploitation": "yes",
            "consent": True,
            "consent_statement_shown": "I agree.",
            "cooperates_with_authorities": True,
            "cooperation_details": "Gave a statement.",
            "given_name": "Ana",
            "family_name": "Hoxha",
            "aliases": ["Annie"],
            "date_of_birth": "1994-06-14",
            "age_disputed": False,
            "gender": "female",
            "nationalities": ["Albanian", "Greek"],
            "has_children": True,
            "number_of_children": 2,
            "languages": ["Albanian"],
            "interpreter_needed": True,
            "communication_needs": "Hearing aid.",
            "contact_phone": "07700 900123",
            "alternative_phone": {"number": "07700 900999", "holder": "Her sister"},
            "contact_email": "ana@example.test",
            "contact_address": "1 High Street",
            "safe_to_contact": True,
        },
        "background": {
            "place_of_birth": "Shkodër",
            "family": "Two brothers.",
            "education": "Left school at 15.",
            "employment_history": "Farm work.",
        },
        "exploitation": {
            "behaviours": ["forced_to_work", "forced_prostitution"],
            "county_lines": False,
            "location": "uk_and_overseas",
        },
        "account": "She was made to work.",
        "situations": [
            {
                "started_on": "2025-03",
                "ended_on": "2026",
                "uk_places": ["Leeds"],
                "overseas_countries": ["Albania"],
                "places_details": "A farm near the coast.",
                "how_it_started": "A job offer.",
                "moved": True,
                "journey": "By lorry.",
                "what_they_were_made_to_do": "Pick fruit.",
                "how_they_were_treated": "Badly.",
                "living_conditions": "A caravan.",
                "why_they_stayed": "A debt.",
                "how_they_left": "Ran away.",
                "still_in_situation": "no",
                "last_contact_on": "2026-02-03",
            },
            {"started_on": "2024", "still_in_situation": "not_sure"},
        ],
        "exploiters": "A gang.",
        "exploiters_whereabouts": {"known": True, "in_uk": "yes", "details": "Leeds."},
        "last_contact": {"band": "within_last_3_months", "details": "A text message."},
        "reporting": {"first_chance": "no", "why_now": "She feels safe."},
        "current_location": {"town": "Bradford", "region": "West Yorkshire"},
        "assessment": {
            "indicators": ["no_pay", "threats"],
            "indicators_details": "Threats to family.",
            "reason_for_referral": "Clear indicators.",
            "interview": "At our office.",
            "professional_insight": "Consistent.",
            "credibility_concerns": True,
            "credibility_reasons": "Dates differ.",
        },
        "professionals": {"involved": ["lawyer", "health"], "details": "GP: Dr Khan."},
        "risk": {
            "other_victims": "yes",
            "other_victims_details": "Two others.",
            "future_exploitation_concerns": "Owes money.",
        },
        "crime_reference": "CR/1",
        "police_force": "West Yorkshire Police",
        "support_wanted": ["accommodation", "counselling"],
        "contact_route": "Through us.",
        "decision_recipient": {
            "who": "someone_else",
            "name": "Sara",
            "relationship": "Friend",
            "email": "sara@example.test",
            "permission": True,
        },
        "first_responder": {
            "name": "Grace Mensah",
            "job_title": "Caseworker",
            "email": "grace@example.test",
            "phone": "020 7946 0000",
            "reference": "SA-42",
            "alternative_contact": "team@example.test",
        },
        "evidence_to_follow": "A GP letter.",
    }
    # It is a valid submission, stored as the service stores it.
    return ReferralSubmission.model_validate(body).model_dump(mode="json") | {
        "organisation": "The Salvation Army"
    }


def rows(sections) -> dict[str, str]:
    return {f"{s.title}: {r.label}": r.value for s in sections for r in s.rows}


def test_every_answer_is_shown_in_words_in_order() -> None:
    sections = referral_sections(
        everything(), [File("f1", "gp-letter.pdf", "A letter from her GP")]
    )
    shown = rows(sections)
    assert [s.slug for s in sections] == [
        "referral",
        "age-and-consent",
        "person",
        "background",
        "exploitation",
        "account",
        "situation-1",
        "situation-2",
        "exploiters",
        "reporting",
        "assessment",
        "professionals",
        "risk",
        "support",
        "contact",
        "decision-recipient",
        "evidence",
        "first-responder",
    ]
    expected = {
        "The referral: Type": "NRM referral",
        "The referral: Organisation": "The Salvation Army",
        "About the person: Date of birth": "14 June 1994",
        "About the person: Children": "Yes, 2",
        "About the person: Place of birth": "Shkodër",
        "About the person: Nationality": "Albanian\nGreek",
        "Exploitation: Types of exploitation": "Labour exploitation, Sexual exploitation",
        "Exploitation: What they were made to do or suffered": (
            "Forced to work for nothing or almost nothing\nForced into prostitution"
        ),
        "Exploitation: Where it happened": "Both in the UK and overseas",
        "Situation 1: When it started": "March 2025",
        "Situation 1: When it ended": "2026",
        "Situation 1: Last in contact with the exploiters": "3 February 2026",
        "Situation 1: How they were moved": "By lorry.",
        "Situation 1: What kept them there": "A debt.",
        "Situation 2: When it started": "2024",
        "The exploiters: Last in contact with the person": "Within the last 3 months",
        "The exploiters: Where they are is known": "Known; in the UK: Yes",
        "Reporting and where they are now: First chance to report it": "No",
        "Reporting and where they are now: County or region where they are staying": (
            "West Yorkshire"
        ),
        "Your assessment: Indicators of modern slavery": (
            "Not paid, or paid very little\nThreats against them or their family"
        ),
        "Your assessment: Concerns about credibility": "Yes",
        "Other professionals involved: Professionals involved": (
            "A lawyer or legal representative\nA GP or other health professional"
        ),
        "Risk and the police: Police force": "West Yorkshire Police",
        "Support: Support they want": "Safe accommodation\nCounselling",
        "Contacting the person: Another number that reaches them": "07700 900999 (Her sister)",
        "Who receives the decision: Who receives the decision": (
            "Someone else, with the person's permission"
        ),
        "Who receives the decision: The person agreed": "Yes",
        "Evidence: gp-letter.pdf": "A letter from her GP",
        "Evidence: Evidence to follow": "A GP letter.",
        "First responder: Their reference": "SA-42",
        "First responder: Colleague to contact in their absence": "team@example.test",
    }
    for key, value in expected.items():
        assert shown[key] == value, key
    evidence = next(s for s in sections if s.slug == "evidence")
    assert evidence.rows[0].evidence_id == "f1"


def test_no_code_is_shown_where_words_exist() -> None:
    values = " ".join(rows(referral_sections(everything())).values())
    for code in ("forced_to_work", "uk_and_overseas", "within_last_3_months", "no_pay", "labour"):
        assert code not in values


def test_home_office_references_are_never_shown_even_if_present() -> None:
    answers = everything() | {"immigration": {"home_office_references": ["HO-REF-9876"]}}
    sections = referral_sections(answers)
    assert "HO-REF-9876" not in str(rows(sections))
    assert "Home Office" not in " ".join(rows(sections))


def test_a_childs_referral_shows_childrens_services_and_no_consent_or_decision_recipient() -> None:
    answers = everything()
    answers["person"] |= {"under_18": "not_sure", "consent": None}
    answers |= {
        "local_authority": "City of Cardiff Council",
        "child_contact": {
            "name": "Duty worker",
            "phone": "029 2087 2087",
            "childrens_services_informed": True,
            "police_informed": False,
        },
    }
    sections = referral_sections(answers)
    slugs = [s.slug for s in sections]
    assert "childrens-services" in slugs
    assert "decision-recipient" not in slugs
    shown = rows(sections)
    assert "Age and consent: Consents to be referred" not in shown
    assert shown["Local authority children's services: Police told about this child"] == "No"


def test_a_duty_to_notify_report_without_cooperation_shows_no_identity_or_support() -> None:
    answers = everything()
    answers["kind"] = "dtn"
    answers["person"] |= {"consent": False, "cooperates_with_authorities": False}
    shown = rows(referral_sections(answers))
    assert not any(key.startswith(("Support:", "Contacting the person:")) for key in shown)
    assert "About the person: Name" not in shown
    assert "About the person: Place of birth" not in shown


def test_the_only_situation_is_called_the_situation() -> None:
    answers = everything()
    answers["situations"] = answers["situations"][:1]
    assert "The situation" in [s.title for s in referral_sections(answers)]


def test_dates_are_shown_as_people_write_them() -> None:
    assert format_date("2011-06-14") == "14 June 2011"
    assert format_date("2025-03") == "March 2025"
    assert format_date("2024") == "2024"
    assert format_date(None) == ""
    assert format_date("not a date") == "not a date"


def test_it_copes_with_partial_answers_from_a_draft() -> None:
    sections = referral_sections({"kind": "nrm", "person": {"under_18": "no"}})
    assert sections[0].rows[0].value == "NRM referral"
    background = next(s for s in sections if s.slug == "background")
    assert background.rows and not background.answered_rows
