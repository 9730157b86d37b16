"""Property-based test: random enrol/cancel sequences never break the seat ledger."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from biocampus.catalog.models import Session
from biocampus.common.errors import DomainError
from biocampus.conftest import UserFactory, make_programme, make_session, member
from biocampus.enrolment import services
from biocampus.enrolment.models import OUTCOME_STATUSES, Enrolment, EnrolmentStatus

step = st.one_of(
    st.tuples(st.just("enrol"), st.integers(0, 7), st.integers(1, 3)),
    st.tuples(st.just("cancel"), st.integers(0, 7), st.just(0)),
)


def check_invariants(session: Session) -> None:
    session.refresh_from_db()
    rows = list(Enrolment.objects.filter(session=session).order_by("id"))
    taken = sum(e.seats for e in rows if e.status in (EnrolmentStatus.CONFIRMED, *OUTCOME_STATUSES))
    assert taken == session.confirmed_seats <= session.capacity
    waiting = [e for e in rows if e.status == EnrolmentStatus.WAITLISTED]
    assert [e.waitlist_position for e in waiting] == list(range(1, len(waiting) + 1))
    free = session.capacity - taken
    # Nobody waits for seats that are free: every waiting booking is larger than the gap.
    assert all(e.seats > free for e in waiting)
    learners = [e.learner_id for e in rows if e.status != EnrolmentStatus.CANCELLED]
    assert len(learners) == len(set(learners))


@pytest.mark.django_db
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(capacity=st.integers(1, 6), steps=st.lists(step, min_size=1, max_size=25))
def test_seat_ledger_holds_over_random_enrol_and_cancel(capacity, steps, django_db_blocker):
    from biocampus.accounts.models import Organisation

    operator = Organisation.objects.create(
        name="Op", slug=f"op-{Organisation.objects.count()}", kind="training_operator"
    )
    staff = member(operator)
    session = make_session(staff, make_programme(staff, operator), capacity=capacity)
    people = UserFactory.create_batch(8, audience="teacher")
    for action, who, seats in steps:
        user = people[who]
        try:
            if action == "enrol":
                services.enrolment_create(actor=user, session_id=session.pk, seats=seats)
            else:
                active = Enrolment.objects.filter(
                    session=session, learner=user, status__in=["confirmed", "waitlisted"]
                ).first()
                if active:
                    services.enrolment_cancel(actor=user, enrolment=active)
        except DomainError:
            pass
        check_invariants(session)
