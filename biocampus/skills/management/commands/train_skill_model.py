import hashlib
import shutil
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from biocampus.common.progress import QUIET, Steps
from biocampus.skills import embeddings
from biocampus.skills.models import Framework
from biocampus.skills.queries.suggestions import rankable_skills
from biocampus.skills.services.vectors import framework_vectors_update
from biocampus.skills.training import Concept, train_encoder, training_pairs


class Command(BaseCommand):
    help = (
        "Fine-tune the sentence encoder of skill extraction on an imported framework (ESCO) "
        "on the CPU, make it the one in use, and compute its label vectors. Seeded: the same "
        "framework and options train the same model. --revert goes back to the packaged one."
    )

    def add_arguments(self, parser):
        parser.add_argument("framework", nargs="?", default="esco", help="default: esco")
        parser.add_argument("--language", default="en")
        parser.add_argument(
            "--max-pairs", type=int, default=40_000, help="training pairs (default 40,000)"
        )
        parser.add_argument("--epochs", type=int, default=1)
        parser.add_argument("--batch-size", type=int, default=64)
        parser.add_argument("--learning-rate", type=float, default=3e-5)
        parser.add_argument("--seed", type=int, default=13)
        parser.add_argument("--revert", action="store_true", help="use the packaged encoder again")

    def handle(self, *args, **options):
        folder = Path(settings.SKILL_MODELS_DIR)
        if options["revert"]:
            (folder / embeddings.CURRENT).unlink(missing_ok=True)
            embeddings.load_embedder.cache_clear()
            self.stdout.write("Skill extraction uses the packaged encoder again.")
            return
        base = embeddings.packaged_model_path()
        if base is None or embeddings.load_embedder() is None:
            raise CommandError("No sentence encoder installed to start from: run `make install`.")
        framework = Framework.objects.filter(slug=options["framework"]).first()
        if framework is None:
            raise CommandError(f"Unknown framework {options['framework']!r}: import it first.")
        for name in ("max_pairs", "epochs", "batch_size"):
            if options[name] < 1 or (name == "batch_size" and options[name] < 2):
                raise CommandError(f"--{name.replace('_', '-')} is too small.")
        language = options["language"]
        concepts = self._concepts(framework, language)
        if len(concepts) < 2:
            raise CommandError(f"{framework} has no skills labelled in {language!r}.")
        progress = QUIET if options["verbosity"] == 0 else Steps(self.stdout._out)
        pairs = training_pairs(concepts, seed=options["seed"], limit=options["max_pairs"])
        staging = folder / f".training-{framework.slug}-{language}"
        shutil.rmtree(staging, ignore_errors=True)
        report = train_encoder(
            base,
            pairs,
            staging,
            seed=options["seed"],
            epochs=options["epochs"],
            batch_size=options["batch_size"],
            learning_rate=options["learning_rate"],
            progress=lambda steps: progress.rows(steps, "training steps", len(steps)),
        )
        # Named by its weights: label vectors are stored per encoder name, so a model
        # trained again on changed labels never reads the previous one's vectors.
        weights = hashlib.sha256((staging / "model.safetensors").read_bytes()).hexdigest()[:12]
        name = f"{framework.slug}-{language}-{weights}"
        target = folder / name
        shutil.rmtree(target, ignore_errors=True)
        staging.rename(target)
        progress.done(
            f"Trained {name} on {report.pairs:,} pairs from {len(concepts):,} skills: "
            f"{report.steps:,} steps in {report.seconds:.0f} s (last loss {report.final_loss:.3f})."
        )
        # Vectors first, then the switch: extraction never meets the new encoder without
        # its vectors (it would fall back to lexical ranking meanwhile).
        started = time.perf_counter()
        trained = embeddings.Embedder(target)
        for chosen in Framework.objects.all():
            framework_vectors_update(chosen, progress=progress, embedder=trained)
        (folder / embeddings.CURRENT).write_text(name + "\n")
        embeddings.load_embedder.cache_clear()
        progress.done(
            f"Skill extraction now uses {name} (label vectors in "
            f"{time.perf_counter() - started:.0f} s); restart the app servers to load it. "
            "`--revert` goes back to the packaged one."
        )

    def _concepts(self, framework: Framework, language: str) -> list[Concept]:
        rows = rankable_skills(framework).values_list("labels", "alt_labels", "descriptions")
        return [
            Concept(labels[language], tuple(alts.get(language, ())), texts.get(language, ""))
            for labels, alts, texts in rows
            if labels.get(language)
        ]
