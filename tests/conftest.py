"""Shared fixtures: the shared data folder, the seed article, one loaded pipeline."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = (ROOT.parent / "shared").resolve()


def shared_path(*parts: str) -> Path:
    """A path under ../shared, skipping the test with a clear message when it is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"../shared is absent here ({path} not found)")
    return path


@pytest.fixture(scope="session")
def pipeline():
    from rasd.pipeline import shared

    return shared()


@pytest.fixture(scope="session")
def seed_text() -> str:
    return shared_path("examples", "seed", "article.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_record(seed_text):
    import rasd

    return rasd.analyze(seed_text, published="2019-08-19", source="الوسيلة", id="seed-alwasila-putin-idlib")
