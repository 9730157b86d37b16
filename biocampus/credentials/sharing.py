"""What a learner does with a credential outside the campus: its public link, the
skills it names, and adding it to a LinkedIn profile."""

from urllib.parse import urlencode

from biocampus.credentials.models import Credential

LINKEDIN_ADD = "https://www.linkedin.com/profile/add"


def skills_of(credential: Credential) -> list[dict]:
    """The skills the credential's achievement is aligned to (not its EQF level)."""
    achievement = credential.document.get("credentialSubject", {}).get("achievement", {})
    return [
        {"name": a.get("targetName", ""), "url": a.get("targetUrl", "")}
        for a in achievement.get("alignment", [])
        if a.get("targetType") == "ceasn:Competency"
    ]


def linkedin_url(credential: Credential) -> str:
    """LinkedIn's "add a licence or certification" form, filled in with the credential."""
    fields = {
        "startTask": "CERTIFICATION_NAME",
        "name": credential.document.get("name", ""),
        "organizationName": credential.document.get("issuer", {}).get("name", ""),
        "issueYear": credential.valid_from.year,
        "issueMonth": credential.valid_from.month,
        "certUrl": credential.document.get("id", ""),
        "certId": str(credential.id),
    }
    if credential.valid_until is not None:
        fields |= {
            "expirationYear": credential.valid_until.year,
            "expirationMonth": credential.valid_until.month,
        }
    return f"{LINKEDIN_ADD}?{urlencode(fields)}"
