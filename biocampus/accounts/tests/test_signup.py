"""Signing up keeps the name, audience and language the person gives."""

import pytest

from biocampus.accounts.models import User

pytestmark = pytest.mark.django_db


def test_sign_up_saves_the_profile_fields(client):
    response = client.post(
        "/accounts/signup/",
        {
            "email": "new.learner@example.test",
            "password1": "a long enough passphrase 42",
            "password2": "a long enough passphrase 42",
            "full_name": "  Nora Newcomer ",
            "audience": "job_seeker",
            "preferred_language": "fr",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    user = User.objects.get(email="new.learner@example.test")
    assert (user.full_name, user.audience, user.preferred_language) == (
        "Nora Newcomer",
        "job_seeker",
        "fr",
    )
