"""NER corpora as rasd sees them: readers, label mapping, retokenization and scoring.

Shared by `scripts/train_ner.py` (training data) and `rasd evaluate ner` (scoring), so that
both turn a corpus into the same tokens the pipeline produces: every corpus token is cleaned
(`rasd.text.clean.clean`) and split with `rasd.text.segment.TOKEN_RE` (`(د` -> `(` `د`), and
an entity never starts or ends on a punctuation sub-token. Tag types are mapped through the
reviewed table `lexicon/ner_label_map.tsv`.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from rasd.lexicon import load_table, variants
from rasd.text.clean import clean
from rasd.text.segment import TOKEN_RE

CORPUS_SEPARATORS = {"$#$"}  # Wojood joins unrelated sentences with this token


@dataclass(slots=True)
class Sentence:
    """Tokens as the pipeline sees them, spaces after them, and (start, end, label) token spans."""

    words: list[str] = field(default_factory=list)
    spaces: list[bool] = field(default_factory=list)
    spans: list[tuple[int, int, str]] = field(default_factory=list)
    n_source_tokens: int = 0
    n_split_tokens: int = 0  # source tokens that TOKEN_RE splits into several

    @property
    def text(self) -> str:
        return "".join(w + (" " if s else "") for w, s in zip(self.words, self.spaces, strict=True))

    def char_spans(self, spans: Iterable[tuple[int, int, str]] | None = None) -> set[tuple[int, int, str]]:
        """Token spans as (start_char, end_char, label)."""
        starts, pos = [], 0
        for w, s in zip(self.words, self.spaces, strict=True):
            starts.append(pos)
            pos += len(w) + (1 if s else 0)
        return {(starts[a], starts[b - 1] + len(self.words[b - 1]), lab) for a, b, lab in (spans or self.spans)}


@cache
def label_map(column: str = "model") -> dict[tuple[str, str], str]:
    """(corpus, tag) -> label of `column` (model | label | eval)."""
    return {(r["corpus"], r["tag"]): r[column] for r in load_table("ner_label_map")}


def map_tag(corpus: str, tag: str, column: str = "model") -> str:
    """The mapped label of a corpus tag type; unknown types are O."""
    table = label_map(column)
    return table.get((corpus, tag)) or table.get(("rasd", tag)) or "O"


def read_conll(path: Path) -> Iterator[list[list[str]]]:
    """Sentences of a CoNLL-like file (TOKEN TAG [TAG ...], space or tab separated)."""
    sent: list[list[str]] = []
    for raw in path.read_text(encoding="utf-8-sig").splitlines():
        cols = raw.replace("\u200e", "").replace("\u200f", "").split()
        if not cols or cols[0] in CORPUS_SEPARATORS:
            if sent:
                yield sent
            sent = []
            continue
        sent.append(cols if len(cols) > 1 else [cols[0], "O"])
    if sent:
        yield sent


def bio_spans(tags: list[str]) -> list[tuple[int, int, str]]:
    """(start, end, type) of a BIO tag column; a stray I- starts a span (conlleval style)."""
    spans, start, cur = [], None, None
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, typ = tag.partition("-")
        if prefix not in ("B", "I") or not typ:
            prefix, typ = "O", ""
        if cur is not None and (prefix != "I" or typ != cur):
            spans.append((start, i, cur))
            cur = None
        if prefix == "B" or (prefix == "I" and cur is None):
            start, cur = i, typ
    return spans


def _choose(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Non-overlapping spans, longest first (Wojood's nested layers)."""
    chosen: list[tuple[int, int, str]] = []
    for s in sorted(spans, key=lambda x: (x[0] - x[1], x[0])):
        if all(s[1] <= c[0] or s[0] >= c[1] for c in chosen):
            chosen.append(s)
    return sorted(chosen)


@cache
def harmonize_table() -> dict[str, dict[str, str]]:
    """corpus -> {folded form (with clitics): label} from `lexicon/ner_harmonize.tsv`."""
    from rasd.extract.entities import _clitic_forms
    from rasd.text.keys import phrase_key

    out: dict[str, dict[str, str]] = {}
    for row in load_table("ner_harmonize"):
        for corpus in variants(row["corpora"]):
            table = out.setdefault(corpus, {})
            for form in variants(row["forms"]):
                for k, _ in _clitic_forms(phrase_key(form)):
                    table.setdefault(k, row["label"])
    return out


@cache
def heads_table() -> dict[str, frozenset[str]]:
    """corpus -> folded forms (with clitics) of the head nouns in `lexicon/ner_heads.tsv`."""
    from rasd.extract.entities import _clitic_forms
    from rasd.text.keys import phrase_key

    out: dict[str, set[str]] = {}
    for row in load_table("ner_heads"):
        for corpus in variants(row["corpora"]):
            forms = out.setdefault(corpus, set())
            forms.update(k for form in variants(row["forms"]) for k, _ in _clitic_forms(phrase_key(form)))
    return {corpus: frozenset(forms) for corpus, forms in out.items()}


