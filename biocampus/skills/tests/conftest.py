import pytest

from biocampus.skills.models import Framework, Occupation, OccupationSkill, Skill


def make_skill(framework, code: str, label: str | None = None, **extra) -> Skill:
    return Skill.objects.create(
        framework=framework,
        uri=f"urn:test:{framework.slug}:{code}",
        code=code,
        kind=extra.pop("kind", "skill"),
        labels={"en": label or code.replace("-", " ")},
        **extra,
    )


def make_job(framework, code: str, essential=(), optional=()) -> Occupation:
    job = Occupation.objects.create(
        framework=framework,
        uri=f"urn:test:{framework.slug}:job:{code}",
        code=code,
        kind="occupation",
        labels={"en": code.replace("-", " ")},
    )
    OccupationSkill.objects.bulk_create(
        [OccupationSkill(occupation=job, skill=s, relation="essential") for s in essential]
        + [OccupationSkill(occupation=job, skill=s, relation="optional") for s in optional]
    )
    return job


@pytest.fixture
def framework(db):
    return Framework.objects.create(slug="test", name="Test framework", version="1")


@pytest.fixture
def skills(framework):
    codes = ["aseptic", "gmp", "chromatography", "hplc", "python", "teamwork", "lean"]
    return {c: make_skill(framework, c) for c in codes}


@pytest.fixture
def qc_job(framework, skills):
    return make_job(
        framework,
        "qc-analyst",
        essential=[skills["gmp"], skills["hplc"], skills["chromatography"]],
        optional=[skills["python"], skills["teamwork"]],
    )


@pytest.fixture
def company_a(db):
    from biocampus.conftest import OrganisationFactory

    return OrganisationFactory(
        name="NovaFerm", kind="company", verification="verified", enterprise_number="0403170701"
    )


@pytest.fixture
def recruiter_a(company_a):
    from biocampus.conftest import member

    return member(company_a, "recruiter", email="recruiter-a@example.test")


@pytest.fixture
def company_b(db):
    from biocampus.conftest import OrganisationFactory

    return OrganisationFactory(
        name="Cellula", kind="company", verification="verified", enterprise_number="0400000086"
    )


@pytest.fixture
def recruiter_b(company_b):
    from biocampus.conftest import member

    return member(company_b, "recruiter", email="recruiter-b@example.test")


@pytest.fixture
def vacancy(recruiter_a, company_a, qc_job):
    import datetime as dt

    from django.utils import timezone

    from biocampus.skills.services.vacancies import vacancy_create

    return vacancy_create(
        actor=recruiter_a,
        employer_id=company_a.pk,
        occupation_id=qc_job.pk,
        title="QC analyst (HPLC)",
        location="Gosselies",
        contract="permanent",
        openings=2,
        closes_on=timezone.localdate() + dt.timedelta(days=30),
        status="open",
    )
