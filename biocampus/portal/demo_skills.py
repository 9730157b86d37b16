"""The demo campus's skills side: what each demo programme teaches and prepares for,
employers' vacancies and forecasts, learners' declared skills and consent. Idempotent."""

import datetime as dt
import random

from django.utils import timezone

from biocampus.accounts.models import Organisation, User
from biocampus.catalog.models import Programme
from biocampus.skills.models import (
    HiringForecast,
    LearnerProfile,
    LearnerSkill,
    Occupation,
    ProgrammeOccupation,
    ProgrammeSkill,
    Skill,
    SkillSource,
    Vacancy,
)
from biocampus.skills.services.profiles import consent_set
from biocampus.skills.services.vacancies import forecast_set, vacancy_create

# programme title -> (skills taught, skills expected beforehand, job profiles it leads to)
PROGRAMME_SKILLS = {
    "Biotech in virtual reality: a day in a vaccine plant": (
        ["vaccine-basics", "biotech-careers", "vr-simulation"],
        [],
        [],
    ),
    "Visite immersive : du gène au médicament": (["biotech-careers", "genetics"], [], []),
    "Digital twin academy: discovery workshop": (["digital-twin", "vr-simulation"], [], []),
    "Atelier ADN pour les écoles": (["molecular-biology", "pipetting", "lab-safety"], [], []),
    "Découvrir les métiers de la biotech": (["biotech-careers"], [], []),
    "Emerging therapies for business leaders": (["cell-therapy", "biotech-careers"], [], []),
    "Summer science camp: biotech for teens": (
        ["scientific-method", "microscopy", "lab-safety"],
        [],
        [],
    ),
    "Teachers' day: teaching biotech with VR": (["vr-simulation", "biotech-careers"], [], []),
    "Bioprocess technician foundation": (
        [
            "upstream-processing",
            "bioreactor-operation",
            "media-preparation",
            "cip-sip",
            "biotech-processes",
        ],
        [],
        ["bioprocess-technician", "vaccine-technician"],
    ),
    "Aseptic processing fundamentals": (
        ["aseptic-processing", "cleanroom-gowning", "cleanroom-behaviour", "hygiene"],
        [],
        ["bioprocess-technician", "fill-finish-operator", "cgt-operator"],
    ),
    "Bonnes pratiques de fabrication (BPF)": (
        ["gmp", "gmp-documentation", "deviations-capa", "sop-writing"],
        [],
        ["bioprocess-technician", "qa-specialist", "qc-analyst"],
    ),
    "Single-use bioreactor operation": (
        ["bioreactor-operation", "single-use", "fermentation"],
        ["aseptic-processing"],
        ["bioprocess-technician", "vaccine-technician"],
    ),
    "Chromatography for downstream processing": (
        [
            "chromatography",
            "filtration",
            "centrifugation",
            "downstream-processing",
            "viral-clearance",
        ],
        ["gmp"],
        ["downstream-operator", "msat-process-engineer"],
    ),
    "Cell and gene therapy manufacturing operator": (
        ["cell-therapy", "viral-vectors", "cryopreservation", "cell-culture"],
        ["aseptic-processing"],
        ["cgt-operator"],
    ),
    "Vaccine fill and finish": (
        ["fill-finish", "lyophilisation", "environmental-monitoring"],
        ["aseptic-processing"],
        ["fill-finish-operator", "vaccine-technician"],
    ),
    "Contrôle qualité microbiologique": (
        ["qc-microbiology", "environmental-monitoring", "microbiology", "biosafety"],
        [],
        ["qc-microbiologist"],
    ),
    "QC analytics: HPLC and capillary electrophoresis": (
        ["hplc", "electrophoresis", "immunoassays", "method-validation", "lims"],
        ["gmp"],
        ["qc-analyst"],
    ),
    "Cobotics and automated lines": (
        ["cobotics", "plc-programming", "scada-dcs", "instrumentation"],
        [],
        ["automation-engineer", "maintenance-technician"],
    ),
    "Validation and qualification basics": (
        [
            "equipment-qualification",
            "process-validation",
            "cleaning-validation",
            "quality-risk-management",
        ],
        ["gmp"],
        ["validation-engineer"],
    ),
    "Supply chain for biologics": (
        ["supply-chain-planning", "cold-chain", "inventory-management", "erp"],
        [],
        ["supply-chain-planner"],
    ),
    "Diagnostics production: from assay to kit": (
        ["ivd-manufacturing", "immunoassays", "pipetting"],
        [],
        ["ivd-technician"],
    ),
    "Remote monitoring of manufacturing": (
        ["process-historian", "scada-dcs", "data-visualisation"],
        [],
        ["mes-specialist"],
    ),
    "Python for process data": (
        ["python-process-data", "data-analytics", "spreadsheets"],
        [],
        ["process-data-scientist", "bioinformatician"],
    ),
    "Data integrity and ALCOA+": (
        ["data-integrity", "electronic-batch-records", "csv-validation"],
        [],
        ["mes-specialist", "qa-specialist", "qc-analyst"],
    ),
    "Machine learning for bioprocess optimisation": (
        ["machine-learning", "multivariate-analysis", "doe"],
        ["python-process-data"],
        ["process-data-scientist"],
    ),
    "Introduction à l'IT/OT en production": (
        ["it-ot-integration", "industrial-networks"],
        [],
        ["automation-engineer", "mes-specialist"],
    ),
    "Manufacturing execution systems (MES)": (
        ["mes", "electronic-batch-records"],
        [],
        ["mes-specialist"],
    ),
    "Process analytical technology (PAT)": (
        ["pat", "spc", "multivariate-analysis"],
        [],
        ["msat-process-engineer", "process-data-scientist"],
    ),
    "Data management for research labs": (
        ["data-governance", "lims", "good-lab-practice"],
        [],
        ["lab-technician", "bioinformatician"],
    ),
    "Analyse de données pour le contrôle qualité": (
        ["statistics", "spc", "data-analytics"],
        [],
        ["qc-analyst"],
    ),
    "Building a digital twin of a bioreactor": (
        ["digital-twin", "bioreactor-operation"],
        ["python-process-data"],
        ["process-data-scientist", "msat-process-engineer"],
    ),
    "Cybersecurity for connected plants": (
        ["ot-cybersecurity", "industrial-networks"],
        [],
        ["automation-engineer"],
    ),
    "SQL and dashboards for operations": (
        ["sql", "data-visualisation"],
        [],
        ["process-data-scientist", "mes-specialist"],
    ),
    "Life-science mini-MBA": (
        ["business-model", "finance-basics", "team-leadership", "project-management"],
        [],
        ["biotech-founder"],
    ),
    "Mini-MBA sciences de la vie": (
        ["business-model", "finance-basics", "team-leadership", "change-management"],
        [],
        ["biotech-founder"],
    ),
    "From lab to start-up: founder bootcamp": (
        ["entrepreneurship", "business-model", "pitching", "intellectual-property"],
        [],
        ["biotech-founder"],
    ),
    "Leading a shift team": (
        ["team-leadership", "communication", "training-others", "time-management"],
        [],
        ["production-team-leader"],
    ),
    "Lean and continuous improvement": (
        ["lean", "six-sigma", "continuous-improvement", "problem-solving"],
        [],
        ["production-team-leader"],
    ),
    "Gestion de projet en biotech": (["project-management", "time-management"], [], []),
    "Fundraising for biotech founders": (
        ["fundraising", "pitching", "negotiation"],
        ["business-model"],
        ["biotech-founder"],
    ),
    "Regulatory strategy for start-ups": (
        ["regulatory-affairs", "quality-risk-management"],
        [],
        ["regulatory-officer"],
    ),
    "Presenting science to non-scientists": (["pitching", "communication"], [], []),
    "Préparer son entretien d'embauche en biotech": (["communication", "adaptability"], [], []),
    "Intercultural teams in global pharma": (
        ["teamwork", "technical-english", "adaptability"],
        [],
        [],
    ),
}

