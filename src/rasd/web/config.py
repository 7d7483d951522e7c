"""The web app's settings: arguments to `create_app` first, then `RASD_*` environment variables."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

STATIC = Path(__file__).resolve().parent / "static"
TEMPLATES = Path(__file__).resolve().parent / "templates"
VENDOR = STATIC / "vendor"
MAX_BODY = 2_000_000


@dataclass(frozen=True, kw_only=True)
class Settings:
    """How one app instance behaves. Reads are open unless `read_token` is set; writes need `token`."""

    store_url: str | None = None
    token: str | None = None
    read_token: str | None = None
    tiles_url: str | None = None  # e.g. https://tile.openstreetmap.org/{z}/{x}/{y}.png; None = outline only
    tiles_attribution: str = ""
    cors_origins: tuple[str, ...] = ()
    max_body: int = MAX_BODY
    fetch_timeout: float = 20.0
    map_cap: int = 1000  # most single events the map draws; past it /api/map aggregates (RASD_MAP_CAP)
    extra_csp_img: tuple[str, ...] = field(default=())

    @classmethod
    def from_env(cls, **given: object) -> Settings:
        """Settings from explicit values, falling back to the environment for the unset ones."""
        env = os.environ
        values: dict[str, object] = {
            "store_url": env.get("RASD_DB"),
            "token": env.get("RASD_TOKEN"),
            "read_token": env.get("RASD_READ_TOKEN"),
            "tiles_url": env.get("RASD_TILES"),
            "tiles_attribution": env.get("RASD_TILES_ATTRIBUTION", ""),
            "cors_origins": tuple(o for o in env.get("RASD_CORS_ORIGINS", "").split(",") if o.strip()),
            "max_body": int(env.get("RASD_MAX_BODY", MAX_BODY)),
            "map_cap": int(env.get("RASD_MAP_CAP", 1000)),
        }
        values.update({k: v for k, v in given.items() if v is not None})
        values = {k: (v or None) if k in {"token", "read_token", "tiles_url", "store_url"} else v
                  for k, v in values.items()}
        return cls(**values)  # type: ignore[arg-type]

    @property
    def has_leaflet(self) -> bool:
        return (VENDOR / "leaflet" / "leaflet.js").is_file()

    @property
    def has_uplot(self) -> bool:
        return (VENDOR / "uplot" / "uPlot.iife.min.js").is_file()

    @property
    def has_swagger(self) -> bool:
        return (VENDOR / "swagger-ui" / "swagger-ui-bundle.js").is_file()

    @property
    def tiles_origin(self) -> str | None:
        """scheme://host of the tile server, for the Content-Security-Policy."""
        if not self.tiles_url or "://" not in self.tiles_url:
            return None
        scheme, rest = self.tiles_url.split("://", 1)
        host = rest.split("/", 1)[0].replace("{s}.", "*.")
        return f"{scheme}://{host}"
