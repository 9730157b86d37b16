"""Start-up check: say loudly when skill extraction runs its lexical fallback, in every
management command's checks (runserver, migrate, check --deploy) and once in the log of
any server process."""

import logging

from django.core import checks

from biocampus.skills.embeddings import model_installed, model_path

logger = logging.getLogger("biocampus.skills")

FALLBACK = (
    "Skill extraction runs its LEXICAL FALLBACK: no sentence encoder could be found "
    "(PyTorch, sentence-transformers or the model package is missing; looked for {path}). "
    "Suggestions will compare words only and miss skills written differently."
)
HINT = "Run `make install` (it installs the CPU build of PyTorch and the model)."


@checks.register()
def sentence_encoder_check(app_configs=None, **kwargs):
    if model_installed():
        return []
    return [checks.Warning(FALLBACK.format(path=model_path()), hint=HINT, id="skills.W001")]


def warn_if_lexical() -> None:
    if not model_installed():
        logger.warning("%s %s", FALLBACK.format(path=model_path()), HINT)
