"""Ingest: everything that turns outside input into `Article`s (files, HTML, JSONL, feeds, WARC)."""
