"""Logins and tokens: limits on failed attempts that hold behind a proxy and across
addresses, never throttle correct passwords, and refuse unverified accounts."""

import os
import subprocess
import sys

import pytest
from django.conf import settings as django_settings

from biocampus.accounts.models import User
from biocampus.conftest import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
TOKEN = "/api/v1/auth/token"


def attempt(client, email, password, address="203.0.113.7", forwarded=None):
    headers = {"x-forwarded-for": forwarded} if forwarded else {}
    return client.post(
        TOKEN,
        {"email": email, "password": password},
        content_type="application/json",
        REMOTE_ADDR=address,
        headers=headers,
    )


def test_a_class_behind_one_address_logs_in_together(client):
    pupils = UserFactory.create_batch(30)
    codes = {attempt(client, p.email, PASSWORD).status_code for p in pupils}
    assert codes == {200}


def test_guessing_one_password_from_many_addresses_is_stopped_per_account(client, learner):
    codes = [
        attempt(client, learner.email, "guess", address=f"198.51.100.{i}").status_code
        for i in range(1, 7)
    ]
    assert codes == [401] * 5 + [429]
    refused = attempt(client, learner.email, PASSWORD, address="198.51.100.99")
    assert (refused.status_code, refused.json()["code"]) == (429, "throttled")
    # Other accounts are not locked by it.
    other = UserFactory()
    assert attempt(client, other.email, PASSWORD, address="198.51.100.1").status_code == 200


def test_many_failures_from_one_address_are_stopped_and_a_forged_header_gains_nothing(client):
    victims = UserFactory.create_batch(12)
    codes = [
        attempt(client, v.email, "guess", forwarded=f"192.0.2.{i}").status_code
        for i, v in enumerate(victims)
    ]
    # With no trusted proxy, X-Forwarded-For is ignored: all twelve come from one address.
    assert codes[:10] == [401] * 10
    assert set(codes[10:]) == {429}


def test_behind_one_trusted_proxy_the_forwarded_client_address_counts(client, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    victims = UserFactory.create_batch(12)
    codes = [
        attempt(client, v.email, "guess", address="10.0.0.1", forwarded=f"192.0.2.{i}").status_code
        for i, v in enumerate(victims)
    ]
    assert set(codes) == {401}  # twelve clients, one failure each


def test_one_setting_feeds_both_proxy_counts():
    assert django_settings.ALLAUTH_TRUSTED_PROXY_COUNT == django_settings.TRUSTED_PROXY_COUNT
    assert django_settings.NINJA_NUM_PROXIES == django_settings.TRUSTED_PROXY_COUNT


def test_an_unverified_address_gets_no_token_when_verification_is_mandatory(client, settings):
    settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"
    User.objects.create_user("fresh@example.test", PASSWORD)  # no verified EmailAddress
    refused = attempt(client, "fresh@example.test", PASSWORD)
    assert (refused.status_code, refused.json()["code"]) == (403, "email_unverified")
    wrong = attempt(client, "fresh@example.test", "nope")
    assert wrong.json()["code"] == "invalid_credentials"  # says nothing about verification


def _start(**env) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "CACHE_URL")}
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env={
            **clean,
            "DJANGO_SETTINGS_MODULE": "biocampus.settings",
            "SECRET_KEY": "x" * 50,
            **env,
        },
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_refuses_to_start_on_a_per_process_cache():
    refused = _start()
    assert refused.returncode != 0
    assert "Set CACHE_URL" in refused.stderr
    assert _start(CACHE_URL="redis://127.0.0.1:6379/15").returncode == 0
    assert _start(DEBUG="1").returncode == 0


def test_the_admin_signs_in_through_the_limited_login_page(client):
    response = client.get("/admin/login/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_a_dummy_cache_is_refused_in_production_too():
    refused = _start(CACHE_URL="dummycache://")
    assert refused.returncode != 0
    assert "Set CACHE_URL" in refused.stderr
