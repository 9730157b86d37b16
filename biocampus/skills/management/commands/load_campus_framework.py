from django.core.management.base import BaseCommand

from biocampus.common.progress import QUIET, Steps
from biocampus.skills.models import Occupation, Skill
from biocampus.skills.services.campus_framework import campus_framework_load
from biocampus.skills.services.vectors import framework_vectors_update


class Command(BaseCommand):
    help = "Load (or update) the campus's own competence framework shipped with BioCampus."

    def handle(self, *args, **options):
        framework = campus_framework_load()
        framework_vectors_update(
            framework, progress=QUIET if options["verbosity"] == 0 else Steps(self.stdout._out)
        )
        skills = Skill.objects.filter(framework=framework).count()
        jobs = Occupation.objects.filter(framework=framework).count()
        self.stdout.write(
            self.style.SUCCESS(f"{framework}: {skills} skills and {jobs} job profiles.")
        )
