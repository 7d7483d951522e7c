"""The rasd web app and JSON API (`rasd serve`): read, search, map and export, Arabic first.

    from rasd.web import create_app
    app = create_app("sqlite:///rasd.db", token="…")
"""

from __future__ import annotations

from rasd.web.app import create_app

__all__ = ["create_app"]
