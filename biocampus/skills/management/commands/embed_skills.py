from django.core.management.base import BaseCommand, CommandError

from biocampus.skills.embeddings import load_embedder
from biocampus.skills.extraction import HybridRanker
from biocampus.skills.models import Framework
from biocampus.skills.queries.suggestions import ranker_for


class Command(BaseCommand):
    help = (
        "Compute the label vectors skill extraction uses for a framework (ESCO takes a few "
        "minutes on a CPU); without them a large framework is ranked lexically."
    )

    def add_arguments(self, parser):
        parser.add_argument("framework", help="framework slug, e.g. esco")
        parser.add_argument("--languages", default="en", help="comma-separated, e.g. en,fr")

    def handle(self, *args, framework, languages, **options):
        if load_embedder() is None:
            raise CommandError("No embedding model installed: run `make embeddings` first.")
        chosen = Framework.objects.filter(slug=framework).first()
        if chosen is None:
            raise CommandError(f"Unknown framework {framework!r}.")
        for language in [lang.strip() for lang in languages.split(",") if lang.strip()]:
            ranker = ranker_for(chosen, language, build_vectors=True)
            assert isinstance(ranker, HybridRanker)
            self.stdout.write(f"{chosen} [{language}]: {len(ranker.vectors):,} label vectors.")
