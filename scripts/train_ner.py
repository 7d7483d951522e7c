"""Train rasd's NER model (tok2vec CNN + transition NER) from the corpora in ../shared/data.

    python scripts/train_ner.py                      # the shipped model -> src/rasd/data/ner
    python scripts/train_ner.py --corpora anercorp --no-vectors --out build/ablation/aner-only

Training data: ANERcorp (reconstructed CAMeL train split, minus its last 400 sentences, kept as
the dev set for checkpoint selection), NewsFANEGold and the Wojood sample, mapped onto rasd's
labels by `lexicon/ner_label_map.tsv`, harmonized by `lexicon/ner_harmonize.tsv` and
retokenized as the pipeline tokenizes (`rasd.training.ner_corpus`). AQMAR can be added
(`--corpora anercorp,newsfane,aqmar,wojood`) but cost 1.4 F1 in the ablation (Wikipedia
science/sport text, its own MISC classes). The ANERcorp *test* split is only read by
`--evaluate` at the end. Ablation figures: `docs/ner.md`.
Two stages: the union of the corpora first, then `--finetune-steps` on ANERcorp train alone at a
lower learning rate (the conventions of the corpus the model is scored on); each stage keeps its
best checkpoint on the dev set.
Static vectors come from `scripts/train_vectors.py` (floret, NORM = folded token). Seeds are
fixed and BLAS runs single-threaded, so a rebuild gives the same model.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import spacy
from spacy.tokens import Doc, DocBin, Span

from rasd.extract import entities  # noqa: F401  (registers the NORM/PREFIX callbacks)
from rasd.text import tokenizer  # noqa: F401  (registers rasd.tokenizer.v1)
from rasd.training.ner_corpus import Sentence, evaluate, read_corpus

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("RASD_SHARED", ROOT.parent / "shared"))
ANER = "anercorp_camel_reconstructed/ANERCorp_CamelLab_{}.reconstructed.txt"
CORPORA = {
    "anercorp": lambda d: [d / ANER.format("train")],
    "newsfane": lambda d: [d / "newsfane_gold/NewsFANE_Gold_2014_170K.txt"],
    "aqmar": lambda d: sorted((d / "aqmar").glob("*.txt")),
    "wojood": lambda d: [d / "wojood_sample" / f for f in ("train.txt", "val.txt", "test.txt")],
}
DEV_SENTENCES = 400

CONFIG = """
[paths]
train = null
dev = null
vectors = null
init_tok2vec = null

[system]
gpu_allocator = null
seed = 13

[nlp]
lang = "ar"
pipeline = ["tok2vec","ner"]
batch_size = 256
disabled = []
before_creation = null
after_pipeline_creation = null
vectors = {{"@vectors":"spacy.Vectors.v1"}}

[nlp.after_creation]
@callbacks = "{callback}"

[nlp.tokenizer]
@tokenizers = "rasd.tokenizer.v1"

[components]

[components.tok2vec]
factory = "tok2vec"

[components.tok2vec.model]
@architectures = "spacy.Tok2Vec.v2"

[components.tok2vec.model.embed]
@architectures = "spacy.MultiHashEmbed.v2"
width = {width}
attrs = ["NORM","PREFIX","SUFFIX","SHAPE"]
rows = {rows}
include_static_vectors = {static}

[components.tok2vec.model.encode]
@architectures = "spacy.MaxoutWindowEncoder.v2"
width = {width}
depth = {depth}
window_size = 1
maxout_pieces = 3

[components.ner]
factory = "ner"
incorrect_spans_key = null
moves = null
scorer = {{"@scorers":"spacy.ner_scorer.v1"}}
update_with_oracle_cut_size = 100

[components.ner.model]
@architectures = "spacy.TransitionBasedParser.v2"
state_type = "ner"
extra_state_tokens = false
hidden_width = 64
maxout_pieces = 2
use_upper = true
nO = null

[components.ner.model.tok2vec]
@architectures = "spacy.Tok2VecListener.v1"
width = {width}
upstream = "*"

[corpora]

[corpora.train]
@readers = "spacy.Corpus.v1"
path = ${{paths.train}}
max_length = 0
gold_preproc = false
limit = 0
augmenter = null

[corpora.dev]
@readers = "spacy.Corpus.v1"
path = ${{paths.dev}}
max_length = 0
gold_preproc = false
limit = 0
augmenter = null

