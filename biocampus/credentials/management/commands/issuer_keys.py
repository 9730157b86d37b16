"""Issuers' signing keys: list them, make an issuer's first one, or rotate it (the old
key is kept and stays published, so what it signed still verifies)."""

from django.core.management.base import BaseCommand, CommandError

from biocampus.accounts.models import Organisation
from biocampus.credentials.keys import key_create
from biocampus.credentials.models import SigningKey


class Command(BaseCommand):
    help = "List, create or rotate the Ed25519 keys issuers sign credentials with."

    def add_arguments(self, parser) -> None:
        parser.add_argument("organisation", nargs="?", help="the issuer's slug")
        parser.add_argument(
            "--rotate", action="store_true", help="retire the current key, make a new one"
        )

    def handle(self, *args, organisation=None, rotate=False, **options) -> None:
        if organisation is None:
            for key in SigningKey.objects.select_related("issuer"):
                state = f"retired {key.retired_at:%Y-%m-%d}" if key.retired_at else "active"
                self.stdout.write(f"{key.issuer.slug:32} {key.kid}  {state}")
            return
        issuer = Organisation.objects.filter(slug=organisation).first()
        if issuer is None:
            raise CommandError(f"No organisation is called {organisation!r}.")
        current = SigningKey.objects.filter(issuer=issuer, retired_at__isnull=True).first()
        if current is not None and not rotate:
            self.stdout.write(
                f"{issuer.slug} already signs with {current.kid} (--rotate for a new one)."
            )
            return
        key = key_create(actor=None, issuer=issuer)
        self.stdout.write(self.style.SUCCESS(f"{issuer.slug} now signs with {key.kid}."))
