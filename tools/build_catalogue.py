"""Build kg's Papers-with-Code catalogue files and the common-lowercase lexicon.

Reads the reference data in ``../shared/data`` (or the directory given as the first
argument, relative to the repository root) and the hand-curated catalogue files, and writes:

* ``kg/data/catalogue/pwc_datasets.jsonl`` -- usable PwC datasets with safe aliases;
* ``kg/data/catalogue/pwc_tasks.jsonl`` -- PwC task names in running-text form;
* ``kg/data/lexicon/common_lower.txt`` -- word types seen all-lowercase >= 5 times.

PwC entries that collide (normalised name or alias) with a curated entry are dropped, so the
curated files win. The output is deterministic: same inputs, same bytes.

Usage: ``python tools/build_catalogue.py [DATA_DIR]``
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CATALOGUE = REPO / "kg" / "data" / "catalogue"
LEXICON = REPO / "kg" / "data" / "lexicon"

MIN_LOWER = 5  # occurrences as an all-lowercase token for a word to count as "ordinary"
MIN_PHRASE = 2  # lowercase occurrences for a multi-word name to count as an ordinary phrase

WORD_RE = re.compile(r"[^\W_]+")
STOP = frozenset("a an and as at by for from in into of on or the to with via".split())
GENERIC_DS_TOKENS = frozenset(
    "dataset datasets data corpus benchmark set database collection".split()
)

# --------------------------------------------------------------------------------------
# Generic helpers
# --------------------------------------------------------------------------------------


def norm_key(text: str) -> str:
    """Case-fold and drop every non-alphanumeric character (the collision key)."""
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def words(text: str) -> list[str]:
    """Split text into alphanumeric word tokens."""
    return WORD_RE.findall(text)


def read_jsonl(path: Path) -> list[dict]:
    """Read a JSONL file (empty list if it does not exist)."""
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def write_jsonl(path: Path, rows: Iterable[dict]) -> int:
    """Write rows sorted case-insensitively by name; return the number written."""
    rows = sorted(rows, key=lambda r: (r["name"].casefold(), r["name"]))
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    return len(rows)


def entry_keys(entry: dict) -> set[str]:
    """Normalised keys of an entry's name and aliases."""
    return {k for k in (norm_key(s) for s in [entry["name"], *entry.get("aliases", [])]) if k}


def dedupe(items: Iterable[str], exclude: Iterable[str] = ()) -> list[str]:
    """Keep the first spelling of each normalised key, skipping keys in ``exclude``."""
    seen = set(exclude)
    out: list[str] = []
    for item in items:
        key = norm_key(item)
        if key and key not in seen:
            seen.add(key)
            out.append(item)
    return out


def clean_space(text: str) -> str:
    """Collapse runs of whitespace and strip."""
    return " ".join(text.split())


# --------------------------------------------------------------------------------------
# Corpus statistics
# --------------------------------------------------------------------------------------


class Corpus:
    """Token statistics of the arXiv abstracts."""

    def __init__(self, path: Path) -> None:
        self.lower: Counter[str] = Counter()
        self.any_case: Counter[str] = Counter()
        self.cap_mid: Counter[str] = Counter()
        self.abstracts: list[str] = []
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                text = json.loads(line).get("abstract") or ""
                self.abstracts.append(text)
                for m in WORD_RE.finditer(text):
                    tok = m.group()
                    self.any_case[tok.lower()] += 1
                    if tok.islower():
                        self.lower[tok] += 1
                    elif tok[0].isupper() and (len(tok) == 1 or tok[1:].islower()):
                        before = text[: m.start()].rstrip()
                        if before and before[-1] not in ".!?:;\"'(":
                            self.cap_mid[tok] += 1
        self.common = {w for w, c in self.lower.items() if c >= MIN_LOWER}

    def proper_nouns(self) -> set[str]:
        """Title-case words mostly written capitalised in mid-sentence."""
        return {
            w
            for w, c in self.cap_mid.items()
            if c >= 5 and len(w) > 2 and not self.lower[w.lower()]
        }

    def phrase_counts(self, phrases: Iterable[str], lowercase_only: bool) -> Counter[str]:
        """Count occurrences of multi-word phrases (keys: space-joined lowercase tokens).

        With ``lowercase_only`` only runs of all-lowercase tokens count; otherwise the
        match is case-insensitive.
        """
        targets = {" ".join(words(p.lower())) for p in phrases}
        targets = {t for t in targets if " " in t}
        by_first: dict[str, set[int]] = defaultdict(set)
        for t in targets:
            parts = t.split(" ")
            by_first[parts[0]].add(len(parts))
        counts: Counter[str] = Counter()
        for text in self.abstracts:
            toks = words(text)
            if not lowercase_only:
                toks = [t.lower() for t in toks]
            for i, tok in enumerate(toks):
                lens = by_first.get(tok)
                if not lens:
                    continue
                for n in lens:
                    span = toks[i : i + n]
                    if len(span) == n and (not lowercase_only or all(t.islower() for t in span)):
                        joined = " ".join(span)
                        if joined in targets:
                            counts[joined] += 1
        return counts


