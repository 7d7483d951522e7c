"""Incidents: read one, and the reviewer's overrides (merge, split) that need the write token."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path
from pydantic import BaseModel, ConfigDict, Field

from rasd.web.deps import ERRORS, StoreDep, invalid, require_read, require_write

router = APIRouter(dependencies=[Depends(require_read)], responses={401: ERRORS[401]})
write_router = APIRouter(responses={401: ERRORS[401]})
Ref = Annotated[str, Field(min_length=1, max_length=400)]


class Incident(BaseModel):
    """An incident: `id`, its fused `row` (the event columns), every report (figures, outlet,
    whether a reviewer pinned it) and the overrides that touched it."""

    id: str
    row: dict[str, Any]
    reports: list[dict[str, Any]]
    overrides: list[dict[str, Any]]


class MergeIn(BaseModel):
    """Incident ids or report ids (`event_id_cnty`, or "article_id/event_id") to make one incident."""

    model_config = ConfigDict(extra="forbid")
    ids: list[Ref] = Field(min_length=1, max_length=200)
    by: str | None = Field(None, max_length=200, description="who decides (kept in the override log)")
    note: str | None = Field(None, max_length=2000)


class SplitIn(BaseModel):
    """A report to take out of its incident (an incident id: every report set apart)."""

    model_config = ConfigDict(extra="forbid")
    id: Ref
    by: str | None = Field(None, max_length=200)
    note: str | None = Field(None, max_length=2000)


@router.get("/api/incidents/{ref}", response_model=Incident, tags=["incidents"],
            responses={404: ERRORS.get(404, {"description": "no such incident or report"})})
def show(store: StoreDep, ref: Annotated[str, Path(max_length=400)]) -> dict[str, Any]:
    """An incident, named by its id or by any of its reports."""
    from rasd.store.incidents import UnknownReference, show

    try:
        return show(store, ref)
    except UnknownReference as exc:
        raise HTTPException(404, str(exc)) from None


@write_router.post("/api/incidents/merge", response_model=Incident, tags=["incidents"],
                   dependencies=[Depends(require_write)], responses=ERRORS)
def merge(body: MergeIn, store: StoreDep) -> dict[str, Any]:
    """Make the incidents named (or holding the reports named) one incident; wins over re-fusion."""
    from rasd.store.incidents import UnknownReference, merge

    try:
        return merge(store, body.ids, by=body.by, note=body.note)
    except UnknownReference as exc:
        raise invalid(("body", "ids"), str(exc)) from None


@write_router.post("/api/incidents/split", response_model=Incident, tags=["incidents"],
                   dependencies=[Depends(require_write)], responses=ERRORS)
def split(body: SplitIn, store: StoreDep) -> dict[str, Any]:
    """Take a report out of its incident; wins over re-fusion. Returns the report's own incident."""
    from rasd.store.incidents import UnknownReference, split

    try:
        return split(store, body.id, by=body.by, note=body.note)
    except UnknownReference as exc:
        raise invalid(("body", "id"), str(exc)) from None
