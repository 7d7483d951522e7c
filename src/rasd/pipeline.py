"""The analysis pipeline: article -> cleaned text -> spaCy `Doc` -> extractors -> record.

One `Pipeline` is loaded per process (the NER model and the tables are loaded once) and reused
for every article; `rasd.analyze` uses a shared instance.
"""

from __future__ import annotations

import ctypes
import gc
import os
import signal
import threading
import time
from collections.abc import Iterable, Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import spacy
from spacy.attrs import IDX, SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Span

from rasd import record
from rasd.article import Article
from rasd.errors import RasdError
from rasd.extract import base, entities, events, numbers, places, quotes, times  # noqa: F401 (registers)
from rasd.fingerprint import VERSION  # noqa: F401 (rasd.pipeline.VERSION, as before; defined without the pipeline)
from rasd.text import boilerplate, segment
from rasd.text.clean import clean
from rasd.text.tokenizer import RasdTokenizer

COMPONENTS = ("rasd_entities", "rasd_times", "rasd_numbers", "rasd_places", "rasd_quotes", "rasd_events")
MAX_CHARS = 1_000_000
# Cost is counted in tokens, not characters: the model holds ~15 KB of activations a token, so it
# reads windows of whole sentences of at most NER_WINDOW tokens (memory flat in article length),
# and a text of more tokens than a real article has, or made mostly of punctuation, is refused.
NER_WINDOW = 2_000
MAX_TOKENS = 250_000
MAX_PUNCT_SHARE = 0.6  # of the tokens, checked on texts of more than PUNCT_CHECK_MIN tokens
PUNCT_CHECK_MIN = 5_000
MODEL_PIPES = ("tok2vec", "ner")
TIME_LIMIT = 30.0  # seconds per article; a hostile input must not hang a run ($RASD_TIME_LIMIT overrides)


def configured_time_limit() -> float | None:
    """The wall-clock limit per article: $RASD_TIME_LIMIT seconds (0 = none), else TIME_LIMIT."""
    value = os.environ.get("RASD_TIME_LIMIT", "").strip()
    if not value:
        return TIME_LIMIT
    try:
        seconds = float(value)
    except ValueError:
        raise RasdError("E008", f"RASD_TIME_LIMIT={value!r} is not a number of seconds") from None
    return seconds if seconds > 0 else None


def model_path() -> Path | None:
    """The shipped NER model folder, when it has been built (`make model`)."""
    path = Path(str(resources.files("rasd") / "data" / "ner"))
    return path if (path / "config.cfg").is_file() else None


def build_nlp(model: Path | None = None) -> Language:
    """The spaCy pipeline: the trained NER model when present, then rasd's components."""
    model = model or model_path()
    nlp = spacy.load(model) if model else spacy.blank("ar")
    nlp.tokenizer = RasdTokenizer(nlp.vocab)
    nlp.max_length = MAX_CHARS + 1
    base.declare_contracts()
    for name in COMPONENTS:
        if name not in nlp.pipe_names:
            nlp.add_pipe(name)
    return nlp


