"""The whole ``kg build`` on random text (hypothesis): whatever the records hold, the build
either refuses them with a one-line error or writes Turtle that parses back (rdflib and
Oxigraph) to the same graph it built, conforms to the SHACL shapes, holds only valid IRIs, and
is byte-identical when the input files are given in another order.

Few, small examples: the point is odd text reaching every stage, not volume.
"""
from __future__ import annotations

import json
import tempfile
from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph

from kg.cli import main

NASTY = list('<>"{}|^`\\%#&\'\x00\x01\x1b\x7f\x85\u00a0\u2028\u202e\ufeff\ufffe\ud800'
             "\U0001f917\u05d0\u0627\u65e5")
PHRASES = [
    "We propose FooNet,", "a model trained on GSM8K", "and compared with GPT-4.",
    "It improves accuracy by 5.2% on MATH.", "Code: https://github.com/own-er/re.po).",
    "See (https://x.org/a?b=<c>&d=%zz#e#f).", "We introduce the Q\\R Benchmark.",
    "called \"Bar<Baz>\",", "using LoRA and chain-of-thought (CoT) prompting.",
    "https://huggingface.co/datasets/foo/bar\".", "http://[::1/x", "Llama 2 7B", "\n", "\t",
]
chars = st.characters(blacklist_categories=("Cs",)) | st.sampled_from(NASTY)
noise = st.text(chars, max_size=25)
prose = st.lists(st.one_of(st.sampled_from(PHRASES), noise), max_size=10).map(" ".join)
title = st.one_of(noise, st.lists(st.sampled_from(PHRASES + ["Sparse", "Attention"]),
                                  min_size=1, max_size=4).map(" ".join))
record = st.fixed_dictionaries(
    {"title": title, "abstract": prose},
    optional={"id": st.sampled_from(["2401.00001", "2401.00002", "hep-th/9901001", "x y"]),
              "authors": st.lists(noise, max_size=2), "categories": noise})


def _build(files: list[Path], out: Path) -> tuple[int, str]:
    res = CliRunner().invoke(main, ["build", *map(str, files), "-o", str(out), "-q",
                                    "--skip-bad", "--no-cache"])
    return res.exit_code, res.stderr


@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(record, min_size=1, max_size=4), st.randoms(use_true_random=False),
       st.booleans())
def test_build_on_random_text(records: list[dict], rnd, as_listing: bool) -> None:
    from test_hostile_input import check_graph

    with tempfile.TemporaryDirectory() as d:
        root = Path(d)
        files = []
        for i, rec in enumerate(records):
            if as_listing and i % 2:  # some as Daily Papers text listings
                f = root / f"r{i}.txt"
                f.write_bytes((rec["title"] + "\n\n" + rec["abstract"] + " " + "x" * 300)
                              .encode("utf-8", "surrogatepass"))
            else:
                f = root / f"r{i}.jsonl"
                f.write_text(json.dumps(rec) + "\n", encoding="utf-8")
            files.append(f)
        out = root / "a" / "kg.ttl"
        code, err = _build(files, out)
        if code != 0:
            # refused as a whole: one line, as bad input (no usable record at all)
            assert code == 2, err
            assert err.count("\n") == 1 and err.startswith("kg: error: "), err
            assert "no paper found in the input" in err or "not UTF-8" in err, err
            return
        g: Graph = check_graph(out)
        assert len(g) > 0
        shuffled = list(files)
        rnd.shuffle(shuffled)
        out2 = root / "b" / "kg.ttl"
        assert _build(shuffled, out2)[0] == 0
        assert out2.read_bytes() == out.read_bytes(), "input order changed the Turtle"
