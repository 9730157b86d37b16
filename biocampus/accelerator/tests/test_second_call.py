"""A founder applying to a second call applies for the start-up they already have."""

import datetime as dt

import pytest
from django.utils import timezone

from biocampus.accelerator.models import Application
from biocampus.accelerator.services.applications import application_start, call_create
from biocampus.accounts.models import Organisation
from biocampus.conftest import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def second_call(acc_staff, accelerator):
    now = timezone.now()
    return call_create(
        actor=acc_staff,
        operator=accelerator,
        title="Scale-up 2027",
        opens_at=now - dt.timedelta(days=1),
        closes_at=now + dt.timedelta(days=20),
        cohort_size=3,
        published=True,
        criteria=[{"name": "Team", "weight": 1, "scale_max": 5}],
    )


def test_the_founder_picks_their_existing_start_up(client, founder, call, second_call):
    first = application_start(actor=founder, call=call, company_name="Cellula")
    client.force_login(founder)
    page = client.get(f"/accelerator/calls/{second_call.pk}/").content.decode()
    assert f'name="company" value="{first.company_id}"' in page
    assert "A new start-up" in page
    response = client.post(
        f"/accelerator/calls/{second_call.pk}/apply/", {"company": first.company_id}
    )
    assert response.status_code == 302
    second = Application.objects.get(call=second_call)
    assert second.company_id == first.company_id
    assert Organisation.objects.filter(name="Cellula").count() == 1


def test_typing_the_same_name_again_does_not_create_a_twin(founder, call, second_call):
    first = application_start(actor=founder, call=call, company_name="Cellula")
    second = application_start(actor=founder, call=second_call, company_name="  cellula ")
    assert second.company_id == first.company_id
    assert Organisation.objects.filter(name__iexact="cellula").count() == 1
    # Someone else's start-up of the same name stays theirs: the name alone gives no access.
    stranger = UserFactory()
    third = application_start(actor=stranger, call=second_call, company_name="Cellula")
    assert third.company_id != first.company_id


def test_a_founder_cannot_apply_for_a_company_that_is_not_theirs(client, founder, second_call):
    other = OrganisationFactory(kind="company", name="Vectoria")
    client.force_login(founder)
    response = client.post(f"/accelerator/calls/{second_call.pk}/apply/", {"company": other.pk})
    assert response.status_code == 404
    assert not Application.objects.filter(call=second_call).exists()


def test_only_a_company_administrator_applies_in_its_name(client, second_call):
    from biocampus.common.errors import Forbidden
    from biocampus.conftest import member

    employer = OrganisationFactory(kind="company", name="PharmaCorp", verification="verified")
    recruiter = member(employer, "recruiter")
    client.force_login(recruiter)
    page = client.get(f"/accelerator/calls/{second_call.pk}/").content.decode()
    assert "PharmaCorp" not in page
    response = client.post(f"/accelerator/calls/{second_call.pk}/apply/", {"company": employer.pk})
    assert response.status_code == 404
    # Typing its name makes a new start-up of the recruiter's own, not an application
    # in the employer's name.
    application = application_start(actor=recruiter, call=second_call, company_name="pharmacorp")
    assert application.company_id != employer.pk
    with pytest.raises(Forbidden):
        application_start(actor=recruiter, call=second_call, company=employer)
