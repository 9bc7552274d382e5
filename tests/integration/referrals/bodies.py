"""Complete referral bodies, as another case system would send them to the API."""


def adult_body(**overrides) -> dict:
    body = {
        "kind": "nrm",
        "nation": "england",
        "person": {
            "under_18": "no",
            "under_18_at_exploitation": "no",
            "consent": True,
            "consent_statement_shown": "I understand what the NRM is and agree to be referred.",
            "given_name": "Ana",
            "family_name": "Hoxha",
            "date_of_birth": "1994-03-02",
            "gender": "female",
            "nationalities": ["Albanian"],
        },
        "exploitation": {"types": ["labour"], "location": "uk"},
        "account": "She was made to work in a car wash for no pay.",
    }
    body.update(overrides)
    return body


def child_body(**overrides) -> dict:
    body = {
        "kind": "nrm",
        "nation": "wales",
        "person": {
            "under_18": "yes",
            "given_name": "Jay",
            "family_name": "Smith",
            "date_of_birth": "2011-05-01",
            "gender": "male",
            "nationalities": ["British"],
        },
        "local_authority": "City of Cardiff Council",
        "child_contact": {
            "name": "Duty social worker",
            "email": "mash@cardiff.example",
            "childrens_services_informed": True,
            "police_informed": True,
        },
        "exploitation": {"types": ["criminal"], "county_lines": True, "location": "uk"},
        "account": "He was made to carry drugs between Cardiff and Bristol.",
    }
    body.update(overrides)
    return body


def dtn_body(**overrides) -> dict:
    body = adult_body(kind="dtn")
    body["person"] = {
        **body["person"],
        "consent": False,
        "consent_statement_shown": None,
        "dtn_refusal_reason": "Afraid that the exploiters will find out.",
        "contact_phone": "07700 900123",
    }
    body["contact_route"] = "Call her mobile after 6pm."
    body.update(overrides)
    return body