def write_lexicon(corpus: Corpus) -> int:
    """Write common_lower.txt; return the number of words."""
    LEXICON.mkdir(parents=True, exist_ok=True)
    items = sorted(corpus.common)
    (LEXICON / "common_lower.txt").write_text("\n".join(items) + "\n", encoding="utf-8")
    return len(items)


# --------------------------------------------------------------------------------------
# Acronyms
# --------------------------------------------------------------------------------------


def _split_parts(text: str) -> list[str]:
    """Lowercase word parts of a phrase (hyphens split words)."""
    return [w.lower() for w in words(text)]


def acronym_matches(acronym: str, parts: list[str]) -> bool:
    """True if ``acronym`` can be read off the words ``parts`` in order.

    Each non-stop word contributes its first letter, optionally followed by more of its
    letters in order; stop words may contribute nothing. A capital letter of the acronym
    (not right after a digit) must be some word's first letter, so "PTB" does not read
    "Penn Treebank" but "VisDial" reads "Visual Dialog" and "OOD" "Out of Distribution".
    """
    chars = [ch for ch in acronym if ch.isalnum()]
    acr = "".join(chars).casefold()
    if len(acr) < 2 or len([p for p in parts if p not in STOP]) < 2:
        return False
    initial = [ch.isupper() and not (k and chars[k - 1].isdigit()) for k, ch in enumerate(chars)]
    memo: dict[tuple[int, int], bool] = {}

    def go(i: int, j: int) -> bool:
        if j == len(parts):
            return i == len(acr)
        if (i, j) in memo:
            return memo[(i, j)]
        word = parts[j]
        ok = word in STOP and go(i, j + 1)
        if not ok and i < len(acr) and word[0] == acr[i]:
            takes = [1]
            k, pos = i + 1, 1
            while k < len(acr) and not initial[k]:
                pos = word.find(acr[k], pos)
                if pos < 0:
                    break
                k += 1
                pos += 1
                takes.append(k - i)
            ok = any(go(i + take, j + 1) for take in takes)
        memo[(i, j)] = ok
        return ok

    return go(0, 0)


def looks_like_acronym(text: str) -> bool:
    """A short token with at least two capitals and no spaces (e.g. OOD, CoIR, 3D-QA)."""
    return (
        " " not in text
        and 2 <= len(text) <= 10
        and sum(ch.isupper() for ch in text) >= 2
        and not re.search(r"[^A-Za-z0-9\-]", text)
    )


# --------------------------------------------------------------------------------------
# Datasets
# --------------------------------------------------------------------------------------

# Leaderboard-configuration qualifiers: a variant carrying one of these is a split/setting,
# not a name people write.
DS_QUALIFIER_RE = re.compile(
    r"[,:;()\[\]/%+&=*_>]|\s-\s|\s--|-to-|\b(to|vs)\b|\b[a-z]{2}-[a-z]{2}\b|"
    r"\b(\d+[- ]?(way|shot|shots)|sigma\s?\d*|\d+\s*x\s*\d+|\d+x|upscaling|labels?|labeled|"
    r"test|testing|val|valid|validation|dev|train|training|split|subset|fold|epochs?|"
    r"unsupervised|supervised|full-supervised|partition|evaluation|setting|task|track|"
    r"easy|moderate|medium|hard|classification|detection|segmentation|recognition|"
    r"conditional|unconditional|frames|zero-shot|few-shot|one-shot|samples|per class|"
    r"random|public|private|official|version|full|only|mode|\d+-clique|generation|model|"
    r"detecting|in-domain|out-of-domain|near-domain|entire|binary|multilabel)\b",
    re.IGNORECASE,
)
# Names that mostly mean something else in ML text: institutions, platforms, common ML
# acronyms (SGD, CTC, MAP, SVD...) and task acronyms (HAR, FSOD).
DS_VARIANT_BLOCK = frozenset(
    norm_key(v)
    for v in """CUHK Atari UCI WMT SemEval Flickr Reddit Twitter Linux ACM ETH UCSD KTH WHU SGD CTC
    MLM SVD MAP PIT CPP MMI COMA HAR ASD FSOD E2E""".split()
)
LANGUAGES = frozenset(
    """Afrikaans Albanian Amharic Arabic Armenian Azerbaijani Basque Belarusian Bengali
    Bosnian Bulgarian Burmese Catalan Cantonese Chinese Croatian Czech Danish Dutch English
    Estonian Filipino Finnish French Galician Georgian German Greek Gujarati Hausa Hebrew Hindi
    Hungarian Icelandic Igbo Indonesian Irish Italian Japanese Javanese Kannada Kazakh Khmer
    Korean Kurdish Lao Latvian Lithuanian Macedonian Malay Malayalam Maltese Marathi
    Mongolian Nepali Norwegian Pashto Persian Polish Portuguese Punjabi Romanian Russian
    Sanskrit Serbian Sinhala Slovak Slovenian Somali Spanish Swahili Swedish Tagalog Tamil
    Telugu Thai Tibetan Turkish Ukrainian Urdu Uzbek Vietnamese Welsh Xhosa Yoruba Zulu""".split()
)


