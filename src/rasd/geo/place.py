"""A gazetteer entry as the builders hold it, and the distance they measure between entries.

Its own module so that the builders of each source (`build`, `build_arab`) share it without
importing each other.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field


@dataclass
class Place:
    """One gazetteer entry before it is written."""

    ref: str | int
    name: str
    lat: float | None
    lon: float | None
    country: str
    admin1: str | None
    feature: str
    population: int = 0
    source: str = ""
    names: set[str] = field(default_factory=set)
    display: str = ""
    admin2: str | None = None
    admin3: str | None = None
    pcode: str | None = None  # the P-code of the most specific admin unit known to hold (or be) it
    minor: bool = False  # a village or quarter of the regional sources, known to no wider source


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(h))
