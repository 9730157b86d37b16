import pytest
from django.urls import reverse

from biocampus.common.errors import DomainError, Forbidden
from biocampus.skills.queries import programme_skills
from biocampus.skills.services.programmes import programme_skills_set

pytestmark = pytest.mark.django_db


def test_service_rules(staff_a, staff_b, programme_a, skills, qc_job):
    programme_skills_set(
        actor=staff_a,
        programme=programme_a,
        teaches=[skills["hplc"].pk],
        requires=[skills["gmp"].pk],
        occupations=[qc_job.pk],
    )
    assert programme_skills(programme_a) == ([skills["hplc"].pk], [skills["gmp"].pk], [qc_job.pk])
    with pytest.raises(Forbidden):
        programme_skills_set(actor=staff_b, programme=programme_a, teaches=[])
    with pytest.raises(DomainError, match="both teach and require"):
        programme_skills_set(
            actor=staff_a,
            programme=programme_a,
            teaches=[skills["gmp"].pk],
            requires=[skills["gmp"].pk],
        )
    with pytest.raises(DomainError, match="Unknown skill"):
        programme_skills_set(actor=staff_a, programme=programme_a, teaches=[999999])
    # A refused change leaves the programme as it was.
    assert programme_skills(programme_a) == ([skills["hplc"].pk], [skills["gmp"].pk], [qc_job.pk])


def test_api_and_page(client, api_as, staff_a, staff_b, learner, programme_a, skills, qc_job):
    url = f"/api/v1/programmes/{programme_a.pk}/skills"
    body = {"teaches": [skills["hplc"].pk, skills["chromatography"].pk], "occupations": [qc_job.pk]}
    assert api_as(staff_b).put(url, body).status_code == 403
    response = api_as(staff_a).put(url, body)
    assert response.status_code == 200
    assert [s["label"] for s in response.json()["teaches"]] == ["chromatography", "hplc"]
    assert client.get(url).json()["occupations"][0]["id"] == qc_job.pk  # published: public

    page = reverse("skills:programme_skills", args=[programme_a.pk])
    client.force_login(learner)
    assert client.get(page).status_code == 403
    client.force_login(staff_a)
    assert "hplc" in client.get(page).content.decode()
    client.post(
        reverse("skills:programme_skill", args=[programme_a.pk]),
        {"skill": skills["gmp"].pk, "role": "requires"},
    )
    client.post(
        reverse("skills:programme_skill", args=[programme_a.pk]), {"skill": skills["hplc"].pk}
    )
    teaches, requires, _jobs = programme_skills(programme_a)
    assert (teaches, requires) == ([skills["chromatography"].pk], [skills["gmp"].pk])
    client.post(
        reverse("skills:programme_occupation", args=[programme_a.pk]),
        {"occupation": qc_job.pk, "add": "0"},
    )
    assert programme_skills(programme_a)[2] == []
    options = client.get(
        reverse("skills:programme_skill_options", args=[programme_a.pk]), {"q": "lea"}
    )
    assert "lean" in options.content.decode()


def test_programme_page_shows_skills_and_jobs(client, staff_a, programme_a, skills, qc_job):
    programme_skills_set(
        actor=staff_a, programme=programme_a, teaches=[skills["hplc"].pk], occupations=[qc_job.pk]
    )
    html = client.get(reverse("portal:programme", args=[programme_a.pk])).content.decode()
    assert "Skills you will gain" in html
    assert "hplc" in html
    assert reverse("skills:job", args=[qc_job.pk]) in html
