import pytest

from opennrm.accounts.models import Organisation, RoleMembership
from tests.integration.cases.conftest import make_case  # noqa: F401


@pytest.fixture
def second_reviewer(demo):
    """Another review panel member, sitting for the police (an independent agency)."""
    from tests.factories import UserFactory

    user = UserFactory(email="review.police@demo.opennrm.test", full_name="Joan Police")
    RoleMembership.objects.create(
        user=user,
        organisation=Organisation.objects.get(name="Metropolitan Police Service"),
        role="review_panel_member",
    )
    return user