class Pipeline:
    """A loaded pipeline; `analyze` turns one `Article` into a `rasd.analysis/1` record."""

    def __init__(self, model: Path | None = None, max_chars: int = MAX_CHARS,
                 time_limit: float | str | None = "env") -> None:
        self.nlp = build_nlp(model)
        self.max_chars = max_chars
        # The model and the tables are long-lived: keep the garbage collector from walking them
        # again and again while articles are analysed (it made long documents superlinear).
        gc.collect()
        gc.freeze()
        self.time_limit = configured_time_limit() if time_limit == "env" else time_limit

    def make_doc(self, article: Article) -> Doc:
        """Clean the text and build the `Doc` with its context set, before any component."""
        text = article.text
        if not text.strip():
            raise RasdError("E001", where=article.id)
        if len(text) > self.max_chars:
            raise RasdError("E003", f"{len(text):,} characters > limit {self.max_chars:,}", where=article.id)
        cleaned = clean(text)
        doc = self.nlp.make_doc(cleaned.text)
        doc._.clean = cleaned
        doc._.published = article.published
        doc._.warnings = list(article.warnings)
        doc._.sentence_spans = segment.sentences(cleaned.text)
        doc._.boilerplate = [_to_canonical(cleaned, b) for b in boilerplate.find(text)]
        doc._.title_span = _title_span(cleaned, article)
        _check_cost(doc, article.id)
        base.init_doc(doc)
        _set_sentence_starts(doc)
        return doc

    def run_model(self, doc: Doc, deadline: float | None = None, where: str | None = None) -> Doc:
        """tok2vec + ner, over sentence-aligned windows of at most NER_WINDOW tokens."""
        pipes = [pipe for name, pipe in self.nlp.pipeline if name in MODEL_PIPES]
        if not pipes:
            return doc
        if len(doc) <= NER_WINDOW:
            for pipe in pipes:
                doc = pipe(doc)
            return doc
        found: list[Span] = []
        for start, end in _windows(doc, NER_WINDOW):
            if deadline and time.monotonic() > deadline:
                raise RasdError("E011", f"over {self.time_limit:g} s in ner", where=where)
            part = doc[start:end].as_doc()
            for pipe in pipes:
                part = pipe(part)
            found.extend(Span(doc, start + e.start, start + e.end, label=e.label_) for e in part.ents)
        doc.ents = found
        return doc

    def analyze(self, article: Article) -> dict[str, Any]:
        """The record of one article (raises `RasdError` for bad input or when over time).

        Over `time_limit` seconds the work is interrupted wherever it is (see `_Interrupt`)
        and E011 raised; the pipeline is then ready for the next article."""
        deadline = time.monotonic() + self.time_limit if self.time_limit else None
        try:
            with _Interrupt(self.time_limit):
                return self._analyze(article, deadline)
        except _Timeout:
            raise RasdError("E011", f"over {self.time_limit:g} s", where=article.id) from None

    def _analyze(self, article: Article, deadline: float | None) -> dict[str, Any]:
        doc = self.make_doc(article)
        doc = run_component("ner", lambda d: self.run_model(d, deadline, article.id), doc)
        for name, component in self.nlp.pipeline:
            if name in MODEL_PIPES:
                continue
            if deadline and time.monotonic() > deadline:
                raise RasdError("E011", f"over {self.time_limit:g} s before {name}", where=article.id)
            doc = run_component(name, component, doc)
        return record.build(doc, article)

    def analyze_many(self, articles: Iterable[Article]) -> Iterator[dict[str, Any] | RasdError]:
        """Records in input order; a failing article yields its error and the rest go on."""
        for article in articles:
            try:
                yield self.analyze(article)
            except RasdError as err:
                yield err
            except Exception as exc:  # one bad article must never stop a run
                yield RasdError("E009", f"{type(exc).__name__}: {exc}", where=article.id)


class _Timeout(BaseException):
    """The article's time is up (a BaseException: `except Exception` in a component lets it pass)."""


def run_component(name: str, component: Any, doc: Doc) -> Doc:
    """Run one component; if it raises, undo its partial output and record ONE numbered warning
    naming it (`W104 rasd_places failed: KeyError: ...`): the other components still run, and the
    failure is in the record for every reader (never swallowed inside a component)."""
    before = {attr: list(getattr(doc._, attr) or []) for attr in _assigned(name)}
    try:
        result = component(doc)
    except (_Timeout, RasdError, MemoryError, KeyboardInterrupt):
        raise
    except Exception as exc:
        for attr, value in before.items():
            setattr(doc._, attr, value)
        code = base.FAILURE_CODES.get(name, "W199")
        detail = f"{type(exc).__name__}: {exc}"[:500]
        doc._.warnings.append(RasdError(code, detail if code != "W199" else f"{name}: {detail}").message)
        return doc
    if not isinstance(result, Doc):  # a component that forgets to return the doc fails loudly too
        doc._.warnings.append(RasdError(base.FAILURE_CODES.get(name, "W199"),
                                        f"returned {type(result).__name__}, not the Doc").message)
        return doc
    return result


def _assigned(name: str) -> tuple[str, ...]:
    """The `doc._` lists a component writes (from `base.CONTRACTS`)."""
    return tuple(a.removeprefix("doc._.") for a in base.CONTRACTS.get(name, ((), ()))[1] if a.startswith("doc._."))


