"""Words per second of our extractor against spaCy's full French pipeline, on the same text.

    python bench/bench_extract.py [FILE] [--repeat N]

FILE defaults to the largest sample, data/003_*.txt (one meeting, 29 deliberations with their
reports and annexes). The extractor reads the whole file at once, as `kg build` does; spaCy
(`fr_core_news_sm`, every component on) reads the same text split into paragraphs through
`nlp.pipe`, `nlp.max_length` raised to the longest paragraph. Words are counted once, by
whitespace, and both rates use that count. Then the development corpus (`../shared/corpus/dev/`,
many short documents of every layout) is extracted too, and its rate compared with spaCy's.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _rate(words: int, seconds: float) -> str:
    return f"{words / seconds:>12,.0f} words/s  ({seconds:.2f} s)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    default = next(iter(sorted((ROOT / "data").glob("003_*.txt"))), None)
    parser.add_argument("file", nargs="?", type=Path, default=default)
    parser.add_argument("--repeat", type=int, default=3, help="extractor runs (the best is kept)")
    args = parser.parse_args()
    if args.file is None:
        parser.error("no data/003_*.txt; give a FILE")

    from extractors import extract_document
    from kg.reading import read_document

    text = read_document(args.file)
    words = len(text.split())
    print(f"{args.file.name}: {len(text):,} characters, {words:,} words")

    best = float("inf")
    for _ in range(args.repeat):
        start = time.perf_counter()
        deliberations = extract_document(text, args.file.name)
        best = min(best, time.perf_counter() - start)
    ours = words / best
    print(f"extract_document ({len(deliberations)} deliberations): {_rate(words, best)}")

    import spacy

    nlp = spacy.load("fr_core_news_sm")
    paragraphs = [p for p in re.split(r"\n\s*\n", text) if p.strip()]
    nlp.max_length = max(nlp.max_length, max(len(p) for p in paragraphs) + 1)
    start = time.perf_counter()
    tokens = sum(len(doc) for doc in nlp.pipe(paragraphs, batch_size=64))
    seconds = time.perf_counter() - start
    theirs = words / seconds
    print(f"spaCy fr_core_news_sm {'+'.join(nlp.pipe_names)} ({len(paragraphs):,} paragraphs, {tokens:,} tokens): {_rate(words, seconds)}")
    print(f"ratio: extract_document is {ours / theirs:,.1f}x the speed of the spaCy pipeline")

    # the development corpus: 55 short documents of every layout, most of them one line of OCR text
    corpus = sorted((ROOT.parent / "shared" / "corpus" / "dev").glob("*.txt"))
    if corpus:
        texts = [(path.name, read_document(path)) for path in corpus]
        corpus_words = sum(len(t.split()) for _, t in texts)
        best = float("inf")
        for _ in range(args.repeat):
            start = time.perf_counter()
            for name, t in texts:
                extract_document(t, name)
            best = min(best, time.perf_counter() - start)
        print(f"corpus ({len(texts)} files, {corpus_words:,} words): {_rate(corpus_words, best)}; "
              f"{corpus_words / best / theirs:,.1f}x the spaCy pipeline's rate above")


if __name__ == "__main__":
    main()
