"""Tokens issued before tokens expired get an expiry too: 90 days from this migration, so
none stays valid for ever (the API refuses a token without one)."""

import datetime as dt

from django.db import migrations
from django.utils import timezone


def date_old_tokens(apps, schema_editor):
    ApiToken = apps.get_model("accounts", "ApiToken")
    ApiToken.objects.filter(expires_at__isnull=True).update(
        expires_at=timezone.now() + dt.timedelta(days=90)
    )


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_api_token_expiry")]
    operations = [migrations.RunPython(date_old_tokens, migrations.RunPython.noop)]
