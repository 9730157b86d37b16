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
