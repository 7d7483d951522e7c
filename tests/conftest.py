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


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium, headless, one per test module (the browser tests)."""
    from tests.web_support import ARGS, CHROMIUM

    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        yield b
        b.close()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store(request, tmp_path):
    """An empty store on SQLite and on PostgreSQL (modules with data of their own define theirs)."""
    from rasd.store import Store
    from tests.store_support import db_url

    gen = db_url(request.param, tmp_path)
    st = Store.open(next(gen))
    yield st
    st.close()
    gen.close()
