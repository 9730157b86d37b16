from django.db import migrations

PILLARS = ["stem-immersion", "biomanufacturing", "data-digital", "soft-skills"]
AUDIENCES = ["student", "job_seeker", "employee", "entrepreneur", "researcher", "teacher"]
LANGUAGES = ["en", "fr", "nl", "de"]

# Must match catalog.queries.search_vector() exactly for the planner to use it.
INDEX = (
    "CREATE INDEX IF NOT EXISTS programme_search_gin ON catalog_programme USING gin "
    "(to_tsvector('simple'::regconfig, COALESCE(search_document, '')))"
)


def reference_data(apps, schema_editor):
    Pillar = apps.get_model("catalog", "Pillar")
    AudienceTag = apps.get_model("catalog", "AudienceTag")
    Language = apps.get_model("catalog", "Language")
    for position, slug in enumerate(PILLARS, start=1):
        Pillar.objects.update_or_create(slug=slug, defaults={"position": position})
    for code in AUDIENCES:
        AudienceTag.objects.get_or_create(code=code)
    for code in LANGUAGES:
        Language.objects.get_or_create(code=code)


def search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(INDEX)


def drop_search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS programme_search_gin")


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial")]

    operations = [
        migrations.RunPython(reference_data, migrations.RunPython.noop),
        migrations.RunPython(search_index, drop_search_index),
    ]
