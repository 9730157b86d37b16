"""Which notifications a person receives, and the signed links that turn one off without
signing in (the List-Unsubscribe header and the link in the e-mail's footer)."""

from django.core import signing
from django.db import IntegrityError, transaction
from django.urls import reverse

from biocampus.accounts.models import User
from biocampus.common.audit import audit
from biocampus.outbox.compose import absolute
from biocampus.outbox.models import EmailOptOut, Topic

SALT = "biocampus.outbox.unsubscribe"


def wants(user: User, topic: str) -> bool:
    return not EmailOptOut.objects.filter(user=user, topic=topic).exists()


def unsubscribe_url(user: User, topic: str) -> str:
    token = signing.dumps({"u": user.pk, "t": topic}, salt=SALT, compress=True)
    return absolute(reverse("outbox:unsubscribe", args=[token]))


def read_token(token: str) -> tuple[User, str] | None:
    try:
        data = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    user = User.objects.filter(pk=data.get("u"), is_active=True).first()
    if user is None or data.get("t") not in Topic.values:
        return None
    return user, data["t"]


def preferences_set(*, actor: User, topics_on: set[str]) -> None:
    """Turn on exactly `topics_on`; every other topic off."""
    with transaction.atomic():
        for topic in Topic.values:
            if topic in topics_on:
                EmailOptOut.objects.filter(user=actor, topic=topic).delete()
            else:
                EmailOptOut.objects.get_or_create(user=actor, topic=topic)
        audit(actor, "email.preferences", actor, on=sorted(topics_on))


def unsubscribe(*, user: User, topic: str) -> None:
    try:
        with transaction.atomic():
            EmailOptOut.objects.create(user=user, topic=topic)
            audit(user, "email.unsubscribe", user, topic=topic)
    except IntegrityError:
        pass  # already off