# (employer slug, job profile, title, location, contract, openings)
VACANCIES = [
    (
        "novaferm-biologics",
        "bioprocess-technician",
        "Bioprocess technician (USP)",
        "Gosselies",
        "permanent",
        4,
    ),
    ("novaferm-biologics", "qc-analyst", "QC analyst — HPLC", "Gosselies", "permanent", 2),
    (
        "novaferm-biologics",
        "validation-engineer",
        "Validation engineer",
        "Gosselies",
        "fixed_term",
        1,
    ),
    (
        "vectoria-gene-therapies",
        "cgt-operator",
        "Gene therapy manufacturing operator",
        "Gosselies",
        "permanent",
        6,
    ),
    (
        "vectoria-gene-therapies",
        "qc-microbiologist",
        "QC microbiologist",
        "Gosselies",
        "permanent",
        2,
    ),
    (
        "cellula-therapeutics",
        "cgt-operator",
        "CAR-T cleanroom operator",
        "Charleroi",
        "apprenticeship",
        3,
    ),
    (
        "diagnova",
        "ivd-technician",
        "Diagnostics production technician",
        "Mont-Saint-Guibert",
        "permanent",
        3,
    ),
    (
        "sambre-vaccines",
        "fill-finish-operator",
        "Aseptic filling operator",
        "Namur",
        "permanent",
        5,
    ),
    (
        "sambre-vaccines",
        "vaccine-technician",
        "Vaccine production technician",
        "Namur",
        "temporary",
        4,
    ),
    ("sambre-vaccines", "automation-engineer", "Automation engineer", "Namur", "permanent", 1),
    (
        "pharmalog-supply",
        "supply-chain-planner",
        "Supply chain planner (biologics)",
        "Fleurus",
        "permanent",
        2,
    ),
    (
        "pharmalog-supply",
        "process-data-scientist",
        "Process data scientist",
        "Fleurus",
        "fixed_term",
        1,
    ),
]
FORECASTS = {  # job profile -> headcount this year, next year, the year after
    "bioprocess-technician": (40, 60, 75),
    "cgt-operator": (30, 45, 60),
    "qc-analyst": (20, 25, 30),
    "fill-finish-operator": (25, 30, 30),
    "validation-engineer": (8, 10, 12),
    "automation-engineer": (10, 14, 16),
    "supply-chain-planner": (6, 8, 10),
    "process-data-scientist": (5, 8, 12),
    "qc-microbiologist": (8, 10, 10),
    "vaccine-technician": (15, 20, 20),
}
FORECASTING_EMPLOYER = {
    "bioprocess-technician": "novaferm-biologics",
    "qc-analyst": "novaferm-biologics",
    "validation-engineer": "novaferm-biologics",
    "cgt-operator": "vectoria-gene-therapies",
    "qc-microbiologist": "vectoria-gene-therapies",
    "fill-finish-operator": "sambre-vaccines",
    "vaccine-technician": "sambre-vaccines",
    "automation-engineer": "sambre-vaccines",
    "supply-chain-planner": "pharmalog-supply",
    "process-data-scientist": "pharmalog-supply",
}