def _ds_tokens(text: str) -> set[str]:
    """Content tokens of a dataset name, split at letter/digit boundaries, singularised."""
    out: set[str] = set()
    for w in words(text.lower()):
        for part in re.findall(r"[^\W\d_]+|\d+", w):
            if len(part) > 3 and part.endswith("s"):
                part = part[:-1]
            content = part not in STOP and part not in GENERIC_DS_TOKENS
            if content and (len(part) > 1 or part.isdigit()):
                out.add(part)
    return out


_VERSION_TOKEN = re.compile(
    r"\d[\w.]*|v\d[\w.]*|[A-Z0-9]{1,4}|[IVX]+|dataset|corpus|benchmark", re.I
)


def _find_word(needle: str, hay: str) -> int:
    """Index of ``needle`` in ``hay`` bounded by non-letters on both sides, or -1."""
    start = 0
    while True:
        i = hay.find(needle, start)
        if i < 0:
            return -1
        before = hay[i - 1] if i else " "
        after = hay[i + len(needle)] if i + len(needle) < len(hay) else " "
        if not before.isalpha() and not after.isalpha():
            return i
        start = i + 1


def _version_rest(rest: str) -> bool:
    """True if ``rest`` holds only version-like tokens ("-400", " v1.0", "-LT", " 2017")."""
    toks = words(rest)
    return all(_VERSION_TOKEN.fullmatch(t) and (not t.isalpha() or t.isupper() or t.lower() in
               GENERIC_DS_TOKENS or re.fullmatch(r"v\d.*", t)) for t in toks)


def related(variant: str, name: str) -> bool:
    """True if a PwC variant plausibly names the same dataset as its id.

    Drops the member datasets PwC lists under suites (GLUE's "CoLA") and look-alike
    names ("Dense-Haze" under "DENSE").
    """
    for short, long in ((variant, name), (name, variant)):
        if " " not in short and acronym_matches(short, _split_parts(long)):
            return True
    # the variant contains the id: "Kinetics-400", "MS COCO", "Sequential MNIST"
    pairs = [(variant, name)] + ([(variant.lower(), name.lower())] if len(name) >= 5 else [])
    for hay, needle in pairs:
        i = _find_word(needle, hay)
        if i >= 0 and _version_rest(hay[i + len(needle) :]):
            return True
    # the id contains the variant: "CUB" in "CUB-200-2011", "IMDb" in "IMDb Movie Reviews"
    if _find_word(variant, name) >= 0:
        return True
    if len(variant) >= 5 and _find_word(variant.lower(), name.lower()) >= 0:
        return True
    if len(name.split()) > 1:
        shared = _ds_tokens(variant) & {t for t in _ds_tokens(name) if not t.isdigit()}
        return bool(shared)
    return False


def has_inner_cap_or_digit(text: str) -> bool:
    """True if the word has a capital after its first character, or any digit."""
    return any(ch.isdigit() for ch in text) or any(ch.isupper() for ch in text[1:])


def usable_variant(variant: str, corpus: Corpus) -> bool:
    """Filter out variants that would cause false matches."""
    if len(variant) < 3 or not any(ch.isalpha() for ch in variant):
        return False
    if norm_key(variant) in DS_VARIANT_BLOCK:
        return False
    single = " " not in variant
    if single and variant.lower() in corpus.common and not has_inner_cap_or_digit(variant):
        return False  # a generic English word such as "Image", "News", "Reviews"
    return True


