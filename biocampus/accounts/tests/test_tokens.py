import datetime as dt

import pytest
from django.db import connection
from django.utils import timezone

from biocampus.accounts.models import ApiToken
from biocampus.accounts.services import api_token_create, api_token_revoke, api_token_user

pytestmark = pytest.mark.django_db


def test_a_token_finds_its_user_and_nothing_else_does(learner):
    _token, raw = api_token_create(user=learner)
    assert api_token_user(raw=raw) == learner
    assert api_token_user(raw=raw + "x") is None
    assert api_token_user(raw="not-a-token") is None
    assert api_token_user(raw="") is None


def test_revoked_tokens_and_inactive_users_are_refused(learner, teacher):
    token, raw = api_token_create(user=learner)
    api_token_revoke(actor=learner, token_id=token.pk)
    assert api_token_user(raw=raw) is None
    assert ApiToken.objects.get(pk=token.pk).last_used_at is None  # a refused use is not one

    _, raw = api_token_create(user=teacher)
    teacher.is_active = False
    teacher.save(update_fields=["is_active"])
    assert api_token_user(raw=raw) is None
    assert ApiToken.objects.get(user=teacher).last_used_at is None  # a refused use is not one


def test_last_use_is_written_at_most_every_five_minutes(learner):
    token, raw = api_token_create(user=learner)
    assert token.last_used_at is None

    api_token_user(raw=raw)
    first = ApiToken.objects.get(pk=token.pk).last_used_at
    assert first is not None
    assert timezone.now() - first < dt.timedelta(seconds=5)

    api_token_user(raw=raw)
    assert ApiToken.objects.get(pk=token.pk).last_used_at == first

    long_ago = timezone.now() - dt.timedelta(minutes=6)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=long_ago)
    api_token_user(raw=raw)
    assert ApiToken.objects.get(pk=token.pk).last_used_at > long_ago + dt.timedelta(minutes=5)

    recent = timezone.now() - dt.timedelta(minutes=4)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=recent)
    api_token_user(raw=raw)
    assert ApiToken.objects.get(pk=token.pk).last_used_at == recent


def test_a_stale_token_is_looked_up_and_touched_in_one_query_on_postgresql(
    learner, django_assert_num_queries
):
    _, raw = api_token_create(user=learner)
    # PostgreSQL does both in one statement; SQLite has no UPDATE inside WITH.
    with django_assert_num_queries(1 if connection.vendor == "postgresql" else 2):
        assert api_token_user(raw=raw) == learner
    assert ApiToken.objects.get(user=learner).last_used_at is not None
    with django_assert_num_queries(1):
        assert api_token_user(raw=raw) == learner