def _drop_heads(rows: list[list[str]], corpus: str, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Spans without a leading head noun that ANERcorp leaves outside (مدينة [حلب])."""
    from rasd.text.keys import phrase_key

    heads = heads_table().get(corpus)
    if not heads:
        return spans
    return [(a + 1, b, lab) if b - a > 1 and phrase_key(rows[a][0]) in heads else (a, b, lab) for a, b, lab in spans]


def _harmonize(rows: list[list[str]], corpus: str, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Add ANERcorp-convention MISC spans to tokens the corpus left without an entity."""
    from rasd.text.keys import phrase_key

    table = harmonize_table().get(corpus)
    if not table:
        return spans
    covered = {i for a, b, _ in spans for i in range(a, b)}
    extra = [(i, i + 1, table[phrase_key(r[0])]) for i, r in enumerate(rows)
             if i not in covered and phrase_key(r[0]) in table]
    return sorted(spans + extra)


def convert(rows: list[list[str]], corpus: str, column: str = "model", *, harmonize: bool = False,
            drop_heads: bool = False) -> Sentence:
    """One corpus sentence -> a `Sentence` of pipeline tokens with mapped labels."""
    spans: list[tuple[int, int, str]] = []
    for layer in range(1, max(len(r) for r in rows)):
        tags = [r[layer] if len(r) > layer else "O" for r in rows]
        for a, b, typ in bio_spans(tags):
            label = map_tag(corpus, typ, column)
            if label != "O":
                spans.append((a, b, label))
    spans = _choose(spans)
    if drop_heads:
        spans = _drop_heads(rows, corpus, spans)
    if harmonize:
        spans = _harmonize(rows, corpus, spans)
    sent = Sentence(n_source_tokens=len(rows))
    first: list[int] = []  # index of the first sub-token of each source token
    last: list[int] = []
    for row in rows:
        pieces = TOKEN_RE.findall(clean(row[0]).text)
        first.append(len(sent.words))
        if len(pieces) > 1:
            sent.n_split_tokens += 1
        for j, piece in enumerate(pieces):
            sent.words.append(piece)
            sent.spaces.append(j == len(pieces) - 1)
        last.append(len(sent.words))
    if sent.spaces:
        sent.spaces[-1] = False
    for a, b, label in spans:
        lo, hi = first[a], last[b - 1]
        while lo < hi and not _is_wordish(sent.words[lo]):
            lo += 1
        while hi > lo and not _is_wordish(sent.words[hi - 1]):
            hi -= 1
        if lo < hi:
            sent.spans.append((lo, hi, label))
    return sent


def _is_wordish(token: str) -> bool:
    return any(ch.isalnum() for ch in token)


def read_corpus(path: Path, corpus: str, column: str = "model", *, harmonize: bool = False,
                drop_heads: bool = False) -> list[Sentence]:
    """All sentences of one file, converted (`harmonize`: apply `ner_harmonize.tsv`; `drop_heads`:
    `ner_heads.tsv`; both for training only)."""
    return [s for s in (convert(rows, corpus, column, harmonize=harmonize, drop_heads=drop_heads)
                        for rows in read_conll(path)) if s.words]


# --- scoring ---------------------------------------------------------------------------------


def prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    """Precision, recall, F1 (0 when undefined), and the support."""
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "support": tp + fn}


def score(gold: list[set[tuple[int, int, str]]], pred: list[set[tuple[int, int, str]]]) -> dict[str, Any]:
    """conlleval-style exact span match, per label and micro-averaged."""
    labels = sorted({s[2] for g in gold for s in g} | {s[2] for p in pred for s in p})
    counts = {lab: [0, 0, 0] for lab in labels}
    for g, p in zip(gold, pred, strict=True):
        for s in p:
            counts[s[2]][0 if s in g else 1] += 1
        for s in g - p:
            counts[s[2]][2] += 1
    tp, fp, fn = (sum(c[i] for c in counts.values()) for i in range(3))
    return {"micro": prf(tp, fp, fn), "labels": {lab: prf(*c) for lab, c in counts.items()}}


def evaluate(nlp: Any, sentences: list[Sentence], *, corpus: str = "anercorp") -> dict[str, Any]:
    """Run the NER pipe over pre-tokenized sentences; score against their `eval` labels."""
    from spacy.tokens import Doc

    to_eval = {lab: map_tag("rasd", lab, "eval") for lab in ("PER", "ORG", "GPE", "LOC", "FAC", "NORP", "MISC")}
    docs = [Doc(nlp.vocab, words=s.words, spaces=s.spaces) for s in sentences]
    n_tokens = sum(len(d) for d in docs)
    t0 = time.perf_counter()
    docs = list(nlp.pipe(docs, batch_size=256))
    elapsed = time.perf_counter() - t0
    gold = [s.char_spans() for s in sentences]
    pred = []
    for doc in docs:
        spans = {(e.start_char, e.end_char, to_eval.get(e.label_, e.label_)) for e in doc.ents}
        pred.append({s for s in spans if s[2] != "O"})
    result = score(gold, pred)
    result["tokens"] = n_tokens
    result["tokens_per_s"] = round(n_tokens / elapsed) if elapsed else None
    return result


def evaluate_file(path: Path, *, corpus: str = "anercorp", model: Path | None = None) -> dict[str, Any]:
    """Score the NER model (default: the shipped one) on a CoNLL file of `TOKEN TAG` lines."""
    import spacy

    from rasd.extract import entities  # noqa: F401  (registers the NORM callback the model names)
    from rasd.pipeline import model_path

    model = model or model_path()
    if model is None:
        raise FileNotFoundError("no NER model: run `make model` (needs ../shared/data)")
    nlp = spacy.load(model)
    return evaluate(nlp, read_corpus(path, corpus, column="eval"), corpus=corpus)


def format_report(result: dict[str, Any]) -> str:
    """A conlleval-like table of the per-label and micro scores."""
    lines = [f"{'label':<8}{'precision':>10}{'recall':>10}{'f1':>10}{'support':>10}"]
    rows = [*sorted(result["labels"].items()), ("micro", result["micro"])]
    for label, s in rows:
        lines.append(f"{label:<8}{s['precision']:>10.4f}{s['recall']:>10.4f}{s['f1']:>10.4f}{s['support']:>10}")
    lines.append(f"{result['tokens']:,} tokens, {result['tokens_per_s']:,} tokens/s")
    return "\n".join(lines)
