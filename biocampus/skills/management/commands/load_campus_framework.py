from django.core.management.base import BaseCommand

from biocampus.skills.campus_framework import load_campus_framework
from biocampus.skills.models import Occupation, Skill


class Command(BaseCommand):
    help = "Load (or update) the campus's own competence framework shipped with BioCampus."

    def handle(self, *args, **options):
        framework = load_campus_framework()
        skills = Skill.objects.filter(framework=framework).count()
        jobs = Occupation.objects.filter(framework=framework).count()
        self.stdout.write(
            self.style.SUCCESS(f"{framework}: {skills} skills and {jobs} job profiles.")
        )
