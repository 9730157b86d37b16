from django.core.management.base import BaseCommand

from biocampus.skills.models import Occupation, Skill
from biocampus.skills.services.campus_framework import campus_framework_load


class Command(BaseCommand):
    help = "Load (or update) the campus's own competence framework shipped with BioCampus."

    def handle(self, *args, **options):
        framework = campus_framework_load()
        skills = Skill.objects.filter(framework=framework).count()
        jobs = Occupation.objects.filter(framework=framework).count()
        self.stdout.write(
            self.style.SUCCESS(f"{framework}: {skills} skills and {jobs} job profiles.")
        )