def build_datasets(
    data: Path, corpus: Corpus, curated: list[dict], curated_tasks: list[dict]
) -> list[dict]:
    """Build the PwC dataset entries.

    Entries already covered by a curated dataset (same "pwc" id, or a shared normalised
    name/alias) are dropped; names equal to a curated task name (e.g. "Visual Question
    Answering") are removed.
    """
    merged: dict[str, list[str]] = {}
    order: list[str] = []
    for row in read_jsonl(data / "pwc_datasets.jsonl"):
        pid = clean_space(row["id"])
        if pid not in merged:
            merged[pid] = []
            order.append(pid)
        merged[pid].extend(clean_space(v) for v in row.get("variants") or [])

    id_keys = {norm_key(pid): pid for pid in order}
    entries: list[dict] = []
    for pid in order:
        names: list[str] = []
        if usable_variant(pid, corpus):
            names.append(pid)
        for v in merged[pid]:
            k = norm_key(v)
            if k == norm_key(pid):
                continue
            if k in id_keys and id_keys[k] != pid:
                continue  # the variant is another PwC dataset (e.g. GLUE's "MRPC")
            if DS_QUALIFIER_RE.search(v) or not related(v, pid):
                continue
            if any(w in LANGUAGES and w not in pid for w in words(v)):
                continue  # a language-specific split: "XNLI Chinese"
            if usable_variant(v, corpus):
                names.append(v)
        names = dedupe(names)
        if names:
            entries.append({"pwc": pid, "names": names})

    # An alias claimed by several entries is ambiguous: keep it only where it is the name.
    owners: dict[str, set[int]] = defaultdict(set)
    for i, e in enumerate(entries):
        for n in e["names"]:
            owners[norm_key(n)].add(i)
    name_owner: dict[str, int] = {}
    for i, e in enumerate(entries):
        name_owner.setdefault(norm_key(e["names"][0]), i)
    for i, e in enumerate(entries):
        keep = []
        for j, n in enumerate(e["names"]):
            k = norm_key(n)
            if len(owners[k]) == 1 or name_owner.get(k) == i or (j == 0 and k not in name_owner):
                keep.append(n)
        e["names"] = keep

    curated_keys: set[str] = set()
    for c in curated:
        curated_keys |= entry_keys(c)
    curated_ids = {c["pwc"] for c in curated if c.get("pwc")}
    task_keys: set[str] = set()
    for t in curated_tasks:
        task_keys |= entry_keys(t)
    for e in entries:
        e["names"] = [n for n in e["names"] if norm_key(n) not in task_keys]
    phrases = [n for e in entries for n in e["names"] if len(words(n)) > 1]
    lower_phrases = corpus.phrase_counts(phrases, lowercase_only=True)

    out: list[dict] = []
    seen: set[str] = set()
    for e in entries:
        if not e["names"]:
            continue
        keys = {norm_key(n) for n in e["names"]}
        if keys & curated_keys or e["pwc"] in curated_ids or norm_key(e["names"][0]) in seen:
            continue
        seen |= keys
        out.append(
            {
                "name": e["names"][0],
                "type": "Dataset",
                "aliases": e["names"][1:],
                "pwc": e["pwc"],
                "cased": any(_needs_case(n, corpus, lower_phrases) for n in e["names"]),
                "source": "pwc",
            }
        )
    return out


def _needs_case(name: str, corpus: Corpus, lower_phrases: Counter[str]) -> bool:
    """True if matching ``name`` case-insensitively risks hitting ordinary words."""
    toks = words(name)
    if len(toks) == 1 and name == toks[0]:
        if name.lower() in corpus.common:
            return True
        if re.fullmatch(r"[A-Z][a-z]+", name):
            return True  # a capitalised word: probably an English word or proper noun
        if re.fullmatch(r"[A-Z]{2,4}", name):
            return True  # a short acronym
        return False
    return lower_phrases[" ".join(t.lower() for t in toks)] >= MIN_PHRASE


# --------------------------------------------------------------------------------------
# Tasks
# --------------------------------------------------------------------------------------

