"""The admin is not a back door: models that carry an invariant (a session's seats and
dates, enrolments, bookings, applications, employer verification) cannot be changed there,
so no admin action can oversell a session, overlap a booking or verify a company."""

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from biocampus.accelerator.models import Application
from biocampus.accounts.models import Organisation
from biocampus.catalog.models import Meeting, Session
from biocampus.enrolment.models import Enrolment
from biocampus.facilities.models import Booking

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("root@example.test", "root-pass-1234")


@pytest.mark.parametrize("model", [Session, Enrolment, Booking, Application])
def test_invariant_models_cannot_be_added_changed_or_deleted(model, superuser):
    request = RequestFactory().get("/admin/")
    request.user = superuser
    model_admin = admin.site._registry[model]
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)


def test_a_session_posted_through_the_admin_keeps_its_capacity(client, superuser, session_a):
    client.force_login(superuser)
    url = reverse("admin:catalog_session_change", args=[session_a.pk])
    response = client.post(url, {"capacity": 500, "location": "Elsewhere"})
    assert response.status_code == 403
    session_a.refresh_from_db()
    assert (session_a.capacity, session_a.location) == (3, "")
    inline = admin.site._registry[Session].inlines[0]
    assert inline.model is Meeting
    assert set(inline.readonly_fields) >= {"starts_at", "ends_at"}


def test_verification_is_read_only_in_the_admin(client, superuser):
    company = Organisation.objects.create(name="Co", slug="co", kind="company")
    client.force_login(superuser)
    url = reverse("admin:accounts_organisation_change", args=[company.pk])
    client.post(url, {"name": "Co", "slug": "co", "kind": "company", "verification": "verified"})
    company.refresh_from_db()
    assert company.verification == "unverified"
