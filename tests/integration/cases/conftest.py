import pytest

from opennrm.accounts.models import Organisation, User
from opennrm.demo.accounts import seed_demo_accounts
from opennrm.referrals import services
from opennrm.referrals.schema import ReferralSubmission
from tests.integration.referrals.bodies import adult_body, child_body


@pytest.fixture
def demo(db) -> dict[str, User]:
    seed_demo_accounts()
    return {u.email.split("@")[0]: u for u in User.objects.all()}


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