# Single-token PwC task names that are clearly tasks (everything else single-token is
# dropped: benchmark names, MMLU subjects, categories, leaderboard settings).
SINGLE_WORD_TASKS = frozenset(
    norm_key(w)
    for w in """binarization chunking clustering colorization deblurring decipherment
    demosaicking denoising de-identification geo-localization imputation lemmatization
    lipreading pansharpening reranking retrosynthesis segmentation summarization
    super-resolution transliteration uncropping speech-to-text text-to-sql sql-to-text
    text-to-speech learning-to-rank text-to-gql text-to-cypher graph-to-sequence
    dehazing deraining inpainting matting captioning""".split()
)
# MMLU subjects, BIG-bench style categories and other non-task names in the PwC list.
TASK_BLOCK = frozenset(
    norm_key(t)
    for t in [
        "Abstract Algebra", "Anatomy", "Astronomy", "Business Ethics", "Clinical Knowledge",
        "College Biology", "College Chemistry", "College Computer Science",
        "College Mathematics", "College Medicine", "College Physics", "Computer Security",
        "Conceptual Physics", "Econometrics", "Electrical Engineering",
        "Elementary Mathematics", "Formal Logic", "Global Facts", "Human Aging",
        "Human Sexuality", "International Law", "Jurisprudence", "Logical Fallacies",
        "Machine Learning", "Management", "Marketing", "Medical Genetics", "Miscellaneous",
        "Moral Disputes", "Moral Scenarios", "Nutrition", "Philosophy", "Prehistory",
        "Professional Accounting", "Professional Law", "Professional Medicine",
        "Professional Psychology", "Public Relations", "Security Studies", "Sociology",
        "US Foreign Policy", "Virology", "World Religions", "Deep Learning", "Articles",
        "Montezuma's Revenge", "Atari Games 100k", "Computer Vision", "Natural Language Processing",
        "Miscellaneous", "Playing Games", "Time Series", "Knowledge Base", "Computer Code",
        "Methodology", "Adversarial", "Medical", "Robots", "Graphs", "Music", "Audio",
        "Reasoning", "Speech", "Holdout Set", "Proper Noun", "English Proverbs", "Starcraft II",
        "Logical Args", "Physics MC", "Crash Blossom", "Deep Attention", "Graph Attention",
        "CARLA longest6", "col BERTTriplet", "Rotated MNIST", "Unsupervised MNIST", "Crass AI",
        "Keyword Spotting CSS", "Metaphor Boolean", "LLM real-life tasks",
        "BIG-bench Machine Learning",
        "AI and Safety", "Game of Doom", "Entity Extraction using GAN", "Odd One Out",
    ]
)
TASK_JUNK_RE = re.compile(
    r"[/_%,:;+&=*\"Ω]|--|\s-\s|\s-\S|\.\s|\.$|"
    r"^translation [a-z]{3}-[a-z]{3}$|"
    r"\b(task|subtask|split|level)[\s-]*\d|\bsplit [a-z]\b|\b\d+-way\b|\b\d+k\b|"
    r"^(high school|college|elementary|professional) |\bbenchmark(ing)?\b|\bleaderboard\b|"
    r"\btotal\b|\bdatasets?\b|\bon [A-Z]|\bgym\b|\b\d+ classes\b|^domain \d|^overlapped \d|"
    r"\braspberry pi\b|-(cloned|human|expert|replay|random|medium)$|"
    r"\b(accuracy|score|performance|triplet)$|\bA-VB\b",
    re.IGNORECASE,
)
# Proper nouns that must keep their capital even if the corpus did not show it.
PROPER = LANGUAGES | frozenset(
    """Latin African American Asian European Indian Indic Arabic Bangla Mandarin Hinglish Sanskrit
    Atari Minecraft StarCraft Starcraft Go Dota Twitter Reddit Wikipedia Wikidata Amazon
    Google Python Java SQL Bayesian Gaussian Markov Monte Carlo Fourier Euclidean Hamiltonian
    Lagrangian Lyapunov Boolean Alzheimer Alzheimer's Parkinson Parkinson's COVID Android
    Arcade Earth Mars Kinect Lidar Pareto Nash Wasserstein Riemannian Sudoku Li Steiner""".split()
)
TO_MODALITIES = frozenset(
    """text speech image video audio sql code 3d music graph sequence point shape label photo
    sketch motion scene mesh voxel table data dance lyrics signal sign gesture depth
    layout semantic sound voice face person molecule protein structure""".split()
)
FIXED_PHRASES = {
    "out of distribution": "out-of-distribution",
    "zero shot": "zero-shot",
    "few shot": "few-shot",
    "one shot": "one-shot",
    "semi supervised": "semi-supervised",
    "self supervised": "self-supervised",
    "end to end": "end-to-end",
}


def _case_word(word: str, proper: set[str]) -> str:
    """Running-text casing of one word of a title-cased task name."""
    if "-" in word:
        parts = word.split("-")
        acr = [sum(ch.isupper() for ch in p) >= 2 for p in parts]
        out = []
        for k, p in enumerate(parts):
            next_to_acronym = any(acr[max(0, k - 1) : k + 2])
            keep = len(p) == 1 and p.isupper() and next_to_acronym  # "RGB-D", "A-VB"
            out.append(p if keep else _case_word(p, proper))
        return "-".join(out)
    if not word or any(ch.isdigit() for ch in word) or sum(ch.isupper() for ch in word) >= 2:
        return word  # acronyms and codes: 3D, RGB, CoIR
    if word[0].isupper():
        stem = word[:-2] if word.endswith("'s") else word
        if word in proper or stem in proper or word in PROPER or stem in PROPER:
            return word
        return word.lower()
    return word


