"""Counters that the test suite prints in its final summary line.

Tests record what they tried (bad inputs, payloads, private values found…);
``tests/conftest.py`` prints one French line per category at the end of the run. Under
pytest-xdist, each worker exports its counters when it finishes and the controller adds
them up (:func:`exporter`, :func:`ajouter`).
"""

from __future__ import annotations

from collections import defaultdict

#: category → name → number, in insertion order.
RESULTS: dict[str, dict[str, int]] = defaultdict(dict)


def record(category: str, **counts: int) -> None:
    """Add ``counts`` to ``category`` (e.g. ``record("entrées invalides", essayées=1)``)."""
    bucket = RESULTS[category]
    for name, value in counts.items():
        bucket[name] = bucket.get(name, 0) + value


def exporter() -> dict[str, dict[str, int]]:
    """The counters of this process, as plain data (sent by a worker to the controller)."""
    return {category: dict(counts) for category, counts in RESULTS.items()}


def ajouter(counters: dict[str, dict[str, int]]) -> None:
    """Add the counters another process exported."""
    for category, counts in counters.items():
        record(category, **counts)


def lines() -> list[str]:
    """One line per category: ``catégorie : nom1 = n, nom2 = m``."""
    return [
        f"{category} : " + ", ".join(f"{name} = {value}" for name, value in counts.items())
        for category, counts in RESULTS.items()
    ]