[training]
dev_corpus = "corpora.dev"
train_corpus = "corpora.train"
seed = ${{system.seed}}
gpu_allocator = null
dropout = {dropout}
accumulate_gradient = 1
patience = {patience}
max_epochs = 0
max_steps = {max_steps}
eval_frequency = {eval_frequency}
frozen_components = []
annotating_components = []
before_to_disk = null
before_update = null

[training.batcher]
@batchers = "spacy.batch_by_words.v1"
discard_oversize = false
tolerance = 0.2
get_length = null

[training.batcher.size]
@schedules = "compounding.v1"
start = 100
stop = 1000
compound = 1.001
t = 0.0

[training.logger]
@loggers = "spacy.ConsoleLogger.v1"
progress_bar = false

[training.optimizer]
@optimizers = "Adam.v1"
beta1 = 0.9
beta2 = 0.999
L2_is_weight_decay = true
L2 = 0.01
grad_clip = 1.0
use_averages = true
eps = 0.00000001
learn_rate = 0.001

[training.score_weights]
ents_f = 1.0
ents_p = 0.0
ents_r = 0.0
ents_per_type = null

[pretraining]

[initialize]
vectors = ${{paths.vectors}}
init_tok2vec = ${{paths.init_tok2vec}}
vocab_data = null
lookups = null
before_init = null
after_init = null

[initialize.components]

[initialize.tokenizer]
"""


def build_config(args: argparse.Namespace) -> str:
    """The training config for these options."""
    callback = "rasd.fold_norms.v1" if args.no_stem else "rasd.ner_attrs.v1"
    return CONFIG.format(callback=callback, width=args.width, depth=args.depth, static=str(not args.no_vectors).lower(),
                         max_steps=args.max_steps, patience=args.patience, eval_frequency=args.eval_frequency,
                         rows="[" + args.rows + "]", dropout=args.dropout)


def load_sentences(names: list[str], data: Path, *, harmonize: bool = True, drop_heads: bool = False,
                   anercorp_weight: int = 1) -> tuple[list[Sentence], list[Sentence]]:
    """Training and dev sentences (dev = the tail of ANERcorp train, never the test split).

    `anercorp_weight` repeats the ANERcorp training sentences: the test split follows its
    conventions (what is MISC, when a country is ORG), which the other corpora do not share."""
    train: list[Sentence] = []
    dev: list[Sentence] = []
    for name in ["anercorp", *[n for n in names if n != "anercorp"]]:
        sents = [s for path in CORPORA[name](data)
                 for s in read_corpus(path, name, harmonize=harmonize, drop_heads=drop_heads)]
        if name == "anercorp":
            dev = sents[-DEV_SENTENCES:]
            sents = sents[:-DEV_SENTENCES] * anercorp_weight if "anercorp" in names else []
        train.extend(sents)
        print(f"{name}: {len(sents):,} sentences, {sum(len(s.words) for s in sents):,} tokens", file=sys.stderr)
    return train, dev


def to_docbin(nlp: spacy.Language, sentences: list[Sentence], path: Path) -> None:
    """Docs over the pipeline's tokens with the mapped entity spans."""
    db = DocBin(store_user_data=False)
    for s in sentences:
        doc = Doc(nlp.vocab, words=s.words, spaces=s.spaces)
        doc.ents = [Span(doc, a, b, label=lab) for a, b, lab in s.spans]
        db.add(doc)
    db.to_disk(path)


