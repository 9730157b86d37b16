"""Counting uses against a limit in the shared cache, so every worker counts together."""

from django.core.cache import cache


def over_quota(key: str, *, limit: int, seconds: int) -> bool:
    """Count one use under `key` (kept `seconds`); True once the uses pass `limit`. The
    add-then-increment is atomic in Redis and the database cache alike."""
    cache.add(key, 0, timeout=seconds)
    return cache.incr(key) > limit
