"""The pages: a learner's credentials and their downloads (the baked badge carries the
credential), the page a shared link opens, the public verification page, and the
operator's issued credentials with their actions."""

import base64
import io

import pytest
from PIL import Image

from biocampus.credentials.baking import KEYWORD, unbake
from biocampus.credentials.models import Credential

pytestmark = pytest.mark.django_db


def test_the_learner_sees_downloads_share_link_and_linkedin(client, issued, learner):
    client.force_login(learner)
    page = client.get("/credentials/mine/").content.decode()
    assert "QC analytics" in page
    assert f"/credentials/{issued.id}/badge.png" in page
    assert issued.document["id"] in page  # the link to share
    assert "https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME" in page
    assert f"certId={issued.id}" in page


def test_nobody_else_sees_them(client, issued, staff_b):
    client.force_login(staff_b)
    assert "QC analytics" not in client.get("/credentials/mine/").content.decode()
    client.logout()
    assert client.get("/credentials/mine/").status_code == 302


def test_the_badge_image_carries_the_credential(client, issued):
    response = client.get(f"/credentials/{issued.id}/badge.png")
    assert response["Content-Type"] == "image/png"
    data = response.content
    # Read it back with the imaging library directly: an uncompressed iTXt chunk.
    assert Image.open(io.BytesIO(data)).text[KEYWORD] == issued.jwt
    assert b"iTXt" + KEYWORD.encode() + b"\x00\x00\x00" in data  # compression flag 0
    assert unbake(data) == issued.jwt


def test_downloads_are_the_signed_forms(client, issued):
    jwt = client.get(f"/credentials/{issued.id}/credential.jwt")
    assert jwt.content.decode() == issued.jwt
    assert "attachment" in jwt["Content-Disposition"]
    assert client.get(f"/credentials/{issued.id}/credential.json").json() == issued.document


def test_a_shared_link_opens_a_page_for_people_and_the_credential_for_machines(client, issued):
    page = client.get(f"/credentials/{issued.id}/", HTTP_ACCEPT="text/html,*/*")
    text = page.content.decode()
    assert page["Content-Type"].startswith("text/html")
    assert "This credential is genuine and valid." in text
    assert client.get(f"/credentials/{issued.id}/").json() == issued.document


def test_anyone_verifies_a_pasted_credential(client, issued):
    text = client.post("/credentials/verify/", {"text": issued.jwt}).content.decode()
    assert "This credential is genuine and valid." in text
    tampered = issued.jwt[:-4] + ("AAAA" if not issued.jwt.endswith("AAAA") else "BBBB")
    text = client.post("/credentials/verify/", {"text": tampered}).content.decode()
    assert "does not verify" in text


def test_anyone_verifies_an_uploaded_badge(client, issued, staff_a):
    data = client.get(f"/credentials/{issued.id}/badge.png").content
    upload = io.BytesIO(data)
    upload.name = "badge.png"
    text = client.post("/credentials/verify/", {"file": upload}).content.decode()
    assert "This credential is genuine and valid." in text
    client.force_login(staff_a)
    client.post(f"/credentials/issued/{issued.id}/revoke/", {"reason": "Exam copied"})
    client.logout()
    upload.seek(0)
    text = client.post("/credentials/verify/", {"file": upload}).content.decode()
    assert "revoked by its issuer" in text
    assert "Exam copied" not in text  # told to the learner, not to whoever checks


def test_a_picture_without_a_credential_is_explained(client):
    plain = io.BytesIO()
    Image.new("RGB", (10, 10)).save(plain, format="PNG")
    plain.seek(0)
    plain.name = "photo.png"
    text = client.post("/credentials/verify/", {"file": plain}).content.decode()
    assert "This image holds no Open Badges credential." in text
    assert client.post("/credentials/verify/", {}).status_code == 400


def test_the_api_verifies_a_baked_badge(client, issued):
    data = client.get(f"/credentials/{issued.id}/badge.png").content
    body = client.post(
        "/api/v1/credentials/verify",
        {"image": base64.b64encode(data).decode()},
        content_type="application/json",
    ).json()
    assert (body["valid"], body["suspended"], body["credential"]) == (True, False, str(issued.id))
    both = client.post(
        "/api/v1/credentials/verify",
        {"image": "AAAA", "credential": issued.jwt},
        content_type="application/json",
    )
    assert (both.status_code, both.json()["code"]) == (400, "one_credential")


def test_the_operator_lists_and_acts_on_what_it_issued(client, issued, staff_a, staff_b):
    client.force_login(staff_b)  # another operator sees none of it and cannot act
    assert str(issued.id) not in client.get("/credentials/issued/").content.decode()
    response = client.post(f"/credentials/issued/{issued.id}/suspend/", {"reason": "x"})
    assert response.status_code == 404
    client.force_login(staff_a)
    page = client.get("/credentials/issued/", {"q": "QC"}).content.decode()
    assert str(issued.id) in page
    client.post(f"/credentials/issued/{issued.id}/suspend/", {"reason": "Inquiry"})
    assert Credential.objects.get(pk=issued.pk).suspended_reason == "Inquiry"
    client.post(f"/credentials/issued/{issued.id}/reinstate/")
    assert Credential.objects.get(pk=issued.pk).suspended_at is None
    client.post(f"/credentials/issued/{issued.id}/revoke/", {"reason": ""})
    assert Credential.objects.get(pk=issued.pk).revoked_at is None  # a reason is needed
    client.post(f"/credentials/issued/{issued.id}/reissue/")
    assert Credential.objects.get(pk=issued.pk).replaced_by is not None
