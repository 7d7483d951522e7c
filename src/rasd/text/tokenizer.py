"""The spaCy tokenizer of rasd: `rasd.text.segment` tokens turned into a `Doc`.

The NER model is trained with this tokenizer too, so that training and analysis see the same
tokens. Whitespace other than one plain space becomes whitespace tokens, so `doc.text` is the
canonical text exactly and character offsets agree everywhere.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import spacy
from spacy.tokens import Doc
from spacy.vocab import Vocab

from rasd.text.segment import token_bounds


class RasdTokenizer:
    """Regex tokenizer: URLs, e-mails, numbers, words, single punctuation marks."""

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        words: list[str] = []
        spaces: list[bool] = []
        pos = 0
        starts, ends = token_bounds(text)
        for start, end in zip(starts.tolist(), ends.tolist(), strict=True):
            if start > pos:
                gap = text[pos:start]
                if gap == " " and words:
                    spaces[-1] = True
                else:
                    if gap[0] == " " and words:
                        spaces[-1] = True
                        gap = gap[1:]
                    words.append(gap)
                    spaces.append(False)
            words.append(text[start:end])
            spaces.append(False)
            pos = end
        if pos < len(text):
            gap = text[pos:]
            if gap[0] == " " and words:
                spaces[-1] = True
                gap = gap[1:]
            if gap:
                words.append(gap)
                spaces.append(False)
        return Doc(self.vocab, words=words, spaces=spaces)

    def pipe(self, texts: Any, batch_size: int = 1000) -> Any:
        for text in texts:
            yield self(text)

    # spaCy serialises the tokenizer with the pipeline; this one has no state of its own.
    def to_bytes(self, **_: Any) -> bytes:
        return b""

    def from_bytes(self, _data: bytes, **_: Any) -> RasdTokenizer:
        return self

    def to_disk(self, _path: Any, **_: Any) -> None:
        return None

    def from_disk(self, _path: Any, **_: Any) -> RasdTokenizer:
        return self


@spacy.registry.tokenizers("rasd.tokenizer.v1")
def create_tokenizer() -> Callable[[Any], RasdTokenizer]:
    """Registry entry so that a trained pipeline's config can name this tokenizer."""

    def make(nlp: Any) -> RasdTokenizer:
        return RasdTokenizer(nlp.vocab)

    return make