def link_programmes() -> None:
    skills = dict(Skill.objects.filter(framework__slug="biocampus").values_list("code", "id"))
    jobs = dict(Occupation.objects.filter(framework__slug="biocampus").values_list("code", "id"))
    links, occupations = [], []
    for programme in Programme.objects.filter(title__in=PROGRAMME_SKILLS):
        teaches, requires, leads_to = PROGRAMME_SKILLS[programme.title]
        links += [
            ProgrammeSkill(programme=programme, skill_id=skills[c], role="teaches") for c in teaches
        ]
        links += [
            ProgrammeSkill(programme=programme, skill_id=skills[c], role="requires")
            for c in requires
        ]
        occupations += [
            ProgrammeOccupation(programme=programme, occupation_id=jobs[c]) for c in leads_to
        ]
    ProgrammeSkill.objects.bulk_create(links, ignore_conflicts=True)
    ProgrammeOccupation.objects.bulk_create(occupations, ignore_conflicts=True)


def employers_demand(campus_admin: User) -> None:
    jobs = {o.code: o for o in Occupation.objects.filter(framework__slug="biocampus")}
    companies = {o.slug: o for o in Organisation.objects.filter(kind="company")}
    closes = timezone.localdate() + dt.timedelta(days=45)
    for slug, job, title, location, contract, openings in VACANCIES:
        if Vacancy.objects.filter(employer=companies[slug], title=title).exists():
            continue
        vacancy_create(
            actor=campus_admin,
            employer_id=companies[slug].pk,
            occupation_id=jobs[job].pk,
            title=title,
            location=location,
            contract=contract,
            openings=openings,
            closes_on=closes,
            status="open",
            description=f"{companies[slug].name} is hiring in {location}.",
        )
    year = timezone.localdate().year
    for job, counts in FORECASTS.items():
        employer = companies[FORECASTING_EMPLOYER[job]]
        for offset, headcount in enumerate(counts):
            if not HiringForecast.objects.filter(
                employer=employer, occupation=jobs[job], year=year + offset
            ).exists():
                forecast_set(
                    actor=campus_admin,
                    employer_id=employer.pk,
                    occupation_id=jobs[job].pk,
                    year=year + offset,
                    headcount=headcount,
                )