class _Interrupt:
    """Raise `_Timeout` in the analysing thread after `seconds`, wherever the work is.

    In the main thread (the CLI, ingest, reanalyze) a SIGALRM timer does it: the handler runs
    between bytecodes and inside long regex matches. In any other thread (Dask workers, the web
    app's thread pool), where signals cannot be delivered, and in a main thread whose host program
    keeps SIGALRM for itself, a watchdog timer thread raises the
    exception asynchronously in the analysing thread (`PyThreadState_SetAsyncExc`), which Python
    delivers at its next bytecode: a component in a Python loop stops within milliseconds; one
    call that runs in C for long stops when it returns. The cooperative deadline checks between
    components and NER windows stay as a second line. `_Timeout` is a BaseException, so no
    component's `except Exception` swallows it.
    """

    def __init__(self, seconds: float | None) -> None:
        self.seconds = seconds
        self.mode = ""
        self._lock = threading.Lock()
        self._done = False
        self._timer: threading.Timer | None = None
        self._previous: Any = None

    def __enter__(self) -> _Interrupt:
        if not self.seconds:
            return self
        if (threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer")
                and signal.getitimer(signal.ITIMER_REAL)[0] == 0
                and signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, signal.SIG_IGN, None)):
            self.mode = "signal"
            self._previous = signal.signal(signal.SIGALRM, _on_alarm)
            signal.setitimer(signal.ITIMER_REAL, self.seconds)
            return self
        # another thread, or a host program with its own SIGALRM timer (left alone): the watchdog
        self.mode = "thread"
        self._thread_id = threading.get_ident()
        self._timer = threading.Timer(self.seconds, self._fire)
        self._timer.daemon = True
        self._timer.start()
        return self

    def _fire(self) -> None:
        with self._lock:
            if not self._done:
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(self._thread_id), ctypes.py_object(_Timeout))

    def __exit__(self, *exc: object) -> None:
        if self.mode == "signal":
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self._previous)
        elif self.mode == "thread":
            with self._lock:
                self._done = True
                # a timeout raised but not yet delivered must not hit the caller's next statement
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(self._thread_id), None)
            assert self._timer is not None
            self._timer.cancel()


def _on_alarm(_signum: int, _frame: Any) -> None:
    raise _Timeout



def _to_canonical(cleaned: Any, span: dict[str, Any]) -> dict[str, Any]:
    """Boilerplate is found on the original text; extractors need canonical offsets."""
    c_start = _canonical_offset(cleaned, span["start"])
    c_end = _canonical_offset(cleaned, span["end"])
    return {"start": c_start, "end": c_end, "kind": span["kind"], "original": span}


def _canonical_offset(cleaned: Any, original_pos: int) -> int:
    """Smallest canonical index whose original start is >= original_pos (binary search)."""
    lo, hi = 0, len(cleaned.text)
    while lo < hi:
        mid = (lo + hi) // 2
        if cleaned.offsets.start(mid) < original_pos:
            lo = mid + 1
        else:
            hi = mid
    return lo


def _title_span(cleaned: Any, article: Article) -> tuple[int, int] | None:
    if not article.title:
        return None
    at = article.text.find(article.title)
    if at < 0:
        return None
    return _canonical_offset(cleaned, at), _canonical_offset(cleaned, at + len(article.title))


def _check_cost(doc: Doc, where: str | None) -> None:
    """Refuse, with E003, a text whose analysis would cost more than any real article's."""
    n = len(doc)
    if n > MAX_TOKENS:
        raise RasdError("E003", f"{n:,} tokens > limit {MAX_TOKENS:,}", where=where)
    if n > PUNCT_CHECK_MIN:
        punct = int(np.count_nonzero(doc.to_array("IS_PUNCT")))
        if punct > MAX_PUNCT_SHARE * n:
            raise RasdError("E003", f"{punct:,} of {n:,} tokens are punctuation: not an article", where=where)


def _windows(doc: Doc, size: int) -> Iterator[tuple[int, int]]:
    """Token ranges of whole sentences, at most `size` tokens each (a longer sentence is cut)."""
    start = end = 0
    for sent in doc.sents:
        if sent.end - start > size and end > start:
            yield start, end
            start = end
        while sent.end - start > size:
            yield start, start + size
            start += size
        end = sent.end
    if end > start:
        yield start, end


def _set_sentence_starts(doc: Doc) -> None:
    """Mark sentence starts in one array write (setting `token.is_sent_start` token by token
    re-checks the whole doc each time: quadratic, 12 ms on a 4 KB article; this is 0.2 ms)."""
    if not len(doc):
        return
    flags = np.where(np.isin(doc.to_array(IDX), [s for s, _ in doc._.sentence_spans]), 1, -1)
    flags[0] = 1
    doc.from_array([SENT_START], flags.astype(np.uint64))  # spaCy reads -1 (not a start) from uint64


_shared: Pipeline | None = None
_lock = threading.Lock()


def shared() -> Pipeline:
    """The process-wide pipeline, loaded on first use."""
    global _shared
    with _lock:
        if _shared is None:
            _shared = Pipeline()
        return _shared
