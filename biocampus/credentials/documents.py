"""The JSON documents of Open Badges 3.0: an issuer's did:web identity and profile, the
OpenBadgeCredential of a completed programme, and the achievement it describes."""

import datetime as dt
import hashlib
import secrets
from urllib.parse import quote, urlsplit

from django.conf import settings
from django.urls import reverse

from biocampus.accounts.models import Organisation
from biocampus.catalog.models import Programme
from biocampus.skills.models import ProgrammeSkill, SkillRole

CONTEXT = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]
SCHEMA = {
    "id": "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json",
    "type": "1EdTechJsonSchemaValidator2019",
}
EQF = "https://europa.eu/europass/en/description-eight-eqf-levels"


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def issuer_did(issuer: Organisation) -> str:
    """did:web: the issuer's DID document is at SITE_URL/credentials/issuers/<id>/did.json
    (a port's colon is percent-encoded, as did:web requires)."""
    host = quote(urlsplit(settings.SITE_URL).netloc, safe="")
    return f"did:web:{host}:credentials:issuers:{issuer.pk}"


def issuer_profile(issuer: Organisation) -> dict:
    return {
        "id": issuer_did(issuer),
        "type": ["Profile"],
        "name": issuer.name,
        "url": absolute(reverse("credentials:issuer", args=[issuer.pk])),
        # The operator issues; the campus is the platform it issues on.
        "description": f"Training operator on {settings.SITE_NAME}.",
    }


def did_document(issuer: Organisation, keys: list[dict]) -> dict:
    did = issuer_did(issuer)
    methods = [
        {
            "id": f"{did}#{key['kid']}",
            "type": "JsonWebKey2020",
            "controller": did,
            "publicKeyJwk": {k: v for k, v in key.items() if k in ("kty", "crv", "x", "kid")},
        }
        for key in keys
    ]
    return {
        "@context": [
            "https://www.w3.org/ns/did/v1",
            "https://w3id.org/security/suites/jws-2020/v1",
        ],
        "id": did,
        "verificationMethod": methods,
        "assertionMethod": [m["id"] for m in methods],
    }


def _skill_alignment(skill) -> dict:
    return {
        "type": ["Alignment"],
        "targetName": skill.label("en"),
        "targetUrl": skill.uri,
        "targetCode": skill.code,
        "targetFramework": skill.framework.name,
        "targetType": "ceasn:Competency",
    }


def achievement(programme: Programme) -> dict:
    """The programme as an Achievement, aligned to the skills it verifies (their ESCO or
    campus framework URIs) and to its EQF level."""
    alignment = [
        _skill_alignment(link.skill)
        for link in ProgrammeSkill.objects.filter(programme=programme, role=SkillRole.TEACHES)
        .select_related("skill__framework")
        .order_by("skill__code")
    ]
    if programme.eqf_level:
        alignment.append(
            {
                "type": ["Alignment"],
                "targetName": f"EQF level {programme.eqf_level}",
                "targetUrl": f"{EQF}#{programme.eqf_level}",
                "targetCode": str(programme.eqf_level),
                "targetFramework": "European Qualifications Framework",
                "targetType": "ceterms:Credential",
            }
        )
    hours = f"{programme.duration_hours.normalize():f}"
    document = {
        "id": absolute(reverse("credentials:achievement", args=[programme.pk])),
        "type": ["Achievement"],
        "achievementType": "Course",
        "name": programme.title,
        "description": programme.summary,
        "criteria": {
            "narrative": f"Completed the {hours}-hour programme “{programme.title}” and "
            f"passed its assessment with {programme.operator.name}."
        },
        "creator": issuer_profile(programme.operator),
        "inLanguage": programme.languages.values_list("code", flat=True).first() or "en",
        "tag": [programme.pillar.slug],
    }
    if alignment:
        document["alignment"] = alignment
    return document


def discovery_achievement(fmt) -> dict:
    """An immersion format as the Achievement a school class earns by taking part."""
    stations = ", ".join(s.name for s in fmt.stations.all())
    return {
        "id": absolute(reverse("immersion:formats")) + f"#{fmt.slug}",
        "type": ["Achievement"],
        "achievementType": "Badge",
        "name": fmt.name,
        "description": fmt.description or fmt.name,
        "criteria": {
            "narrative": f"A school class took part in “{fmt.name}” at {fmt.campus.name}: "
            f"{stations}."
        },
        "creator": issuer_profile(fmt.campus),
        "tag": ["stem-immersion"],
    }


def class_identifier(label: str) -> dict:
    """A school class by its name: a class is no person, so it is named in clear."""
    return {
        "type": "IdentityObject",
        "identityHash": label,
        "identityType": "name",
        "hashed": False,
    }


def hashed_email(email: str, salt: str | None = None) -> dict:
    """The recipient's e-mail address as Open Badges hashes it: sha256 of the lower-cased
    address followed by the salt, so the credential names nobody in clear."""
    salt = salt or secrets.token_hex(16)
    digest = hashlib.sha256((email.strip().lower() + salt).encode()).hexdigest()
    return {
        "type": "IdentityObject",
        "identityHash": f"sha256${digest}",
        "identityType": "emailAddress",
        "hashed": True,
        "salt": salt,
    }


def iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def parse_time(text: str) -> dt.datetime:
    """A credential's time ("2026-06-01T17:00:00Z") back as an aware datetime."""
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


def assessment_achievement(assessment) -> dict:
    """A campus skill assessment as an Achievement, aligned to the skills it verifies."""
    document = {
        "id": absolute(reverse("credentials:assessment", args=[assessment.pk])),
        "type": ["Achievement"],
        "achievementType": "Assessment",
        "name": assessment.title,
        "description": assessment.description,
        "criteria": {"narrative": assessment.criteria},
        "creator": issuer_profile(assessment.issuer),
    }
    skills = assessment.skills.select_related("framework").order_by("code")
    alignment = [_skill_alignment(s) for s in skills]
    if alignment:
        document["alignment"] = alignment
    return document


def credential_document(
    *,
    credential_id: str,
    name: str,
    issuer: Organisation,
    achieved: dict,
    email: str,
    completed_on: dt.datetime,
    valid_from: dt.datetime,
    valid_until: dt.datetime | None,
    status: dict,
    identifier: dict | None = None,
) -> dict:
    """`identifier` names the subject when it is not the holder's e-mail (a school
    class)."""
    document = {
        "@context": CONTEXT,
        "id": absolute(reverse("credentials:credential", args=[credential_id])),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": name,
        "issuer": issuer_profile(issuer),
        "validFrom": iso(valid_from),
        "awardedDate": iso(valid_from),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [identifier or hashed_email(email)],
            "activityEndDate": iso(completed_on),
            "achievement": achieved,
        },
        "credentialStatus": status,
        "credentialSchema": [SCHEMA],
    }
    if valid_until is not None:
        document["validUntil"] = iso(valid_until)
    return document
