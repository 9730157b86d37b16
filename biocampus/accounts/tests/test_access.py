"""accounts/access.py: a raw bearer token finds its own user's token row, nobody else's."""

import pytest

from biocampus.accounts.access import get_api_token_for_user
from biocampus.accounts.services import api_token_create
from biocampus.common.errors import NotFound

pytestmark = pytest.mark.django_db


def test_a_token_is_found_for_its_owner_only(learner, staff_a):
    token, raw = api_token_create(user=learner, name="laptop")
    assert get_api_token_for_user(learner, raw) == token
    with pytest.raises(NotFound):
        get_api_token_for_user(staff_a, raw)
    with pytest.raises(NotFound):
        get_api_token_for_user(learner, raw + "x")
