"""The dashboards' cache: computed figures and rendered pages kept under a "roll-up generation".

The generation is an integer in the cache under a fixed key. Every roll-up run that may have
changed a roll-up row, and every change to what a dashboard shows outside the roll-ups
(benefits.signals), bumps it when its transaction commits, so figures and pages kept under the
old generation are never read again (they expire on their own). A request that changes nothing
reads them without recomputing. Figures are keyed with the generation; a page (keep/kept) is
stored with the generation it was made in, so one round trip reads the generation and page.

If the generation key is missing (cache cleared or evicted) it starts again from the clock in
nanoseconds, never from a number figures may already be cached under. With a shared cache
(Redis) every web process and worker sees the same generation; LocMemCache is per process and
only for a single-process, eager-tasks set-up.

Only plain values (dataclasses of Decimals, ints, strings and dates) go into the cache, never
querysets or model instances; access checks run before the cache is read.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils.translation import get_language

T = TypeVar("T")

GENERATION_KEY = "benefits:dashboards:generation"
FIGURES_PREFIX = "benefits:dashboards:figures"


def dashboard_generation() -> int:
    """The current roll-up generation; started afresh (from the clock) if missing."""
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, time.time_ns(), timeout=None)
        generation = cache.get(GENERATION_KEY)
        if generation is None:  # a cache that keeps nothing (DummyCache)
            return 0
    return int(generation)


def _bump() -> None:
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # missing: any new value is a new generation
        cache.add(GENERATION_KEY, time.time_ns(), timeout=None)


def dashboard_generation_bump() -> None:
    """Make every cached figure stale, once the current transaction commits (at once outside
    one), so no request between the write and its commit caches the old figures anew."""
    transaction.on_commit(_bump, robust=True)


def _key(key_parts: Iterable[object]) -> str:
    parts = [str(dashboard_generation()), get_language() or "", *map(str, key_parts)]
    digest = hashlib.sha256("|".join(parts).encode()).hexdigest()
    return f"{FIGURES_PREFIX}:{digest}"


def cached_figures(key_parts: Iterable[object], compute: Callable[[], T]) -> T:
    """The figures under these key parts (plus the generation and the language), computed and
    kept for DASHBOARD_CACHE_SECONDS if missing. Every input of `compute` must be in the key."""
    if not settings.DASHBOARD_CACHE_SECONDS:  # the cache is off: neither read nor kept
        return compute()
    key = _key(key_parts)
    figures = cache.get(key)
    if figures is None:
        figures = compute()
        cache.set(key, figures, timeout=settings.DASHBOARD_CACHE_SECONDS)
    return figures


PAGES_PREFIX = "benefits:dashboards:pages"


def _page_key(key_parts: Iterable[object]) -> str:
    """A key without the generation: a kept value carries the generation it was made in."""
    parts = [get_language() or "", *map(str, key_parts)]
    return f"{PAGES_PREFIX}:{hashlib.sha256('|'.join(parts).encode()).hexdigest()}"


def kept(key_parts: Iterable[object]) -> object | None:
    """What keep() stored under these key parts in the current generation (None if nothing
    was, or it was kept in an earlier one): one round trip to the cache for the generation
    and the value."""
    if not settings.DASHBOARD_CACHE_SECONDS:
        return None
    key = _page_key(key_parts)
    found = cache.get_many([GENERATION_KEY, key])
    generation = found.get(GENERATION_KEY)
    if generation is None:
        generation = dashboard_generation()
    stored = found.get(key)
    return stored[1] if stored and stored[0] == generation else None


def keep(key_parts: Iterable[object], value: object) -> None:
    """Store a value (a rendered page or its content, say) with the current generation, until
    the generation moves on or DASHBOARD_CACHE_SECONDS pass. Every input of the value must be
    in the key parts."""
    if settings.DASHBOARD_CACHE_SECONDS:
        cache.set(
            _page_key(key_parts),
            (dashboard_generation(), value),
            timeout=settings.DASHBOARD_CACHE_SECONDS,
        )
