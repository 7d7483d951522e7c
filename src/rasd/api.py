"""The Python API: `analyze` one text, `analyze_many` a stream of them (spaCy's `nlp.pipe` style).

Records come back as plain `rasd.analysis/1` dicts (src/rasd/schema/analysis.schema.json; see
docs/record.md). `analyze` raises `RasdError` for input it cannot analyse; `analyze_many` never
raises for one item: it yields, in input order, a record or the `RasdError` of that item, so a
bad article in a million costs one error, not the run.

Heavy modules (spaCy, the model) are imported on first use, so `import rasd` stays fast.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from itertools import islice
from typing import Any

from rasd.article import Article
from rasd.errors import RasdError

Analysis = dict[str, Any]
Item = str | Mapping[str, Any] | Article
ARTICLE_FIELDS = ("text", "title", "source", "url", "published", "id")


def analyze(
    text: str,
    *,
    published: str | dt.date | None = None,
    source: str | None = None,
    title: str | None = None,
    url: str | None = None,
    id: str | None = None,
    typed: bool = False,
) -> Any:
    """Analyse one article: the record as a dict, or with `typed=True` as a `rasd.models.Record`
    (pydantic; `.to_dict()` gives the dict). Raises `rasd.errors.RasdError` for input that cannot
    be analysed and TypeError when `text` is not a str."""
    from rasd.pipeline import shared

    _check_text(text)
    article = Article.build(text, title=title, source=source, url=url, published=published, id=id)
    record = shared().analyze(article)
    return _typed(record) if typed else record


def _typed(record: Analysis) -> Any:
    from rasd.models import Record

    return Record.from_dict(record)


def _check_text(text: Any) -> None:
    """A clear TypeError for the common mistake of passing bytes (or anything else) as the text."""
    if isinstance(text, bytes | bytearray):
        raise TypeError("rasd expects the text as str, got bytes: decode it first, e.g. data.decode('utf-8')")
    if not isinstance(text, str):
        raise TypeError(f"rasd expects the text as str, got {type(text).__name__}")


def to_article(item: Any, defaults: Mapping[str, Any] | None = None) -> Article:
    """An `Article` from a str, a dict with "text" (and optional title, source, url, published, id)
    or an `Article`; `defaults` fill the fields an item leaves out. Raises `RasdError` (not
    TypeError) so that one bad item of a stream is reported with the rest going on."""
    if isinstance(item, Article):
        return item
    meta = dict(defaults or {})
    if isinstance(item, str):
        return Article.build(item, **meta)
    if isinstance(item, Mapping):
        if not isinstance(item.get("text"), str):
            got = type(item.get("text")).__name__
            raise RasdError("E006", f'"text" (a str) is missing or not a str (got {got})', where=_where(item))
        meta.update({k: item[k] for k in ARTICLE_FIELDS[1:] if item.get(k) is not None})
        return Article.build(item["text"], **meta)
    raise RasdError("E013", f"expected str, dict with \"text\" or rasd.article.Article, got {type(item).__name__}")


def _where(item: Mapping[str, Any]) -> str | None:
    value = item.get("id")
    return str(value) if value is not None else None


def analyze_many(
    items: Iterable[Item],
    *,
    n_process: int = 1,
    batch_size: int = 16,
    published: str | dt.date | None = None,
    source: str | None = None,
    typed: bool = False,
) -> Iterator[Any]:
    """Analyse a stream of articles lazily, yielding one result per item, in input order.

    Each result is a record (dict) or the item's `RasdError` (test with `isinstance`); nothing is
    raised for a bad item. Items are str, dict ({"text", "title", "source", "url", "published",
    "id"}) or `rasd.article.Article`; `published`/`source` apply to items that give none. With
    `typed=True` records come as `rasd.models.Record` objects.

    With `n_process > 1` the items go, `batch_size` at a time, to worker processes (started with
    forkserver where available, else spawn: never fork, which would copy a loaded model and any
    threads), each loading the pipeline once; at most two batches per process are in flight, so an
    endless input is read only as fast as it is analysed. Scripts using it need the usual
    `if __name__ == "__main__":` guard.
    """
    if n_process < 1:
        raise ValueError("n_process must be at least 1")
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    defaults = {k: v for k, v in {"published": published, "source": source}.items() if v is not None}
    if n_process == 1:
        results = _analyze_local(items, defaults)
    else:
        results = _analyze_pool(items, defaults, n_process, batch_size)
    for result in results:
        yield _typed(result) if typed and not isinstance(result, RasdError) else result


def _articles(items: Iterable[Any], defaults: Mapping[str, Any]) -> Iterator[Article | RasdError]:
    for item in items:
        try:
            yield to_article(item, defaults)
        except RasdError as err:
            yield err
        except Exception as exc:  # a malformed item must not stop the stream
            yield RasdError("E013", f"{type(exc).__name__}: {exc}")


def _analyze_local(items: Iterable[Any], defaults: Mapping[str, Any]) -> Iterator[Analysis | RasdError]:
    from rasd.pipeline import shared

    pipeline = shared()
    for article in _articles(items, defaults):
        if isinstance(article, RasdError):
            yield article
        else:
            yield from pipeline.analyze_many([article])


def _analyze_pool(items: Iterable[Any], defaults: Mapping[str, Any], n_process: int,
                  batch_size: int) -> Iterator[Analysis | RasdError]:
    methods = multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    stream = _articles(items, defaults)
    with ctx.Pool(n_process, initializer=_worker_init) as pool:
        pending: deque[Any] = deque()
        while True:
            while len(pending) < 2 * n_process:
                batch = [_pack(a) if isinstance(a, RasdError) else a for a in islice(stream, batch_size)]
                if not batch:
                    break
                pending.append(pool.apply_async(_worker_batch, (batch,)))
            if not pending:
                break
            for packed in pending.popleft().get():
                yield _unpack(packed)


def _pack(result: Analysis | RasdError) -> tuple[Any, ...]:
    """RasdError's constructor takes keywords, which pickling exceptions loses: send its parts."""
    if isinstance(result, RasdError):
        return ("error", result.code, result.detail, result.where)
    return ("record", result)


def _unpack(packed: tuple[Any, ...]) -> Analysis | RasdError:
    if packed[0] == "error":
        return RasdError(packed[1], packed[2], where=packed[3])
    return packed[1]


def _worker_init() -> None:
    """Load the pipeline once per worker, with one BLAS thread: n_process workers use n_process
    cores instead of each spreading over all of them (set before numpy is first imported here)."""
    import os

    for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(name, "1")
    from rasd.pipeline import shared

    shared()


def _worker_batch(batch: list[Article | tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    from rasd.pipeline import shared

    pipeline = shared()
    out = []
    for article in batch:
        if isinstance(article, tuple):  # an item that was already an error (packed)
            out.append(article)
        else:
            out.extend(_pack(r) for r in pipeline.analyze_many([article]))
    return out


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a `rasd.analysis/1` record, as shipped in the package."""
    import json
    from importlib import resources

    return json.loads((resources.files("rasd") / "schema" / "analysis.schema.json").read_text("utf-8"))
