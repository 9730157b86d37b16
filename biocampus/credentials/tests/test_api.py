"""The credentials API: a learner's list, reading one, verifying (JWT or JSON), revoking."""

import json

import pytest

pytestmark = pytest.mark.django_db


def test_a_learner_lists_their_credentials(api_as, issued, learner):
    (item,) = api_as(learner).get("/api/v1/me/credentials").json()
    assert item["id"] == str(issued.id)
    assert item["programme"] == "QC analytics"
    assert item["state"] == "valid"
    assert item["jwt"] == issued.jwt


def test_anyone_reads_a_credential_as_json_ld_or_jwt(client, issued):
    url = f"/api/v1/credentials/{issued.id}"
    assert client.get(url).json() == issued.document
    assert client.get(url, HTTP_ACCEPT="application/vc+jwt").content.decode() == issued.jwt
    assert client.get("/api/v1/credentials/not-a-uuid").status_code == 404


def test_verification_explains_each_check(client, issued):
    body = client.post(
        "/api/v1/credentials/verify", {"credential": issued.jwt}, content_type="application/json"
    ).json()
    assert (body["valid"], body["revoked"], body["credential"]) == (True, False, str(issued.id))
    assert {c["code"] for c in body["checks"]} == {"signature", "structure", "dates", "status"}
    # The JSON form is checked against the signed credential of its id.
    same = json.dumps(issued.document)
    assert client.post(
        "/api/v1/credentials/verify", {"credential": same}, content_type="application/json"
    ).json()["valid"]
    changed = json.dumps({**issued.document, "name": "PhD in everything"})
    body = client.post(
        "/api/v1/credentials/verify", {"credential": changed}, content_type="application/json"
    ).json()
    assert not body["valid"]
    assert any(c["code"] == "signature" and not c["passed"] for c in body["checks"])
    garbage = client.post(
        "/api/v1/credentials/verify", {"credential": "hello"}, content_type="application/json"
    ).json()
    assert garbage["valid"] is False


def test_verification_speaks_the_readers_language(client, issued):
    body = client.post(
        "/api/v1/credentials/verify",
        {"credential": issued.jwt},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="fr",
    ).json()
    assert any("Signée par" in c["message"] for c in body["checks"])


def test_only_the_issuers_staff_revoke(api_as, issued, staff_b, staff_a, learner):
    url = f"/api/v1/credentials/{issued.id}/revoke"
    # Another operator's credential is the same 404 as none.
    assert api_as(staff_b).post(url, {"reason": "x"}).status_code == 404
    assert api_as(learner).post(url, {"reason": "x"}).status_code == 404
    done = api_as(staff_a).post(url, {"reason": "Assessment copied"})
    assert done.status_code == 200
    assert done.json()["reason"] == "Assessment copied"
    again = api_as(staff_a).post(url, {"reason": "again"})
    assert (again.status_code, again.json()["code"]) == (409, "revoked")
    (item,) = api_as(learner).get("/api/v1/me/credentials").json()
    assert item["state"] == "revoked"


def test_the_issuer_suspends_reinstates_and_reissues(api_as, issued, staff_a, staff_b):
    base = f"/api/v1/credentials/{issued.id}"
    assert api_as(staff_b).post(f"{base}/suspend", {"reason": "x"}).status_code == 404
    suspended = api_as(staff_a).post(f"{base}/suspend", {"reason": "Inquiry"}).json()
    assert (suspended["state"], suspended["reason"]) == ("suspended", "Inquiry")
    assert api_as(staff_a).post(f"{base}/reinstate", {}).json()["state"] == "valid"
    again = api_as(staff_a).post(f"{base}/reinstate", {})
    assert (again.status_code, again.json()["code"]) == (409, "not_suspended")
    fresh = api_as(staff_a).post(f"{base}/reissue", {}).json()
    assert fresh["state"] == "valid"
    assert fresh["id"] != str(issued.id)
    mine = {c["id"]: c for c in api_as(issued.learner).get("/api/v1/me/credentials").json()}
    assert mine[str(issued.id)]["replaced_by"] == fresh["id"]
    assert mine[str(issued.id)]["state"] == "revoked"
