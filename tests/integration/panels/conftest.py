import pytest

from opennrm.access.roles import Role
from opennrm.accounts.models import Organisation
from tests.factories import person_with_role


@pytest.fixture
def other_guardian(demo):
    """A second guardian of the same service, assigned to nobody."""
    return person_with_role(
        Role.GUARDIAN,
        Organisation.objects.get(name="Independent Child Trafficking Guardian Service"),
        email="other.guardian@example.test",
    )
