"""The class's Open Badges 3.0 credential of discovery: valid against the 1EdTech schema,
verified by an independent JOSE library, naming the class and never a pupil."""

import json

import pytest
from jsonschema import Draft201909Validator
from jwcrypto import jws

from biocampus.accounts.models import Role
from biocampus.common.errors import Conflict, Forbidden
from biocampus.conftest import member
from biocampus.credentials.services import credential_reissue
from biocampus.credentials.tests.conftest import (  # noqa: F401 - shared fixtures
    credential_schema,
    openbadges_dir,
)
from biocampus.credentials.tests.test_issue import _published_key
from biocampus.immersion.badges import class_badge_issue
from biocampus.immersion.tests.test_pages import past_visit


@pytest.fixture
def admin(campus):
    return member(campus, Role.ADMIN, email="admin@campus.test")


def test_the_class_badge_is_an_open_badge_for_the_class(
    client,
    teacher,
    school,
    discovery,
    admin,
    credential_schema,  # noqa: F811
):
    visit = past_visit(teacher, school, discovery)
    badge = class_badge_issue(actor=admin, visit_id=visit.pk)
    assert list(Draft201909Validator(credential_schema).iter_errors(badge.document)) == []
    subject = badge.document["credentialSubject"]
    assert subject["identifier"] == [
        {
            "type": "IdentityObject",
            "identityHash": "5C, Athénée royal",
            "identityType": "name",
            "hashed": False,
        }
    ]
    assert subject["achievement"]["name"] == "Discovery day"
    assert "Wet lab" in subject["achievement"]["criteria"]["narrative"]
    assert teacher.email not in json.dumps(badge.document)
    assert (badge.learner, badge.visit, badge.issuer) == (teacher, visit, discovery.campus)
    token = jws.JWS()
    token.deserialize(badge.jwt)
    token.verify(_published_key(client, badge), alg="EdDSA")
    assert json.loads(token.payload)["id"] == badge.document["id"]
    page = client.get(f"/credentials/{badge.pk}/")
    assert page.status_code == 200

    with pytest.raises(Conflict, match="already has its badge"):
        class_badge_issue(actor=admin, visit_id=visit.pk)
    fresh = credential_reissue(actor=admin, credential=badge)
    badge.refresh_from_db()
    assert (badge.visit, fresh.visit) == (None, visit)
    assert badge.revoked_at is not None


def test_only_the_campus_admins_issue_and_only_after_the_day(
    teacher, school, discovery, manager, admin
):
    coming = past_visit(teacher, school, discovery, days=-3)
    with pytest.raises(Forbidden):
        class_badge_issue(actor=teacher, visit_id=coming.pk)
    # The staff run the day; signing in the campus's name is for its administrators.
    with pytest.raises(Forbidden):
        class_badge_issue(actor=manager, visit_id=past_visit(teacher, school, discovery).pk)
    with pytest.raises(Conflict, match="once the class has come"):
        class_badge_issue(actor=admin, visit_id=coming.pk)
