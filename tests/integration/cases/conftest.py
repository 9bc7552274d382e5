import pytest

from opennrm.accounts.models import Organisation
from opennrm.referrals import services
from opennrm.referrals.schema import ReferralSubmission
from tests.integration.referrals.bodies import adult_body, child_body


@pytest.fixture
def make_case(demo):
    """Submit a referral and return its case: ``make_case("adult")`` or ``("child")``."""

    def make(kind: str = "adult", **overrides):
        if kind == "child":
            user, organisation, body = (
                demo["cardiff.fr"],
                "City of Cardiff Council",
                child_body(**overrides),
            )
        else:
            user, organisation, body = demo["ngo.fr"], "The Salvation Army", adult_body(**overrides)
        result = services.referral_submit(
            user=user,
            organisation=Organisation.objects.get(name=organisation),
            submission=ReferralSubmission.model_validate(body),
        )
        return result.referral.case

    return make
