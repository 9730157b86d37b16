import hashlib

from django.db import migrations, models


def fill_digests(apps, schema_editor):
    Credential = apps.get_model("credentials", "Credential")
    for credential in Credential.objects.only("pk", "jwt").iterator():
        # An erased credential's JWT is gone: its digest cannot be known any more.
        value = (
            hashlib.sha256(credential.jwt.strip().encode()).hexdigest()
            if credential.jwt
            else f"erased:{credential.pk.hex}"
        )
        Credential.objects.filter(pk=credential.pk).update(jwt_digest=value)


class Migration(migrations.Migration):
    dependencies = [("credentials", "0003_skill_assessments")]

    operations = [
        migrations.AddField(
            model_name="credential",
            name="jwt_digest",
            field=models.CharField(max_length=64, null=True, verbose_name="VC-JWT digest"),
        ),
        migrations.RunPython(fill_digests, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="credential",
            name="jwt_digest",
            field=models.CharField(max_length=64, unique=True, verbose_name="VC-JWT digest"),
        ),
    ]
