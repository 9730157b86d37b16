"""Shared start-up for the benchmark scripts: Django on the configured database."""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def django_setup() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "biocampus.settings")
    os.environ.setdefault("SECRET_KEY", "benchmark-only-secret")
    # DEBUG is off, so the rate limits need a cache every server process shares.
    os.environ.setdefault("CACHE_URL", "redis://127.0.0.1:6379/15")
    import django

    django.setup()


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]