def running_text_form(name: str, proper: set[str]) -> str:
    """Lowercase a PwC title-cased task name the way it is written in running text."""
    if name.isupper() and len([w for w in words(name) if len(w) > 3]) >= 2:
        name = name.lower()
    out = " ".join(_case_word(w, proper) for w in name.split(" "))
    low = out.lower()
    for src, dst in FIXED_PHRASES.items():
        for m in reversed(list(re.finditer(r"\b" + re.escape(src) + r"\b", low))):
            out = out[: m.start()] + dst + out[m.end() :]
        low = out.lower()

    def _to(m: re.Match[str]) -> str:
        if m.group(1).lower() in TO_MODALITIES and m.group(3).lower() in TO_MODALITIES:
            return f"{m.group(1)}-{m.group(2)}-{m.group(3)}"
        return m.group(0)

    return re.sub(r"\b([\w]+)[ -](to|To)[ -]([\w]+)\b", _to, out)


def split_acronym(name: str) -> tuple[str, list[str]] | None:
    """Handle one parenthesised part of a task name.

    Returns (name without the parentheses, [acronym alias]) for acronyms such as
    "Out of Distribution (OOD) Detection" or "ENF (Electric Network Frequency) Detection";
    None if the parenthesis is a qualifier (the name is then a leaderboard variant).
    """
    m = re.fullmatch(r"(.*?)\s*\(([^()]+)\)\s*(.*)", name)
    if not m or "(" in m.group(3):
        return None
    before, inner, after = m.group(1).strip(), m.group(2).strip(), m.group(3).strip()
    if not before:
        return None
    bwords = before.split(" ")
    if looks_like_acronym(inner):
        for k in range(1, len(bwords) + 1):
            if acronym_matches(inner, _split_parts(" ".join(bwords[-k:]))):
                alias = " ".join([*bwords[:-k], inner, *([after] if after else [])])
                return clean_space(f"{before} {after}"), [alias]
        return (before, []) if not after else None
    # reversed form: "ENF (Electric Network Frequency) Detection"
    last = bwords[-1]
    if looks_like_acronym(last) and acronym_matches(last, _split_parts(inner)):
        full = " ".join([*bwords[:-1], inner, *([after] if after else [])])
        return clean_space(full), [clean_space(f"{before} {after}")]
    return (before, []) if not after else None  # a qualifier: "Face Recognition (Closed-Set)"


def _deslug(name: str) -> str:
    """Turn slugs such as "named-entity-recognition" or "Learning-To-Rank" into words."""
    if " " in name or "-" not in name:
        return name
    parts = name.split("-")
    if name.islower() or (len(parts) >= 3 and all(p.isalpha() for p in parts)):
        if len(parts) == 3 and parts[1].lower() == "to" and not name.islower():
            return name
        return " ".join(parts)
    return name


def _truncated(name: str, all_names: list[str]) -> bool:
    """True if ``name`` is another name cut in the middle of a word."""
    for other in all_names:
        if len(other) > len(name) and other.startswith(name) and other[len(name)].isalnum():
            if name[-1].isalnum():
                return True
    return False


def load_hierarchy(path: Path) -> dict[str, list[str]]:
    """Map child task name -> parent task names (file order)."""
    parents: dict[str, list[str]] = defaultdict(list)
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            parent = clean_space(row["Parent Task"])
            for child in row["Child Tasks"].split(";"):
                child = clean_space(child.removesuffix("...").strip())
                if child and parent and child != parent:
                    parents[child].append(parent)
    return parents


#: words that name an activity or a problem ("detection", "parsing", "assessment", "analysis")
ACTIVITY_RE = re.compile(r"(tion|sion|ing|ment|sis|ance|ence|ure|ity|ness|ery|ics)$")
#: plural heads that still name work to do ("math word problems", "Atari games": playing them)
WORK_PLURALS = frozenset({"problems", "tasks", "puzzles", "games"})


