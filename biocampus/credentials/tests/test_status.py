"""Status list indexes: each credential of a list holds its own, and a free one is found
in a bounded number of statements however full the list is."""

import datetime as dt

import pytest
from django.db import transaction

from biocampus.conftest import UserFactory
from biocampus.credentials import status
from biocampus.credentials.models import Credential
from biocampus.credentials.services import credential_issue
from biocampus.enrolment.models import Enrolment
from biocampus.outcomes.tests.test_attribution import completed

pytestmark = pytest.mark.django_db

# A list this small fills in a test; the rules are the same at 131,072.
SIZE = 32


@pytest.fixture
def small_lists(monkeypatch):
    monkeypatch.setattr(status, "STATUS_LIST_SIZE", SIZE)


def _issue(staff, operator, count: int) -> list[Credential]:
    first = completed(staff, operator, UserFactory(), "Aseptic processing", dt.date(2026, 6, 1))
    enrolments = [first] + [
        Enrolment.objects.create(
            session=first.session, learner=UserFactory(), seats=1, status="completed"
        )
        for _i in range(count - 1)
    ]
    return [credential_issue(enrolment=e) for e in enrolments]


def test_a_full_list_gave_every_index_once_and_the_next_credential_opens_another(
    small_lists, staff_a, operator_a
):
    issued = _issue(staff_a, operator_a, SIZE + 1)
    first_list = issued[0].status_list
    assert {c.status_index for c in issued[:SIZE]} == set(range(SIZE))
    assert {c.status_list_id for c in issued[:SIZE]} == {first_list.pk}
    assert issued[SIZE].status_list_id != first_list.pk
    first_list.refresh_from_db()
    assert first_list.next_index == SIZE


def test_the_last_free_index_of_a_list_is_found_in_a_bounded_number_of_statements(
    small_lists, monkeypatch, staff_a, operator_a, django_assert_max_num_queries
):
    issued = _issue(staff_a, operator_a, SIZE - 1)
    (free,) = set(range(SIZE)) - {c.status_index for c in issued}
    # Two draws miss the one free index of 32 nearly 15 times in 16, so the attempts take
    # both ways: a draw that finds it, and the taken indexes read after two misses.
    monkeypatch.setattr(status, "DRAWS", 2)
    for _attempt in range(20):
        with transaction.atomic():  # rolled back: the list is as full for every attempt
            # The list's lock, two draws at most, the taken indexes, the count: never one
            # statement per draw until the free index comes up.
            with django_assert_max_num_queries(5):
                status_list, index = status.allocate(operator_a)
            transaction.set_rollback(True)
        assert (status_list.pk, index) == (issued[0].status_list_id, free)