def finetune(args: argparse.Namespace, model: Path, overrides: dict[str, str], sentences: list[Sentence],
             blank: spacy.Language) -> Path:
    """A second, short training of the best model on ANERcorp alone, at a lower learning rate:
    the union of corpora teaches names, the last steps teach the test corpus's conventions."""
    from spacy.cli.train import train as spacy_train
    from spacy.util import load_config

    to_docbin(blank, sentences, args.work / "finetune.spacy")
    config = load_config(args.work / "config.cfg", interpolate=False)
    config["components"]["tok2vec"] = {"source": str(model)}
    config["components"]["ner"] = {"source": str(model)}
    steps = args.finetune_steps or 1000
    config["training"].update(max_steps=steps, eval_frequency=max(50, steps // 10), patience=steps)
    config["training"]["optimizer"]["learn_rate"] = args.finetune_rate
    config.to_disk(args.work / "finetune.cfg")
    spacy_train(args.work / "finetune.cfg", args.work / "finetune",
                overrides=overrides | {"paths.train": str(args.work / "finetune.spacy")})
    return args.work / "finetune" / "model-best"


def arguments() -> argparse.ArgumentParser:
    """The options of this script; the defaults build the shipped model."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=SHARED, help="the shared folder (holds data/)")
    ap.add_argument("--out", type=Path, default=ROOT / "src/rasd/data/ner")
    ap.add_argument("--work", type=Path, default=ROOT / "build/ner")
    ap.add_argument("--corpora", default="anercorp,newsfane,wojood", help="of: " + ",".join(CORPORA))
    ap.add_argument("--vectors", type=Path, default=ROOT / "build/vectors/spacy")
    ap.add_argument("--no-vectors", action="store_true")
    ap.add_argument("--no-harmonize", action="store_true", help="do not apply lexicon/ner_harmonize.tsv")
    ap.add_argument("--no-stem", action="store_true", help="PREFIX = first letter (spaCy's default), not the stem")
    ap.add_argument("--drop-heads", action="store_true", help="apply lexicon/ner_heads.tsv (no measurable gain)")
    ap.add_argument("--anercorp-weight", type=int, default=1, help="times the ANERcorp train sentences are used")
    ap.add_argument("--rows", default="20000,10000,4000,500", help="hash-embedding rows for NORM,PREFIX,SUFFIX,SHAPE")
    ap.add_argument("--dropout", type=float, default=0.1)
    ap.add_argument("--width", type=int, default=96)
    ap.add_argument("--depth", type=int, default=4)
    ap.add_argument("--max-steps", type=int, default=5000)
    ap.add_argument("--patience", type=int, default=2000)
    ap.add_argument("--eval-frequency", type=int, default=500)
    ap.add_argument("--finetune-steps", type=int, default=2000,
                    help="then train this many steps more on ANERcorp alone (its conventions), from the best model")
    ap.add_argument("--finetune-rate", type=float, default=0.0003)
    ap.add_argument("--finetune-from", type=Path, help="skip the first training: fine-tune this model")
    ap.add_argument("--evaluate", action="store_true", help="score the result on the ANERcorp test split")
    return ap


def main(argv: list[str] | None = None) -> None:
    ap = arguments()
    args = ap.parse_args(argv)
    names = [n for n in args.corpora.split(",") if n]
    data = args.shared / "data"
    use_vectors = not args.no_vectors
    if use_vectors and not (args.vectors / "config.cfg").is_file():
        ap.error(f"{args.vectors} missing: run scripts/train_vectors.py first (or pass --no-vectors)")

    args.work.mkdir(parents=True, exist_ok=True)
    callback = "rasd.fold_norms.v1" if args.no_stem else "rasd.ner_attrs.v1"
    (args.work / "config.cfg").write_text(build_config(args), encoding="utf-8")
    blank = spacy.blank("ar", config={"nlp": {"after_creation": {"@callbacks": callback}}})
    train, dev = load_sentences(names, data, harmonize=not args.no_harmonize, drop_heads=args.drop_heads,
                                anercorp_weight=args.anercorp_weight)
    to_docbin(blank, train, args.work / "train.spacy")
    to_docbin(blank, dev, args.work / "dev.spacy")

    from spacy.cli.train import train as spacy_train

    overrides = {"paths.train": str(args.work / "train.spacy"), "paths.dev": str(args.work / "dev.spacy")}
    if use_vectors:
        overrides["paths.vectors"] = str(args.vectors)
    if args.finetune_from is None:
        spacy_train(args.work / "config.cfg", args.work / "output", overrides=overrides)
    best = args.finetune_from or args.work / "output" / "model-best"
    if args.finetune_steps or args.finetune_from:
        anercorp_train, _ = load_sentences(["anercorp"], data, harmonize=not args.no_harmonize)
        best = finetune(args, best, overrides, anercorp_train, blank)
    if args.out.exists():
        shutil.rmtree(args.out)
    shutil.copytree(best, args.out)
    print(f"model -> {args.out}", file=sys.stderr)
    if args.evaluate:
        nlp = spacy.load(args.out)
        test = read_corpus(data / ANER.format("test"), "anercorp", column="eval")
        result = evaluate(nlp, test)
        (args.work / "eval.json").write_text(json.dumps(result, indent=1), encoding="utf-8")
        print(json.dumps(result))


if __name__ == "__main__":
    main()