def names_things(name: str) -> bool:
    """Does a PwC "task" name things rather than an activity: a plural noun with no
    activity word ("point clouds", "knowledge graphs", "Atari games", "topic models",
    "spoken dialogue systems")? Such a name in an abstract is data or a system, not the
    paper's task; "classify 3D point clouds" and "action recognition in videos" are tasks."""
    ws = [w for w in re.split(r"[\s-]+", name) if w]
    last = ws[-1] if ws else ""
    if not re.search(r"[a-z][^s]s$", last) or last.endswith(("ss", "us")) or \
            last.lower() in WORK_PLURALS:
        return False
    return not any(ACTIVITY_RE.search(w.lower()) for w in ws) and \
        ws[0].lower() not in ("classify", "predict", "generate", "detect", "recognize")


def clean_task(raw: str, all_names: list[str], proper: set[str]) -> tuple[str, list[str]] | None:
    """Return (running-text name, aliases) for a PwC task name, or None for junk."""
    name = clean_space(raw.replace("\u2013", "-").replace("\u2019", "'"))
    if not name or _truncated(name, all_names):
        return None
    if not name.isascii():
        return None
    aliases: list[str] = []
    if "(" in name or ")" in name:
        split = split_acronym(name)
        if split is None:
            return None
        name, aliases = split
    name = _deslug(name)
    name = re.sub(r"^(the|a|an) ", "", name, flags=re.IGNORECASE)
    if TASK_JUNK_RE.search(name) or norm_key(name) in TASK_BLOCK:
        return None
    toks = words(name)
    if not toks or all(len(t) <= 2 for t in toks):
        return None
    if len(name.split(" ")) == 1 and norm_key(name) not in SINGLE_WORD_TASKS:
        return None
    if len(toks) > 8 or names_things(name):
        return None
    text = running_text_form(name, proper)
    aliases = [running_text_form(a, proper) for a in aliases]
    aliases = [a for a in aliases if len(norm_key(a)) >= 3]
    return text, aliases


