"""`Store`: the database behind the CLI, the web app and batch runs (SQLite or PostgreSQL).

One article is written in one transaction, so a run killed at any moment leaves every article
either fully stored (article, analysis, extracted rows) or absent, and a re-run completes it.
Articles are found again by id, then URL, then content hash: ingesting twice updates.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Engine,
    Integer,
    and_,
    bindparam,
    create_engine,
    delete,
    event,
    exists,
    func,
    literal_column,
    or_,
    select,
    text,
    union,
)
from sqlalchemy import column as sa_column
from sqlalchemy import table as sa_table
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from rasd import taxonomy
from rasd.article import Article, content_hash
from rasd.filters import EventFilter, actor_keys
from rasd.fingerprint import VERSION, fingerprint
from rasd.rows import as_dict, event_row_from, event_rows, place_rows, quote_rows
from rasd.store import accounts, incidents, review, searchtext
from rasd.store.models import (
    Analysis,
    ArticleRow,
    Entity,
    Event,
    FetchState,
    NameKey,
    Place,
    Quote,
    Source,
)
from rasd.text.clean import clean
from rasd.text.keys import name_filter_key

DEFAULT_URL = "sqlite:///./rasd.db"
SQLITE_CACHE_KIB = 32 * 1024  # per connection (`_sqlite_pragmas`)
STATS_MIN_ARTICLES = 1000  # below, SQLite plans well enough without statistics (`refresh_statistics`)
STATS_SAMPLE = 1000  # rows ANALYZE reads per index (PRAGMA analysis_limit)
MIGRATIONS = Path(__file__).with_name("migrations")
SCHEMA_MODULES = (accounts, review)  # their tables are part of the schema the migrations build
Items = tuple[list[dict[str, Any]], int]


def resolve_url(url: str | None = None) -> str:
    """A SQLAlchemy URL from `--db`, `$RASD_DB` or the default; bare paths mean SQLite files."""
    url = url or os.environ.get("RASD_DB") or DEFAULT_URL
    if "://" not in url:
        return f"sqlite:///{url}"
    if url.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def version_key(version: str | None) -> tuple[int, ...]:
    """`rasd-0.10.2` -> (0, 10, 2), to tell a newer pipeline from an older one."""
    return tuple(int(n) for n in re.findall(r"\d+", version or ""))


def _json(value: Any) -> str:
    """JSON columns keep Arabic as is (escaped it would take three times the space)."""
    return json.dumps(value, ensure_ascii=False)


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    """WAL with synchronous=FULL: a committed article survives a power cut, not only a crash of
    rasd (NORMAL would keep the file consistent but could lose the last commits). An ingest commits
    once per article, so the extra fsync costs little next to the analysis; RASD_SQLITE_SYNC=normal
    trades that durability for speed on bulk loads.

    Each connection caches up to 32 MiB of pages (SQLite's default is 2 MiB): the counts, the map
    and the filtered lists read the same indexes and event rows on every request, and at 30,000
    articles re-reading them from the OS cost a third of the home page's CPU. Pages are cached
    as read, so a small store uses little."""
    sync = "NORMAL" if os.environ.get("RASD_SQLITE_SYNC", "").strip().lower() == "normal" else "FULL"
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute(f"PRAGMA synchronous={sync}")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.execute(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")
    cur.close()


class Store:
    """Articles, analyses and extracted items in one database; see `rasd.store` for the API."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.dialect = engine.dialect.name

    # -- opening ---------------------------------------------------------------------------

    @classmethod
    def open(cls, url: str | None = None, *, migrate: bool = True) -> Store:
        """Connect (creating the SQLite file when needed) and bring the schema up to date."""
        url = resolve_url(url)
        if url.startswith("sqlite"):
            path = url.split(":///", 1)[-1].split("?", 1)[0]
            if path and path != ":memory:":
                Path(path).parent.mkdir(parents=True, exist_ok=True)
            engine = create_engine(url, connect_args={"timeout": 30}, json_serializer=_json)
            event.listen(engine, "connect", _sqlite_pragmas)
        else:
            engine = create_engine(url, pool_pre_ping=True, json_serializer=_json)
        store = cls(engine)
        if migrate:
            store.migrate()
        return store

    def migrate(self) -> None:
        """Run the Alembic migrations up to head (idempotent)."""
        from alembic import command
        from alembic.config import Config

        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        with self.engine.begin() as conn:
            if self.dialect == "postgresql":  # one migrator at a time
                conn.execute(text("SELECT pg_advisory_xact_lock(7351)"))
            before = _sqlite_revision(conn) if self.dialect == "sqlite" else None
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
            migrated = self.dialect == "sqlite" and _sqlite_revision(conn) != before
        self._fill_event_rows()
        filled = incidents.fill(self)
        if self.dialect == "sqlite":
            self.refresh_statistics(force=migrated or filled)

    def refresh_statistics(self, *, force: bool = False, min_articles: int = STATS_MIN_ARTICLES) -> bool:
        """SQLite's planner statistics (a sampled ANALYZE, 0.1 s on a 1 GB store), when the store
        has none yet and holds `min_articles`, has doubled since they were taken, or `force` (the
        schema changed: new indexes without statistics). SQLite never gathers them itself; at 27,000
        articles the counts, map and events list took twice the CPU without them, and statistics
        from before a migration or a bulk load (some indexes counted, others not, row counts ten
        times too low) misled the planner worse. PostgreSQL's autovacuum keeps its own. True when
        refreshed; a locked or read-only file keeps the old ones until the next open."""
        from sqlalchemy.exc import OperationalError

        with self.engine.connect() as conn:
            articles = conn.exec_driver_sql("SELECT count(*) FROM articles").scalar() or 0
            stat = conn.exec_driver_sql("SELECT stat FROM sqlite_stat1 WHERE tbl = 'articles' LIMIT 1").scalar() \
                if conn.exec_driver_sql("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").scalar() else None
            then = int(str(stat).split()[0]) if stat else 0
            if not (force and articles) and (articles < min_articles or (then and articles < 2 * then)):
                return False
            try:
                conn.exec_driver_sql(f"PRAGMA analysis_limit={STATS_SAMPLE}")
                conn.exec_driver_sql("ANALYZE")
                conn.commit()
            except OperationalError:
                conn.rollback()
                return False
        return True

    def _fill_event_rows(self, page: int = 200) -> int:
        """Give events stored before the row model (migration 0003) their rows, from the stored
        records, so a database upgraded in place shows every event at once (re-analysis is
        `rasd reanalyze`'s job). Returns how many articles were filled; 0 (one query) when none."""
        done = 0
        while True:
            with self.session() as s:
                pks = list(s.scalars(select(Event.article_pk).where(Event.row.is_(None)).distinct().limit(page)))
                for pk in pks:  # the article's ingest time stands for when its events were first stored
                    rec = s.scalar(select(Analysis.record).where(Analysis.article_pk == pk))
                    first = s.scalar(select(ArticleRow.ingested_at).where(ArticleRow.pk == pk))
                    self._write_items(s, pk, rec or {}, first=first)
            done += len(pks)
            if len(pks) < page:
                return done

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session in one transaction (committed on success)."""
        with Session(self.engine, expire_on_commit=False) as s, s.begin():
            yield s

    # -- writing ---------------------------------------------------------------------------

    def status_of(self, article: Article, version: str | None = None) -> str | None:
        """What `ingest` would say without the analysis: "unchanged" when this text was already
        analysed by a newer pipeline version, or by this one with the same fingerprint (model,
        lexicon, gazetteer), else None (analyse it)."""
        version = version or VERSION
        with self.session() as s:
            row = self._find(s, article.id, article.url, content_hash(article.text))
            if row is None or row.content_hash != content_hash(article.text):
                return None
            done = s.execute(select(Analysis.pipeline_version, Analysis.fingerprint)
                             .where(Analysis.article_pk == row.pk)).first()
            if done is not None and _same_meta(row, article) and _current(done[0], done[1], version):
                return "unchanged"
            return None

    def ingest(self, article: Article | None, record: dict[str, Any], *, version: str | None = None) -> str:
        """Store an article and its record: "ingested" | "updated" | "unchanged".

        `article` may be None (it is then rebuilt from the record). A record made by an older
        pipeline version never replaces one made by a newer version.
        """
        article = article or _article_from_record(record)
        version = version or VERSION
        for attempt in (1, 2):  # a concurrent writer may insert the same article first
            try:
                with self.session() as s:
                    return self._ingest(s, article, record, version)
            except IntegrityError:
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def _ingest(self, s: Session, article: Article, record: dict[str, Any], version: str) -> str:
        print_ = fingerprint() if version == VERSION else None
        chash = content_hash(article.text)
        row = self._find(s, article.id, article.url, chash)
        if row is not None and row.id != article.id:  # found by URL or text: the stored id stays
            record = dict(record, doc=dict(record.get("doc") or {}, id=row.id))
        rhash = hashlib.sha256(json.dumps(record, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
        analysis = s.scalar(select(Analysis).where(Analysis.article_pk == row.pk)) if row else None
        if row is not None and analysis is not None:
            if version_key(analysis.pipeline_version) > version_key(version):
                return "unchanged"
            if row.content_hash == chash and analysis.record_hash == rhash and analysis.pipeline_version == version:
                if analysis.fingerprint != print_:
                    analysis.fingerprint = print_  # the same record from the current pipeline: up to date
                return "unchanged"
        status = "updated" if row is not None else "ingested"
        row = self._write_article(s, row, article, chash)
        if analysis is None:
            analysis = Analysis(article_pk=row.pk)
            s.add(analysis)
        analysis.pipeline_version, analysis.record_hash, analysis.record = version, rhash, record
        analysis.fingerprint = print_
        analysis.created_at = _now()
        self._write_items(s, row.pk, record)
        return status

    def _find(self, s: Session, aid: str | None, url: str | None, chash: str) -> ArticleRow | None:
        if aid:
            row = s.scalar(select(ArticleRow).where(ArticleRow.id == aid))
            if row is not None:
                return row
        if url:
            row = s.scalar(select(ArticleRow).where(ArticleRow.url == url).limit(1))
            if row is not None:
                return row
        # same text: the same article, unless it is a verbatim copy published elsewhere
        for row in s.scalars(select(ArticleRow).where(ArticleRow.content_hash == chash).limit(20)):
            if not (url and row.url and row.url != url):
                return row
        return None

    def _write_article(self, s: Session, row: ArticleRow | None, article: Article, chash: str) -> ArticleRow:
        from rasd.store.dedup import signature

        canonical = clean(article.text).text
        if row is None:
            row = ArticleRow(id=article.id or f"rasd-{chash[:12]}", ingested_at=_now())
            s.add(row)
        if row.content_hash != chash:
            row.text, row.canonical, row.content_hash = article.text, canonical, chash
            row.search_text = searchtext.index_text(canonical)
            row.minhash = signature(canonical)
            row.dup_group = None
        row.url = article.url or row.url
        row.title = article.title
        row.published = article.published
        row.source_pk = self._source_pk(s, article.source)
        row.meta = {"warnings": list(article.warnings)} if article.warnings else {}
        row.updated_at = _now()
        s.flush()
        return row

    def _source_pk(self, s: Session, name: str | None) -> int | None:
        if not name:
            return None
        pk = s.scalar(select(Source.pk).where(Source.name == name))
        if pk is None:
            src = Source(name=name)
            s.add(src)
            s.flush()
            pk = src.pk
        return pk

    def _write_items(self, s: Session, article_pk: int, record: dict[str, Any], *,
                     first: dt.datetime | None = None) -> None:
        """Replace the flattened entities, quotes, places and events of one article.

        An event keeps the time it was first stored (ACLED's `timestamp`) when the new analysis
        finds it again (same type, sub-type, day and place)."""
        stamps = {_identity(r or {}): t for r, t in s.execute(
            select(Event.row, Event.stored_at).where(Event.article_pk == article_pk)).all() if t is not None}
        fused = incidents.blocks_of_article(s, article_pk)  # re-fused below, with the new events
        for model in (Entity, Quote, Place, Event):
            s.execute(delete(model).where(model.article_pk == article_pk))
        rows: list[Any] = []
        for e in _dicts(record.get("entities")):
            rows.append(
                Entity(
                    article_pk=article_pk,
                    eid=e.get("id"),
                    label=e.get("label"),
                    text=e.get("text"),
                    canonical=e.get("canonical"),
                    key=name_filter_key(e.get("canonical") or e.get("text")),
                    start=e.get("start"),
                    end=e.get("end"),
                )
            )
        for q, data in zip(quote_rows(record), _dicts(record.get("quotes")), strict=True):  # the shared rows
            rows.append(
                Quote(
                    article_pk=article_pk,
                    qid=q.id,
                    kind=q.kind,
                    stance=q.stance,
                    speaker=q.speaker,
                    speaker_key=name_filter_key(q.speaker_canonical or q.speaker_name or q.speaker),
                    text=q.text,
                    start=q.start,
                    end=q.end,
                    data=data,
                )
            )
        for p in place_rows(record):
            rows.append(
                Place(
                    article_pk=article_pk,
                    pid=p.id,
                    text=p.text,
                    key=name_filter_key(p.text),
                    geonameid=p.geonameid,
                    name=p.name,
                    name_ar=p.name_ar,
                    country=p.country,
                    admin1=p.admin1,
                    lat=p.lat,
                    lon=p.lon,
                    start=p.start,
                    end=p.end,
                )
            )
        now = int((first or _now()).replace(tzinfo=dt.UTC).timestamp())
        events = {str(v.get("id")): v for v in _dicts([*_dicts(record.get("events")),
                                                          *_dicts(record.get("background_events"))])}
        machine_rows = event_rows(record)
        for r in machine_rows:
            r.timestamp = stamps.get(_identity(as_dict(r)), now)
        for r, review_key, machine in review.overlay(s, article_pk, machine_rows):  # reviewers' values stay
            ev = _event_model(article_pk, r, events.get(str(r.event_id), {}))
            ev.review_status, ev.review_key, ev.machine = r.review_status, review_key, machine
            rows.append(ev)
        s.add_all(rows)
        incidents.on_article_written(s, article_pk, fused)

    def event_model(self, article_pk: int, row: Any, data: dict[str, Any]) -> Event:
        """The stored event of a row (for `rasd.store.review`, which saves reviewed rows)."""
        return _event_model(article_pk, row, data)

    def record_fetch(self, url: str, *, etag: str | None, last_modified: str | None, status: int) -> None:
        """Remember the validators of a fetched URL (for the next conditional GET)."""
        with self.session() as s:
            row = s.get(FetchState, url) or FetchState(url=url)
            row.etag, row.last_modified, row.status, row.fetched_at = etag, last_modified, status, _now()
            s.add(row)

    def fetch_state(self, url: str) -> dict[str, Any] | None:
        """The validators last seen at `url`, or None."""
        with self.session() as s:
            row = s.get(FetchState, url)
            if row is None:
                return None
            return {"etag": row.etag, "last_modified": row.last_modified, "status": row.status}

    def dedup(self, **options: Any) -> dict[str, int]:
        """Group near-duplicate articles; count the incidents (fused as articles are stored)."""
        from rasd.store.dedup import run

        return run(self, **options)

    # -- reading ---------------------------------------------------------------------------

    def get_record(self, article_id: str) -> dict[str, Any] | None:
        """The `rasd.analysis/1` record of an article, or None."""
        with self.session() as s:
            return s.scalar(
                select(Analysis.record)
                .join(ArticleRow, ArticleRow.pk == Analysis.article_pk)
                .where(ArticleRow.id == article_id)
            )

    def get_article(self, article_id: str) -> dict[str, Any] | None:
        """Article metadata with the pipeline version and near-duplicate siblings (ids)."""
        with self.session() as s:
            row = s.scalar(select(ArticleRow).where(ArticleRow.id == article_id))
            if row is None:
                return None
            item = self._items(s, [row.pk])[0]
            item["pipeline_version"] = s.scalar(select(Analysis.pipeline_version).where(Analysis.article_pk == row.pk))
            item["duplicates"] = (
                list(
                    s.scalars(
                        select(ArticleRow.id).where(ArticleRow.dup_group == row.dup_group, ArticleRow.pk != row.pk)
                    )
                )
                if row.dup_group is not None
                else []
            )
            return item

    def list_articles(self, query: str | None = None, **filters: Any) -> Items:
        """Articles, newest first (or ranked by `query` when one is given)."""
        limit, offset = filters.pop("limit", 20), filters.pop("offset", 0)
        if query and searchtext.query_terms(query):
            return self.search(query, limit=limit, offset=offset, **filters)
        conds = self._article_filters(**filters)
        with self.session() as s:
            total = s.scalar(select(func.count()).select_from(ArticleRow).where(*conds)) or 0
            pks = list(
                s.scalars(
                    select(ArticleRow.pk)
                    .where(*conds)
                    .order_by(ArticleRow.published.desc().nulls_last(), ArticleRow.pk.desc())
                    .limit(limit)
                    .offset(offset)
                )
            )
            return self._items(s, pks), total

    def search(self, query: str, *, limit: int = 20, offset: int = 0, **filters: Any) -> Items:
        """Ranked full-text search over the canonical text, with snippets of the original."""
        terms = searchtext.query_terms(query)
        if not terms:
            return [], 0
        conds = self._article_filters(**filters)
        if self.dialect == "sqlite":
            fts = sa_table("articles_fts", sa_column("rowid"))
            rank = func.bm25(literal_column("articles_fts"))
            match = text("articles_fts MATCH :q").bindparams(q=searchtext.fts5_query(terms))
            base = select(ArticleRow.pk).join(fts, fts.c.rowid == ArticleRow.pk).where(match, *conds)
            order = rank.asc()
        else:
            tsv = literal_column("articles.search_tsv")  # stored, GIN-indexed (migration 0002)
            tsq = func.to_tsquery(literal_column("'simple'::regconfig"), searchtext.tsquery(terms))
            base = select(ArticleRow.pk).where(tsv.op("@@")(tsq), *conds)
        with self.session() as s:
            if self.dialect == "sqlite":
                total = s.scalar(select(func.count()).select_from(base.subquery())) or 0
                pks = list(s.scalars(base.order_by(order, ArticleRow.pk).limit(limit).offset(offset)))
            else:
                total, pks = _pg_ranked(s, base, tsq, limit, offset)
            items = self._items(s, pks)
            texts = {
                pk: (t, c)
                for pk, t, c in s.execute(
                    select(ArticleRow.pk, ArticleRow.text, ArticleRow.canonical).where(ArticleRow.pk.in_(pks))
                ).all()
            }
        for item, pk in zip(items, pks, strict=True):
            original, canonical = texts[pk]
            item["snippet"], item["highlights"] = searchtext.snippet(original, terms, canonical=canonical)
        return items, total

    def _items(self, s: Session, pks: list[int]) -> list[dict[str, Any]]:
        if not pks:
            return []
        n_events = select(func.count()).where(Event.article_pk == ArticleRow.pk).correlate(ArticleRow).scalar_subquery()
        n_quotes = select(func.count()).where(Quote.article_pk == ArticleRow.pk).correlate(ArticleRow).scalar_subquery()
        rows = s.execute(
            select(
                ArticleRow.pk,
                ArticleRow.id,
                ArticleRow.title,
                Source.name,
                ArticleRow.published,
                ArticleRow.url,
                ArticleRow.dup_group,
                n_events,
                n_quotes,
            )
            .outerjoin(Source, Source.pk == ArticleRow.source_pk)
            .where(ArticleRow.pk.in_(pks))
        ).all()
        by_pk = {
            r[0]: {
                "id": r[1],
                "title": r[2],
                "source": r[3],
                "published": r[4].isoformat() if r[4] else None,
                "url": r[5],
                "dup_group": r[6],
                "events": r[7],
                "quotes": r[8],
            }
            for r in rows
        }
        return [by_pk[pk] for pk in pks if pk in by_pk]

    def _article_filters(
        self,
        *,
        date_from: str | dt.date | None = None,
        date_to: str | dt.date | None = None,
        place: str | None = None,
        actor: str | None = None,
        event_type: str | None = None,
        source: str | None = None,
    ) -> list[Any]:
        conds: list[Any] = []
        if date_from:
            conds.append(ArticleRow.published >= _date(date_from))
        if date_to:
            conds.append(ArticleRow.published <= _date(date_to))
        if source:
            conds.append(ArticleRow.source_pk.in_(select(Source.pk).where(Source.name == source)))
        if place:  # articles from the places table's indexes (a correlated EXISTS read every place row)
            k = name_filter_key(place)
            conds.append(ArticleRow.pk.in_(
                select(Place.article_pk).where(
                    or_(Place.key == k, Place.name == place, Place.admin1 == place, Place.key == f"ال{k}"))))
        if actor:  # a substring of an entity's or an event actor's key: matched on the distinct keys
            keys = select(NameKey.key).where(NameKey.key.like(f"%{name_filter_key(actor)}%"))
            conds.append(ArticleRow.pk.in_(union(
                select(Entity.article_pk).where(Entity.key.in_(keys)),
                select(Event.article_pk).where(Event.actor1_key.in_(keys)),
                select(Event.article_pk).where(Event.actor2_key.in_(keys)))))
        if event_type:  # an Arabic or English label works here too, as on the events page
            event_type = taxonomy.event_type_of(event_type) or event_type
            conds.append(exists().where(Event.article_pk == ArticleRow.pk, Event.event_type == event_type))
        return conds

    def events(self, filters: EventFilter | None = None, *, limit: int | None = 500, offset: int = 0,
               unit: str = "incident", **values: Any) -> Items:
        """Event rows (`rasd.rows.EventRow` as dicts, plus `id`) matching the filters, newest first.

        `unit="incident"` (the default) gives one row per incident, fused from every report of it
        (`rasd.store.incidents`); `unit="report"` one row per reported event, each carrying its
        incident's columns. `filters` is an `EventFilter`; raw `values` (Arabic or English) are
        parsed into one (`rasd.filters.UnknownFilterValue` for a value that names nothing)."""
        if filters is None:
            filters = self.event_filter(**values)
        if _unit(unit) == "incident" and not filters.machine:  # the machine's own values: per report
            return incidents.events(self, filters, limit=limit, offset=offset)
        with self.session() as s:
            scope = self._event_scope(s, filters)
            stmt = (
                select(Event.row, Event.vid, Event.data, incidents.Incident.row, Event.machine)
                .join(ArticleRow, ArticleRow.pk == Event.article_pk)
                .outerjoin(Source, Source.pk == ArticleRow.source_pk)
                .outerjoin(incidents.IncidentReport, incidents.IncidentReport.event_pk == Event.pk)
                .outerjoin(incidents.Incident, incidents.Incident.pk == incidents.IncidentReport.incident_pk)
                .where(*scope)
            )
            counted = select(func.count()).select_from(Event)  # the outer joins never change the count
            if filters.source:
                counted = counted.join(ArticleRow, ArticleRow.pk == Event.article_pk).outerjoin(
                    Source, Source.pk == ArticleRow.source_pk)
            total = s.scalar(counted.where(*scope)) or 0
            stmt = stmt.order_by(Event.date.desc().nulls_last(), Event.pk).offset(offset)
            if limit is not None:
                stmt = stmt.limit(limit)
            items = [_event_item(*r, machine=filters.machine) for r in s.execute(stmt).all()]
        return items, total

    def iter_events(self, filters: EventFilter, *, page: int = 1000,
                    unit: str = "incident") -> Iterator[dict[str, Any]]:
        """Every matching event (incidents, or reports with `unit="report"`), as `events` gives
        them, streamed in pages (an export of a million events never holds them all)."""
        if _unit(unit) == "incident" and not filters.machine:  # the machine's own values: per report
            yield from incidents.iter_events(self, filters, page=page)
            return
        last = 0
        while True:
            with self.session() as s:
                stmt = (
                    select(Event.pk, Event.row, Event.vid, Event.data, incidents.Incident.row, Event.machine)
                    .join(ArticleRow, ArticleRow.pk == Event.article_pk)
                    .outerjoin(Source, Source.pk == ArticleRow.source_pk)
                    .outerjoin(incidents.IncidentReport, incidents.IncidentReport.event_pk == Event.pk)
                    .outerjoin(incidents.Incident, incidents.Incident.pk == incidents.IncidentReport.incident_pk)
                    .where(Event.pk > last, *self._event_scope(s, filters))
                    .order_by(Event.pk).limit(page)
                )
                rows = s.execute(stmt).all()
            for pk, *rest in rows:
                last = pk
                yield _event_item(*rest, machine=filters.machine)
            if len(rows) < page:
                return

    def event_filter(self, **values: Any) -> EventFilter:
        """Parse raw filter values against what is stored (admin1 names and outlets it holds)."""
        values = {k: v for k, v in values.items() if v not in (None, "") and k != "place"}
        with self.session() as s:
            admin1 = list(s.scalars(select(Event.admin1).distinct())) if values.get("admin1") else []
            sources = list(s.scalars(select(Source.name))) if values.get("source") else None
        return EventFilter.parse(known_admin1=[a for a in admin1 if a], known_sources=sources, **values)

    def _event_scope(self, s: Session, f: EventFilter) -> list[Any]:
        """`_event_conditions`, and with `machine` set, the machine's values of reviewed events:
        those whose row a reviewer changed are few, so they are filtered on `events.machine` here."""
        if not f.machine:
            return self._event_conditions(f)
        changed = [pk for pk, m, st in s.execute(select(Event.pk, Event.machine, Event.review_status)
                                                   .where(Event.machine.is_not(None))).all()
                   if not m.get(review.ABSENT) and f.matches(event_row_from({**m, "review_status": st}))]
        return [or_(and_(Event.machine.is_(None), *self._event_conditions(f)), Event.pk.in_(changed))]

    @staticmethod
    def _event_conditions(f: EventFilter) -> list[Any]:
        """The SQL of `EventFilter.matches`, on the columns written from the same rows."""
        conds: list[Any] = [] if f.background else [Event.background.is_(False)]
        if f.review_status:
            conds.append(Event.review_status.in_(f.review_status.split(",")))
        elif not f.machine:
            conds.append(Event.review_status != "rejected")
        if f.event_type:
            conds.append(Event.event_type == f.event_type)
        if f.sub_event_type:
            conds.append(Event.sub_event_type == f.sub_event_type)
        if f.date_from:
            conds.append(Event.date >= f.date_from)
        if f.date_to:
            conds.append(Event.date <= f.date_to)
        if f.admin1:
            conds.append(Event.admin1 == f.admin1)
        if f.country:
            conds.append(Event.country_code == f.country)
        if f.source:
            conds.append(Source.name == f.source)
        if f.actor:
            conds.append(Event.actor_keys.contains(f.actor, autoescape=True))
        return conds

    def event_records(self, filters: EventFilter) -> Iterator[dict[str, Any]]:
        """The records of the articles holding at least one matching event (every record when no
        filter is set), oldest article first."""
        if not filters.params():
            yield from self.records()
            return
        matching = (select(Event.article_pk).join(ArticleRow, ArticleRow.pk == Event.article_pk)
                    .outerjoin(Source, Source.pk == ArticleRow.source_pk).where(*self._event_conditions(filters)))
        yield from self.records(_pks=matching)

    def quotes(
        self,
        *,
        speaker: str | None = None,
        stance: str | None = None,
        source: str | None = None,
        review_status: str | None = None,
        limit: int | None = 50,
        offset: int = 0,
    ) -> Items:
        """Quotes with their article, newest article first; rejected ones (`rasd.store.review`)
        only when `review_status` asks for them (a comma-separated set, or "all")."""
        from rasd.filters import review_statuses

        qr = review.QuoteReview
        status = func.coalesce(qr.status, "unreviewed")
        wanted = review_statuses(review_status) if review_status else None
        conds: list[Any] = [status.in_(wanted.split(",")) if wanted else status != "rejected"]
        if speaker:
            conds.append(Quote.speaker_key.like(f"%{name_filter_key(speaker)}%"))
        if stance:
            conds.append(Quote.stance == stance)
        if source:
            conds.append(Source.name == source)
        stmt = (
            select(Quote.data, ArticleRow.id, ArticleRow.title, Source.name, ArticleRow.published, status)
            .join(ArticleRow, ArticleRow.pk == Quote.article_pk)
            .outerjoin(Source, Source.pk == ArticleRow.source_pk)
            .outerjoin(qr, and_(qr.article_id == ArticleRow.id, qr.start == Quote.start, qr.end == Quote.end))
            .where(*conds)
        )
        with self.session() as s:
            total = s.scalar(select(func.count()).select_from(stmt.subquery())) or 0
            stmt = stmt.order_by(ArticleRow.published.desc().nulls_last(), Quote.pk).offset(offset)
            if limit is not None:
                stmt = stmt.limit(limit)
            items = [
                dict(data, article_id=aid, title=title, source=src, published=pub.isoformat() if pub else None,
                     review_status=st)
                for data, aid, title, src, pub, st in s.execute(stmt).all()
            ]
        return items, total

    def stats(self) -> dict[str, Any]:
        """Counts of what is stored."""
        with self.session() as s:
            count = lambda model: s.scalar(select(func.count()).select_from(model)) or 0  # noqa: E731
            out: dict[str, Any] = {
                "articles": count(ArticleRow),
                "events": count(Event),
                "quotes": count(Quote),
                "places": count(Place),
                "sources": count(Source),
                "entities": count(Entity),
            }
            out["duplicate_groups"] = (
                s.scalar(
                    select(func.count(func.distinct(ArticleRow.dup_group))).where(ArticleRow.dup_group.is_not(None))
                )
                or 0
            )
            out["pipeline_versions"] = dict(
                s.execute(select(Analysis.pipeline_version, func.count()).group_by(Analysis.pipeline_version)).all()
            )
            out["background_events"] = (
                s.scalar(select(func.count()).select_from(Event).where(Event.background.is_(True))) or 0)
        out["review"] = review.counts(self)
        out.update({k: v for k, v in incidents.counts(self).items() if k != "reports"})
        out["stale_analyses"] = self.stale()
        return out

    def records(self, *, limit: int | None = None, _pks: Any = None, **filters: Any) -> Iterator[dict[str, Any]]:
        """Every stored record matching the article filters, oldest first (streamed in pages)."""
        conds = self._article_filters(**filters)
        if _pks is not None:
            conds.append(ArticleRow.pk.in_(_pks))
        last, seen, page = 0, 0, 200
        while True:
            with self.session() as s:
                rows = s.execute(
                    select(ArticleRow.pk, Analysis.record)
                    .join(Analysis, Analysis.article_pk == ArticleRow.pk)
                    .where(ArticleRow.pk > last, *conds)
                    .order_by(ArticleRow.pk)
                    .limit(page)
                ).all()
            for pk, rec in rows:
                last = pk
                yield rec
                seen += 1
                if limit is not None and seen >= limit:
                    return
            if len(rows) < page:
                return

    def export(self, fmt: str, out: Any, *, excel: bool = False, unit: str = "incident", **filters: Any) -> int:
        """Write one format of the export registry (`rasd.export.formats`) to a path or text
        stream; returns the number of rows (incidents, reports with `unit="report"`, or records for
        jsonl)."""
        from rasd.store.export import export

        return export(self, fmt, out, excel=excel, unit=unit, **filters)

    def stale(self, current: str | None = None) -> int:
        """How many analyses were made by another pipeline fingerprint than the current one."""
        current = current or fingerprint()
        with self.session() as s:
            return s.scalar(select(func.count()).select_from(Analysis).where(
                or_(Analysis.fingerprint.is_(None), Analysis.fingerprint != current))) or 0

    def stale_articles(self, current: str | None = None, *, after: int = 0,
                       limit: int = 50) -> list[tuple[int, Article]]:
        """(pk, article) of stale analyses from primary key `after` on, oldest first: the stored
        article exactly as ingested (text, title, source, URL, date, ingest warnings)."""
        current = current or fingerprint()
        with self.session() as s:
            rows = s.execute(
                select(ArticleRow, Source.name)
                .join(Analysis, Analysis.article_pk == ArticleRow.pk)
                .outerjoin(Source, Source.pk == ArticleRow.source_pk)
                .where(ArticleRow.pk > after, or_(Analysis.fingerprint.is_(None), Analysis.fingerprint != current))
                .order_by(ArticleRow.pk).limit(limit)).all()
            return [(r.pk, Article(text=r.text, id=r.id, title=r.title, source=src, url=r.url, published=r.published,
                                   warnings=list((r.meta or {}).get("warnings") or [])))
                    for r, src in rows]


RANKED = 500  # PostgreSQL ranks at most this many matches of a search (the newest)


def _pg_ranked(s: Session, base: Any, tsq: Any, limit: int, offset: int) -> tuple[int, list[int]]:
    """(total, one page of primary keys) of a PostgreSQL search: the newest `RANKED` matches by
    `ts_rank` on the article's lead (migration 0007), then any older matches, newest first.

    Ranking costs a de-toasted vector per article (0.05 ms): every match of a frequent word
    (3,300 for الرياض at 27,000 articles) took 0.16 s. The matches come from the GIN index only:
    the planner, which does not price de-toasting, chose a sequential scan testing every article's
    vector for frequent words (1.5 s), so sequential scans are off for this read."""
    s.execute(text("SET LOCAL enable_seqscan = off"))
    matches = base.add_columns(ArticleRow.published).cte("matches").prefix_with("MATERIALIZED")
    by_date = select(matches.c.pk).order_by(matches.c.published.desc().nulls_last(), matches.c.pk.desc())
    rows = s.execute(by_date.add_columns(func.count().over()).limit(RANKED)).all()
    total, candidates = (rows[0][1] if rows else 0), [r[0] for r in rows]
    pks: list[int] = []
    if offset < len(candidates):
        head = literal_column("articles.search_head")
        ranked = bindparam("ranked", candidates, type_=ARRAY(Integer))  # one array, not 500 parameters
        pks = list(s.scalars(
            select(ArticleRow.pk).where(ArticleRow.pk == func.any(ranked))
            .order_by(func.ts_rank(head, tsq).desc(), ArticleRow.published.desc().nulls_last(), ArticleRow.pk)
            .offset(offset).limit(limit)))
    if len(pks) < limit and offset + len(pks) < total:  # past the ranked ones: newest first
        pks += list(s.scalars(by_date.offset(max(offset, RANKED)).limit(limit - len(pks))))
    s.execute(text("RESET enable_seqscan"))
    return total, pks


def _sqlite_revision(conn: Any) -> str | None:
    """A SQLite store's Alembic revision (None before the first migration)."""
    if not conn.execute(text("SELECT 1 FROM sqlite_master WHERE name = 'alembic_version'")).scalar():
        return None
    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def _identity(row: dict[str, Any]) -> tuple[Any, ...]:
    """What makes a re-found event the same event (its first-stored time is kept)."""
    return (row.get("event_type"), row.get("sub_event_type"), row.get("event_date"), row.get("geonameid"),
            row.get("location"))


def _event_model(article_pk: int, r: Any, v: dict[str, Any]) -> Event:
    """The stored event: the row (as JSON) and the columns queries filter on, all from the row."""
    return Event(
        article_pk=article_pk,
        vid=r.event_id,
        event_type=r.event_type,
        sub_event_type=r.sub_event_type,
        date=r.event_date,
        actor1=r.actor1,
        actor2=r.actor2,
        actor1_key=name_filter_key(r.actor1_text or r.actor1),
        actor2_key=name_filter_key(r.actor2_text or r.actor2),
        location=(r.location or "")[:300] or None,
        geonameid=r.geonameid,
        admin1=r.admin1,
        lat=r.latitude,
        lon=r.longitude,
        fatalities=r.fatalities if r.fatalities_known else None,
        injured=r.injured,
        confidence=r.confidence,
        data=v,
        country_code=r.country_code,
        background=r.background,
        actor_keys=actor_keys(r),
        stored_at=r.timestamp,
        row=as_dict(r),
    )


def _unit(unit: str | None) -> str:
    """"incident" (one row per incident, the default) or "report" (one per reported event)."""
    unit = (unit or "incident").strip().lower()
    if unit not in ("incident", "report"):
        raise ValueError(f"unknown unit {unit!r}: use incident or report")
    return unit


def _event_item(row: dict[str, Any] | None, vid: str | None, data: dict[str, Any] | None,
                incident: dict[str, Any] | None, machine_row: dict[str, Any] | None = None, *,
                machine: bool = False) -> dict[str, Any]:
    """An API event (one report): its row (the machine's with `machine`) with its incident's
    columns, `id` and evidence spans."""
    item = dict(row or {})
    item.setdefault("review_status", "unreviewed")  # rows stored before reviews existed
    if machine and machine_row and not machine_row.get(review.ABSENT):
        item = {**machine_row, "review_status": item.get("review_status", "unreviewed")}
    item.update(incidents.report_columns(incident))
    item["id"] = vid
    item["spans"] = [s for s in (data or {}).get("evidence") or [] if isinstance(s, dict)]
    return item


def _article_from_record(record: dict[str, Any]) -> Article:
    doc = record.get("doc") or {}
    return Article.build(
        record.get("text") or "",
        title=doc.get("title"),
        source=doc.get("source"),
        url=doc.get("url"),
        published=doc.get("published"),
        id=doc.get("id"),
        detect_title=False,
    )


def _same_meta(row: ArticleRow, article: Article) -> bool:
    return row.published == article.published and row.title == article.title


def _current(version: str | None, print_: str | None, current_version: str) -> bool:
    """True when an analysis needs no redoing: made by a newer pipeline, or by this one with the
    current fingerprint."""
    if version_key(version) != version_key(current_version):
        return version_key(version) > version_key(current_version)
    return current_version != VERSION or print_ == fingerprint()


def _dicts(value: Any) -> list[dict[str, Any]]:
    return [v for v in value or [] if isinstance(v, dict)]


def _int(value: Any) -> int | None:
    try:
        return None if value is None or isinstance(value, bool) else int(value)
    except (TypeError, ValueError):
        return None


def _float(value: Any) -> float | None:
    try:
        return None if value is None else float(value)
    except (TypeError, ValueError):
        return None


def _date(value: str | dt.date) -> dt.date:
    if isinstance(value, dt.date):
        return value
    from rasd.article import parse_date

    parsed = parse_date(
        str(value) if len(str(value)) > 7 else f"{value}-01" if len(str(value)) == 7 else f"{value}-01-01"
    )
    assert parsed is not None
    return parsed


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)
