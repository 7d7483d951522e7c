"""Batch analysis of article shards (JSON Lines, WARC) on a Dask cluster, into Parquet tables.

    from rasd.batch import run_batch
    result = run_batch([Path("shards/")], Path("out/"), workers=2)

See `rasd.batch.driver` (the run), `worker` (what runs on a worker), `tables` (the Parquet
schemas) and `shards` (inputs and tasks; WARC files are read by `rasd.ingest.warc`).
"""

from __future__ import annotations

from rasd.batch.driver import BatchResult, run_batch
from rasd.batch.tables import SCHEMAS, TABLES

__all__ = ["SCHEMAS", "TABLES", "BatchResult", "run_batch"]