def _edits1(word: str) -> set[str]:
    """Typical typo edits of ``word``: a deleted, doubled-in or transposed letter, a
    swapped vowel, or a stray letter -- never touching the first letter."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    vowels = "aeiou"
    splits = [(word[:i], word[i:]) for i in range(1, len(word) + 1)]
    out = {a + b[1:] for a, b in splits if b}
    out |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    out |= {a + c + b[1:] for a, b in splits if b and b[0] in vowels for c in vowels}
    out |= {a + c + b for a, b in splits for c in letters}
    out.discard(word)
    return out


def find_typos(names: list[str], corpus: Corpus) -> set[str]:
    """Words of task names that look like misspellings of frequent corpus words.

    A word (8+ letters) counts as a typo if it never occurs in the corpus, occurs in only
    one task name, and is one typical typo edit away from a word seen >= 10 times
    (plural/-s forms and British -ise/-isation spellings excepted).
    """
    in_names: Counter[str] = Counter()
    for n in names:
        in_names.update({w.lower() for w in words(n)})
    frequent = {w for w, c in corpus.any_case.items() if c >= 10 and w.isalpha()}
    typos = set()
    for w, c in in_names.items():
        if c > 1 or len(w) < 8 or not w.isalpha() or corpus.any_case[w]:
            continue
        for v in sorted(_edits1(w) & frequent):
            if w.replace("s", "z") == v.replace("s", "z") or w.rstrip("s") == v.rstrip("s"):
                continue
            typos.add(w)
            break
    return typos


def build_tasks(
    data: Path, corpus: Corpus, curated: list[dict], curated_datasets: list[dict]
) -> list[dict]:
    """Build the PwC task entries.

    Entries colliding with a curated task are dropped (children then point at the curated
    name); so are PwC "tasks" named like a curated dataset (e.g. "Natural Questions").
    """
    with (data / "pwc_tasks.txt").open(encoding="utf-8") as fh:
        raw = [line.strip() for line in fh]
    raw = [r[1:-1] if len(r) >= 2 and r[0] == r[-1] == '"' else r for r in raw]
    raw = list(dict.fromkeys(raw))
    proper = corpus.proper_nouns()
    typos = find_typos(raw, corpus)
    dataset_keys: set[str] = set()
    for d in curated_datasets:
        dataset_keys |= entry_keys(d)

    by_key: dict[str, dict] = {}
    origin: dict[str, str] = {}  # PwC raw name -> key of its entry
    for r in raw:
        res = clean_task(r, raw, proper)
        if res is None or any(w.lower() in typos for w in words(r)):
            continue
        name, aliases = res
        key = norm_key(name)
        if key in dataset_keys:
            continue
        entry = by_key.setdefault(key, {"name": name, "aliases": [], "raw": []})
        entry["aliases"].extend(aliases)
        entry["raw"].append(r)
        origin[clean_space(r)] = key

    # aliases claimed by several entries (or equal to another name) are dropped
    owners: dict[str, set[str]] = defaultdict(set)
    for key, e in by_key.items():
        for a in e["aliases"]:
            owners[norm_key(a)].add(key)
    for key, e in by_key.items():
        e["aliases"] = dedupe(
            [
                a
                for a in e["aliases"]
                if len(owners[norm_key(a)]) == 1 and norm_key(a) not in by_key
            ],
            exclude=[key],
        )

    curated_name: dict[str, str] = {}
    for c in curated:
        for k in entry_keys(c):
            curated_name[k] = c["name"]
    final_name: dict[str, str] = {}
    kept: dict[str, dict] = {}
    for key, e in by_key.items():
        keys = {key} | {norm_key(a) for a in e["aliases"]}
        if key in curated_name:
            final_name[key] = curated_name[key]
            continue
        if keys & curated_name.keys():
            continue
        kept[key] = e
        final_name[key] = e["name"]

    hierarchy = load_hierarchy(data / "pwc_task_hierarchy.csv")
    parent_of: dict[str, str] = {}
    for key, e in sorted(kept.items()):
        best: tuple[int, int, str] | None = None
        for r in e["raw"]:
            for rank, p in enumerate(hierarchy.get(clean_space(r), [])):
                pkey = origin.get(p)
                if pkey is None or pkey == key or pkey not in final_name:
                    continue
                overlap = len(set(words(final_name[pkey].lower())) & set(words(e["name"].lower())))
                cand = (-overlap, rank, pkey)
                if best is None or cand < best:
                    best = cand
        if best is not None:
            parent_of[key] = best[2]
    # break cycles
    for key in sorted(parent_of):
        seen = {key}
        cur = parent_of.get(key)
        while cur is not None:
            if cur in seen:
                parent_of.pop(key, None)
                break
            seen.add(cur)
            cur = parent_of.get(cur)

    out = []
    for key, e in kept.items():
        row: dict = {"name": e["name"], "type": "Task", "aliases": e["aliases"]}
        if key in parent_of:
            row["parent"] = final_name[parent_of[key]]
        row["source"] = "pwc"
        out.append(row)
    return out


# --------------------------------------------------------------------------------------
# Checks and entry point
# --------------------------------------------------------------------------------------


def check_unique(rows: list[dict], label: str) -> None:
    """Fail if two entries of one file share a normalised name or alias."""
    seen: dict[str, str] = {}
    for row in rows:
        for k in entry_keys(row):
            if k in seen and seen[k] != row["name"]:
                raise SystemExit(f"{label}: '{k}' used by {seen[k]!r} and {row['name']!r}")
            seen[k] = row["name"]


def iter_report(curated: list[dict], pwc_path: Path) -> Iterator[str]:
    """Curated entries lacking a "pwc" field whose name/alias matches a PwC dataset id."""
    ids = {norm_key(r["id"]): r["id"] for r in read_jsonl(pwc_path)}
    for c in curated:
        if "pwc" not in c:
            for k in sorted(entry_keys(c)):
                if k in ids:
                    yield f"curated {c['name']!r} matches PwC dataset {ids[k]!r}"


def main(argv: list[str] | None = None) -> int:
    """Entry point."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("data", nargs="?", default="../shared/data", help="reference data directory")
    ap.add_argument("-v", "--verbose", action="store_true", help="report curated/PwC overlaps")
    args = ap.parse_args(argv)
    data = Path(args.data)
    if not data.is_absolute():
        data = (REPO / data).resolve()

    curated_ds = read_jsonl(CATALOGUE / "datasets.jsonl")
    curated_tasks = read_jsonl(CATALOGUE / "tasks.jsonl")
    check_unique(curated_ds, "datasets.jsonl")
    check_unique(curated_tasks, "tasks.jsonl")

    corpus = Corpus(data / "arxiv_ml_abstracts.jsonl")
    n_lex = write_lexicon(corpus)
    datasets = build_datasets(data, corpus, curated_ds, curated_tasks)
    tasks = build_tasks(data, corpus, curated_tasks, curated_ds)
    check_unique(datasets, "pwc_datasets.jsonl")
    check_unique(tasks, "pwc_tasks.jsonl")
    n_ds = write_jsonl(CATALOGUE / "pwc_datasets.jsonl", datasets)
    n_tasks = write_jsonl(CATALOGUE / "pwc_tasks.jsonl", tasks)
    print(f"common_lower.txt: {n_lex} words")
    print(f"pwc_datasets.jsonl: {n_ds} entries")
    print(f"pwc_tasks.jsonl: {n_tasks} entries")
    if args.verbose:
        for line in iter_report(curated_ds, data / "pwc_datasets.jsonl"):
            print(line, file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
