import pytest

from opennrm.accounts.models import Organisation

SUPPORT_PROVIDER = "Victim Care Contract support provider"


@pytest.fixture
def provider(demo) -> Organisation:
    return Organisation.objects.get(name=SUPPORT_PROVIDER)