def learners_profiles(learners: list[User], rng: random.Random) -> None:
    """Declared skills for most learners, consent for about two thirds of them, a target
    job for those in training towards one, and a few alumni ready for a job."""
    codes = list(Skill.objects.filter(framework__slug="biocampus").values_list("id", flat=True))
    jobs = list(Occupation.objects.filter(framework__slug="biocampus").order_by("code"))
    leads_to: dict[int, list[int]] = {}
    for programme_id, occupation_id in ProgrammeOccupation.objects.values_list(
        "programme_id", "occupation_id"
    ):
        leads_to.setdefault(programme_id, []).append(occupation_id)
    for i, learner in enumerate(learners):
        if LearnerProfile.objects.filter(learner=learner).exists():
            continue  # already seeded
        declared = rng.sample(codes, rng.randint(2, 9)) if i % 5 else []
        entries = [
            LearnerSkill(learner=learner, skill_id=s, source=SkillSource.DECLARED) for s in declared
        ]
        if i % 6 == 1:
            # Alumni trained before the campus used BioCampus: the skills of one job are on
            # record as verified, without a session in the platform as evidence.
            job = jobs[i % len(jobs)]
            essential = job.skill_relations.filter(relation="essential")
            entries = [
                LearnerSkill(learner=learner, skill_id=s, source=SkillSource.VERIFIED)
                for s in essential.values_list("skill_id", flat=True)
            ] + entries
        LearnerSkill.objects.bulk_create(entries, ignore_conflicts=True)
        profile = consent_set(actor=learner, findable=i % 3 != 0)
        active = learner.enrolments.filter(status__in=("confirmed", "waitlisted"))
        aims = sorted(
            {
                o
                for p in active.values_list("session__programme_id", flat=True)
                for o in leads_to.get(p, [])
            }
        )
        if aims:
            profile.target_occupation_id = rng.choice(aims)
            profile.save(update_fields=["target_occupation"])


def demo_learner(learner: User) -> None:
    """The demo learner aims at QC analyst, has declared GMP and Python, and consented."""
    if LearnerProfile.objects.filter(learner=learner, target_occupation__isnull=False).exists():
        return
    skills = dict(Skill.objects.filter(framework__slug="biocampus").values_list("code", "id"))
    LearnerSkill.objects.bulk_create(
        [
            LearnerSkill(learner=learner, skill_id=skills[c], source=SkillSource.DECLARED)
            for c in ("gmp", "python-process-data", "teamwork")
        ],
        ignore_conflicts=True,
    )
    profile = consent_set(actor=learner, findable=True)
    profile.target_occupation = Occupation.objects.get(
        framework__slug="biocampus", code="qc-analyst"
    )
    profile.save(update_fields=["target_occupation"])
