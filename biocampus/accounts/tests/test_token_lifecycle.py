"""API tokens have a lifecycle: they expire, their holder lists and revokes them, and a
password change or a deactivation revokes them all."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from biocampus.accounts.models import ApiToken
from biocampus.accounts.services import api_token_create, api_token_user
from biocampus.common.errors import DomainError
from biocampus.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_a_token_expires_after_its_days(client, learner, settings):
    settings.API_TOKEN_DAYS = 30
    token, raw = api_token_create(user=learner, name="laptop")
    assert token.expires_at - timezone.now() > dt.timedelta(days=29)
    assert api_token_user(raw=raw) == learner
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert api_token_user(raw=raw) is None
    response = client.get("/api/v1/me/enrolments", headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 401
    with pytest.raises(DomainError):
        api_token_create(user=learner, days=400)


def test_the_token_endpoint_says_when_the_token_expires(client, learner):
    response = client.post(
        "/api/v1/auth/token",
        {"email": learner.email, "password": PASSWORD, "name": "script", "days": 7},
        content_type="application/json",
    )
    body = response.json()
    expires = dt.datetime.fromisoformat(body["expires_at"])
    assert dt.timedelta(days=6) < expires - timezone.now() <= dt.timedelta(days=7)


def test_a_password_change_revokes_every_token(learner, staff_a):
    _token, raw = api_token_create(user=learner)
    _other, other_raw = api_token_create(user=staff_a)
    learner.set_password("a brand new passphrase 7")
    learner.save()
    assert api_token_user(raw=raw) is None
    assert api_token_user(raw=other_raw) == staff_a
    learner.full_name = "Renamed"
    learner.save()  # an ordinary save revokes nothing
    assert api_token_create(user=learner)[0].active


def test_deactivating_an_account_revokes_its_tokens(learner):
    token, _raw = api_token_create(user=learner)
    learner.is_active = False
    learner.save(update_fields=["is_active"])
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_the_api_lists_and_revokes_ones_own_tokens(api_as, learner, staff_a):
    mine, _raw = api_token_create(user=learner, name="laptop")
    theirs, _raw2 = api_token_create(user=staff_a, name="theirs")
    api = api_as(learner)
    listed = api.get("/api/v1/auth/tokens").json()
    assert "laptop" in [t["name"] for t in listed]
    assert "theirs" not in [t["name"] for t in listed]
    assert api.delete(f"/api/v1/auth/tokens/{theirs.pk}").status_code == 404
    assert api.delete(f"/api/v1/auth/tokens/{mine.pk}").status_code == 204
    mine.refresh_from_db()
    assert not mine.active


def test_the_page_creates_shows_once_and_revokes(client, learner):
    client.force_login(learner)
    client.post(reverse("accounts:tokens"), {"name": "notebook", "days": 10})
    page = client.get(reverse("accounts:tokens")).content.decode()
    token = ApiToken.objects.get(user=learner, name="notebook")
    assert token.prefix in page
    assert "bc_" in page  # the new token, once
    again = client.get(reverse("accounts:tokens")).content.decode()
    assert "shown once" not in again
    client.post(reverse("accounts:token_revoke", args=[token.pk]))
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_disabling_password_sign_in_revokes_tokens_too(learner):
    _token, raw = api_token_create(user=learner)
    learner.set_unusable_password()
    learner.save()
    assert api_token_user(raw=raw) is None


def test_a_token_without_an_expiry_is_not_accepted(learner):
    token, raw = api_token_create(user=learner)
    ApiToken.objects.filter(pk=token.pk).update(expires_at=None)
    assert api_token_user(raw=raw) is None


def test_the_admin_cannot_revive_or_move_a_token(learner):
    from django.contrib import admin

    readonly = admin.site._registry[ApiToken].readonly_fields
    assert {"user", "revoked_at", "expires_at"} <= set(readonly)
