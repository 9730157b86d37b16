"""The demo's Open Badges credentials, all issued and revoked through the credentials
services.

Today's learners earn theirs as their past runs' outcomes are recorded
(`enrolment_record_outcome` issues one per completion). The alumni's places are written
in bulk, as an import of the campus's earlier records would be, so their credentials are
issued here, for one alumnus in ten: each is signed, audited and its holder told by
e-mail (about 10 ms), and all ~1,200 alumni completions would nearly double the seeding
time and queue as many e-mails to fictional people. Then the demo operator
revokes one learner's instrument certification, so a revoked credential, its status list
bit and the instrument it no longer opens can be shown."""

from biocampus.accounts.models import User
from biocampus.accounts.roles import managed_org_ids
from biocampus.credentials.models import Credential
from biocampus.credentials.services import credential_issue, credential_revoke
from biocampus.enrolment.models import Enrolment, EnrolmentStatus
from biocampus.facilities.demo import RESOURCES

# The programmes whose credential opens an instrument: renewed every two years.
CERTIFICATIONS = frozenset(cert for *_resource, cert, _approval in RESOURCES if cert)
CERTIFICATION_MONTHS = 24
# GMP training is refreshed every year.
GMP_REFRESHERS = frozenset({"Bonnes pratiques de fabrication (BPF)"})
REFRESHER_MONTHS = 12
# Every tenth alumnus (alumni001, alumni011, ...) holds credentials.
ALUMNI_STEP = 10
REVOKED_BECAUSE = (
    "A deviation investigation found the practical assessment was not passed as recorded; "
    "the certification must be earned again."
)
LEARNER_ACCOUNTS = r"^learner\d{2}@biocampus\.test$"


def valid_months(title: str) -> int | None:
    """How long the credential of the demo programme `title` stays valid; None: for good."""
    if title in CERTIFICATIONS:
        return CERTIFICATION_MONTHS
    if title in GMP_REFRESHERS:
        return REFRESHER_MONTHS
    return None


def seed_credentials(alumni: list[User], operator: User) -> None:
    """Credentials for the sampled alumni's completions, then one revoked by `operator`
    (staff of the issuing provider). Idempotent: issued and revoked once."""
    completions = Enrolment.objects.filter(
        learner__in=alumni[::ALUMNI_STEP], status=EnrolmentStatus.COMPLETED, credential__isnull=True
    ).order_by("pk")
    for enrolment in completions:
        credential_issue(enrolment=enrolment)
    if not Credential.objects.exclude(revoked_at=None).exists():
        _revoke_one(operator)


def _revoke_one(operator: User) -> None:
    """A demo learner's instrument certification from one of the operator's providers
    (any of their credentials if none holds one)."""
    theirs = Credential.objects.filter(
        issuer__in=managed_org_ids(operator), learner__email__regex=LEARNER_ACCOUNTS
    ).order_by("learner__email", "created_at")
    credential = theirs.filter(programme__title__in=CERTIFICATIONS).first() or theirs.first()
    if credential is not None:
        credential_revoke(actor=operator, credential=credential, reason=REVOKED_BECAUSE)
