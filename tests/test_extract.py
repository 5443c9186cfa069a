"""Extraction rules pinned with literal sentences, including sentences that must NOT yield."""
from __future__ import annotations

import pytest

from kg.extract import build_nlp, extract
from kg.link import link
from kg.records import Extraction, Paper


@pytest.fixture(scope="module")
def nlp():
    return build_nlp()


def run(nlp, title: str, abstract: str = "") -> Extraction:
    return next(extract([Paper(key="p", title=title, abstract=abstract)], nlp=nlp))


def found(ex: Extraction, etype: str | None = None) -> dict[str, str]:
    """surface -> role of the entity mentions (of one type)."""
    return {m.text: m.role for m in ex.mentions if etype is None or m.type == etype}


def test_pipeline_is_blank_english_with_kg_components(nlp):
    assert nlp.lang == "en"
    assert [n for n in nlp.pipe_names] == ["kg_sentences", "kg_urls", "kg_catalogue",
                                           "kg_discover", "kg_resolve", "kg_roles",
                                           "kg_results"]


@pytest.mark.parametrize("surface", ["GSM8K", "GSM-8K", "gsm8k", "GSM8k"])
def test_catalogue_dataset_spellings_share_one_key(nlp, surface):
    ex = run(nlp, "A study", f"We evaluate our method on {surface} and report accuracy.")
    ms = [m for m in ex.mentions if m.text == surface]
    assert ms and ms[0].type == "Dataset" and ms[0].key == "Dataset:GSM8K"


def test_the_plural_of_a_mixed_case_name_is_that_name_not_a_cased_namesake(nlp):
    # "ViTs" folds to "vits", the VITS speech model's name; written so, they are ViT models
    ex = run(nlp, "A study", "We pre-train plain ViTs with masked image modeling.")
    assert [m.key for m in ex.mentions if m.text == "ViTs"] == ["Model:ViT"]


def test_the_plural_of_an_acronym_the_paper_defines_is_not_the_catalogues(nlp):
    # the catalogue's CEM is the cross-entropy method; this paper's CEMs are its own
    ex = run(nlp, "A study", "A proper code evaluation metric (CEM) matters. Existing CEMs "
             "are weak.")
    assert not any(m.key == "Method:cross-entropy method" for m in ex.mentions)


@pytest.mark.parametrize(("abstract", "method"), [
    # a technique's short name modifying another noun names something else
    ("We need mixed-precision matrix multiplication for low-bit models.", None),
    ("We identify top-k important features by probing.", None),
    # ... but said alone, or with the missing word soon after, or as a name, it is that
    ("We train with mixed precision on two GPUs.", "mixed precision"),
    ("We compare top-k and nucleus sampling.", "top-k"),
    ("We use the straight-through gradient estimator.", "straight-through"),
])
def test_a_short_name_of_a_technique_as_a_modifier_is_not_that_technique(nlp, abstract, method):
    ex = run(nlp, "A study", abstract)
    assert [m.text for m in ex.mentions if m.type == "Method"][:1] == ([method] if method else [])


@pytest.mark.parametrize(("abstract", "role"), [
    ("Experiments run on public datasets and a new ZorvexQA dataset.",
     "introduces"),
    ("All systems are scored on a novel ZorvexQA benchmark.", "introduces"),
    ("All systems are scored on the ZorvexQA dataset.", "uses"),
])
def test_a_new_named_dataset_is_the_papers_own(nlp, abstract, role):
    ex = run(nlp, "A study", abstract)
    assert found(ex, "Dataset").get("ZorvexQA") == role


@pytest.mark.parametrize(("surface", "key"), [
    # message passing is older than graph networks: only the named network is the MPNN
    ("message-passing", "Method:message passing"),
    ("MPNN", "Method:message passing neural network"),
    ("message passing neural networks", "Method:message passing neural network"),
])
def test_message_passing_and_the_message_passing_neural_network(nlp, surface, key):
    ex = run(nlp, "A study", f"We analyse {surface} schemes for graphs.")
    assert [m.key for m in ex.mentions if m.text == surface] == [key]


def test_ordinary_word_does_not_match_a_cased_name(nlp):
    ex = run(nlp, "On learning", "Students find math hard. We study how they learn.")
    assert "math" not in found(ex)
    ex = run(nlp, "On learning", "We report results on the MATH benchmark.")
    assert [m.key for m in ex.mentions if m.type == "Dataset"] == ["Dataset:MATH"]


def test_title_case_name_does_not_match_prose(nlp):
    ex = run(nlp, "A study", "We answer natural questions about images with a new method.")
    assert not any(m.text.lower() == "natural questions" for m in ex.mentions)


def test_model_size_variant_is_its_own_node(nlp):
    ex = run(nlp, "A study", "We fine-tune Llama 2 7B and compare it with Falcon-40b.")
    keys = {m.text: m.key for m in ex.mentions if m.type == "Model"}
    assert keys["Llama 2 7B"] == "Model:Llama 2|7b"
    assert keys["Falcon-40b"].startswith("Model:Falcon|")


@pytest.mark.parametrize(("surface", "key"), [
    # every spelling of one sized model is one variant of the longest entry it starts with
    ("LLaMA-2-7B", "Model:Llama 2|7b"), ("Llama 2 7B", "Model:Llama 2|7b"),
    ("LLaMA2-7B", "Model:Llama 2|7b"), ("Llama-2-7b-chat", "Model:Llama 2|7bchat"),
    ("Gemma-2-27b", "Model:Gemma 2|27b"), ("Qwen-2-7B", "Model:Qwen2|7b"),
    ("Qwen2-7B", "Model:Qwen2|7b"), ("Llama-3.1-8B-Base", "Model:Llama 3.1|8bbase"),
    # a version the entry itself is called ("LLaMA-1") is not part of the variant
    ("LLaMa-1 7B", "Model:Llama|7b"), ("LLaMA 7B", "Model:Llama|7b"),
])
def test_a_variant_belongs_to_the_longest_entry_it_starts_with(nlp, surface, key):
    ex = run(nlp, "A study", f"We fine-tune {surface} on GSM8K.")
    assert {m.text: m.key for m in ex.mentions if m.type == "Model"} == {surface: key}


@pytest.mark.parametrize(("title", "abstract", "task", "role"), [
    # a task that modifies the next noun describes that thing, not the paper's task
    ("A study", "We compare instruction-following models on GSM8K.", "instruction-following",
     "mentions"),
    ("Dictionary Learning and Segmentation Techniques for Speech", "We study it.",
     "Segmentation", "mentions"),
    ("A study", "We analyse the alignment process of chat models.", "alignment", "mentions"),
    # ... but the task itself, or its datasets and systems, are the paper's
    ("A study", "We study instruction following in chat models.", "instruction following",
     "addresses"),
    ("A study", "We evaluate code generation benchmarks in depth.", "code generation",
     "addresses"),
    # an application the work may find, or what inspired it, is not what it works on
    ("A study", "We count strings, which has applications in information retrieval.",
     "information retrieval", "mentions"),
    ("A study", "We also show its potential for other applications, such as image "
     "super-resolution.", "image super-resolution", "mentions"),
    ("A study", "Inspired by classical program synthesis, we propose a prompt search.",
     "program synthesis", "mentions"),
    # ... but applications the paper is tested on are its tasks, as is "Application" in a
    # title ("Mobile Application for ...") and a biologically inspired approach to a task
    ("A study", "We build fast convolutions. Two example applications, face detection and "
     "image segmentation, are tested with them.", "image segmentation", "addresses"),
    ("A study", "We demonstrate the application of our model to scene parsing.",
     "scene parsing", "addresses"),
    ("Application of Ensembles to Image Segmentation", "We study it.", "Image Segmentation",
     "addresses"),
    ("A study", "We validate this biologically inspired approach to object recognition.",
     "object recognition", "addresses"),
])
def test_a_task_as_a_modifier_or_an_aside_is_only_mentioned(nlp, title, abstract, task, role):
    ex = run(nlp, title, abstract)
    assert {m.text: m.role for m in ex.mentions if m.type == "Task"}.get(task) == role


def test_title_head_is_introduced_and_typed_by_its_noun_phrase(nlp):
    ex = run(nlp, "UGMathBench: A Diverse and Dynamic Benchmark for Mathematical Reasoning",
             "We present UGMathBench, a benchmark of undergraduate problems.")
    ms = [m for m in ex.mentions if m.text == "UGMathBench"]
    assert ms and all(m.type == "Dataset" for m in ms)
    assert any(m.role == "introduces" for m in ms)


@pytest.mark.parametrize("title", [
    "The Alignment Ceiling: Objective Mismatch in Reinforcement Learning",
    "Learning to Relax: Setting Solver Parameters",
    "Critical Tokens Matter: Token-Level Contrastive Estimation",
])
def test_phrase_title_heads_are_not_names(nlp, title):
    ex = run(nlp, title, "We study this question in depth.")
    head = title.split(":")[0]
    assert head not in found(ex)


def test_we_propose_introduces_a_new_name(nlp):
    ex = run(nlp, "Better reasoning",
             "In this paper, we propose StepMix, a simple method for reasoning. "
             "StepMix improves accuracy on GSM8K.")
    ms = [m for m in ex.mentions if m.text == "StepMix"]
    assert len(ms) == 2 and ms[0].role == "introduces" and ms[0].type == "Method"
    assert found(ex, "Dataset")["GSM8K"] == "uses"


@pytest.mark.parametrize(("title", "abstract", "name", "etype"), [
    ("Lane Detection from Sparse Points",
     "We propose GraphLaneNet, a simple framework for lane detection.", "GraphLaneNet", "Model"),
    ("Faster Matching", "In this work we introduce FlowMatchNets, an approach to flow.",
     "FlowMatchNets", "Model"),
    # capitals before "Net" ("ABINet++", "PAFNet"); "Internet" is no network's name
    ("Text Spotting", "We propose ZQBNet++, a new framework for text spotting.", "ZQBNet++",
     "Model"),
    ("Our Internet", "We propose WebInternet, a framework for crawling.", "WebInternet",
     "Method"),
    ("Road Signs", "We release RoadSignNet, a dataset of 10k street images.",
     "RoadSignNet", "Dataset"),
    ("Faster Matching", "We propose FlowMatch, a simple framework for optical flow.",
     "FlowMatch", "Method"),
])
def test_a_new_network_name_is_a_model_whatever_the_sentence_calls_it(nlp, title, abstract,
                                                                      name, etype):
    ms = [m for m in run(nlp, title, abstract).mentions if m.text == name]
    assert ms and {m.type for m in ms} == {etype} and ms[0].role == "introduces"


@pytest.mark.parametrize(("title", "abstract", "name"), [
    ("GPT-4 Technical Report", "We report the development of GPT-4, a multimodal model.",
     "GPT-4"),
    ("Qwen2.5-Math Technical Report: Toward Mathematical Expert Model via Self-Improvement",
     "In this report, we present a series of math-specific large language models.",
     "Qwen2.5-Math"),
    ("Yi-Lightning Technical Report", "This report describes our latest flagship model.",
     "Yi-Lightning"),
    ("Zorblax Technical Report", "We train Zorblax on 3T tokens.", "Zorblax"),
])
def test_the_name_a_technical_report_is_of_is_introduced(nlp, title, abstract, name):
    ms = [m for m in run(nlp, title, abstract).mentions if m.text == name]
    assert ms and ms[0].role == "introduces" and ms[0].type == "Model"


@pytest.mark.parametrize("title", [
    "Generic Event Boundary Detection Challenge at CVPR 2021 Technical Report: Attention",
    "Multiple Object Tracking Challenge Technical Report for Team MTIoT",
    "Dynamic Causality in Event Structures (Technical Report)",
])
def test_a_report_title_without_a_name_before_it_introduces_nothing(nlp, title):
    ex = run(nlp, title, "We describe our entry.")
    assert not any(m.role == "introduces" for m in ex.mentions)


@pytest.mark.parametrize(("abstract", "name", "etype"), [
    ("We distil it into Mistral-7B. We compare the resulting model Zorca-3 to GPT-4.",
     "Zorca-3", "Model"),
    ("We fine-tune Llama-2 on it, and the resulting models, MuMath-Code, reach 55% on MATH.",
     "MuMath-Code", "Model"),
    ("Tutors rate each reply; the resulting interaction and rating dataset, ChatMathRate, "
     "is public.", "ChatMathRate", "Dataset"),
    ("The resulting method SciLinkCL needs no labels.", "SciLinkCL", "Method"),
])
def test_what_the_resulting_thing_is_called_is_introduced(nlp, abstract, name, etype):
    ms = [m for m in run(nlp, "Teaching models", abstract).mentions if m.text == name]
    assert ms and ms[0].role == "introduces" and ms[0].type == etype


def test_the_resulting_thing_without_a_name_introduces_nothing(nlp):
    ex = run(nlp, "Teaching models", "The resulting model is small. We train the resulting "
             "models on GSM8K. The resulting gains, In turn, are large.")
    assert not any(m.role == "introduces" for m in ex.mentions)


@pytest.mark.parametrize(("abstract", "name"), [
    ("We decode the received words with the Welch-Berlekamp algorithm.", "Welch-Berlekamp"),
    ("Falcon incorporates the Coupled Sequential Glancing Distillation technique, which "
     "fortifies inter-token dependencies.", "Coupled Sequential Glancing Distillation"),
    ("We train it with the Focal Tversky loss on small lesions.", "Focal Tversky loss"),
    ("The analysis relies on the Universally Composable framework.", "Universally Composable"),
])
def test_a_capitalised_name_before_a_technique_head_is_a_method(nlp, abstract, name):
    ms = [m for m in run(nlp, "Decoding", abstract).mentions if m.text == name]
    assert ms and ms[0].type == "Method" and ms[0].rule == "technique"


@pytest.mark.parametrize("abstract", [
    "We follow the English method for it.",
    "Results of the Deep Learning approach are good.",
    "We fit it with the Expectation Maximization algorithm.",
    "In this work the Proposed Method is fast.",
])
def test_what_is_no_name_before_a_technique_head_is_not_one(nlp, abstract):
    ex = run(nlp, "Decoding", abstract)
    assert not any(m.rule == "technique" for m in ex.mentions)


@pytest.mark.parametrize(("abstract", "name"), [
    ("We evaluate it on the Oslo Harbour Ships dataset and report recall.",
     "Oslo Harbour Ships"),
    ("The method ranks first on the Cell Tracking Challenge.", "Cell Tracking Challenge"),
    ("Results on the Spoken Bergen Wikipedia Corpus improve.", "Spoken Bergen Wikipedia Corpus"),
])
def test_capitalised_words_before_a_dataset_head_name_a_dataset(nlp, abstract, name):
    ms = [m for m in run(nlp, "Detection", abstract).mentions if m.text == name]
    assert ms and ms[0].type == "Dataset" and ms[0].rule == "dataset-head"


@pytest.mark.parametrize(("abstract", "not_a_name"), [
    ("Our English Tweets dataset is new.", "English Tweets"),
    ("We use the KITTI Stereo dataset for depth.", "KITTI Stereo"),
    ("It works on Aspect Based Sentiment Classification datasets.",
     "Aspect Based Sentiment Classification"),
    ("Data is stored in a NoSQL database MongoDB.", "NoSQL"),
    ("We build Herald (Hierarchy and Retrieval-based Translated Lean Dataset).",
     "Translated Lean Dataset"),
])
def test_what_is_no_dataset_name_before_a_dataset_head(nlp, abstract, not_a_name):
    ex = run(nlp, "Detection", abstract)
    assert not any(m.text == not_a_name and m.type == "Dataset" for m in ex.mentions)


def test_a_known_long_form_keeps_its_acronym_from_a_namesake(nlp):
    # CCA is also canonical correlation analysis in the catalogue; here the paper says
    # which CCA it means, and every CCA after that is criss-cross attention
    ex = run(nlp, "Relation Extraction",
             "The network reasons through the Criss-Cross Attention (CCA). We densely connect "
             "multiple layers of the CCA to capture multi-hop reasoning.")
    keys = {m.key for m in ex.mentions if m.text in ("CCA", "Criss-Cross Attention")}
    assert keys == {"Method:criss-cross attention"}


def test_named_rule(nlp):
    ex = run(nlp, "Search for reward",
             "We propose a divide-and-conquer style tree search algorithm named OmegaPRM.")
    assert found(ex).get("OmegaPRM") == "introduces"


def test_acronym_joins_its_long_form(nlp):
    ex = run(nlp, "Decoding", "We construct subword grammar weighted finite state transducer "
             "(SG-WFST) graphs. The SG-WFST graph captures word formation rules.")
    ms = [m for m in ex.mentions if "SG-WFST" in m.text or "subword grammar" in m.text]
    assert {m.key for m in ms} == {"abbr:sgwfst"}
    assert all(m.long_form == "subword grammar weighted finite state transducer" for m in ms)


def test_generic_acronyms_are_not_entities(nlp):
    ex = run(nlp, "A study", "Large language models (LLMs) run on GPUs through an API. "
             "We store facts in a knowledge base (KB).")
    assert not {"LLMs", "LLM", "GPUs", "API", "KB", "knowledge base"} & set(found(ex))


def test_comparison_cue_gives_compares_with(nlp):
    ex = run(nlp, "Adapters", "We propose a new adapter. On MATH, our adapter reaches 10.36% "
             "accuracy, outperforming LoRA (5.50%) and PiSSA (7.44%).")
    methods = found(ex, "Method")
    assert methods["LoRA"] == "comparesWith" and methods["PiSSA"] == "comparesWith"


def test_background_sentence_gives_mentions(nlp):
    ex = run(nlp, "A study", "Large language models such as GPT-4 have shown strong reasoning. "
             "We study small models.")
    assert found(ex, "Model")["GPT-4"] == "mentions"


def test_use_cue_beats_background(nlp):
    ex = run(nlp, "A study", "We fine-tune Mistral-7B using LoRA on our data.")
    assert found(ex, "Model")["Mistral-7B"] == "uses"
    assert found(ex, "Method")["LoRA"] == "uses"


def test_tasks_address(nlp):
    ex = run(nlp, "Subword Modeling for Automatic Speech Recognition in Tamil",
             "We present ASR systems for Tamil.")
    tasks = found(ex, "Task")
    assert tasks and all(r == "addresses" for r in tasks.values())
    assert any(t.lower() == "automatic speech recognition" for t in tasks)


def test_repository_url_and_offsets(nlp):
    abstract = "Code is at https://github.com/Gunale0926/SORSA/tree/main/src."
    ex = run(nlp, "SORSA: an adapter", abstract)
    repo = next(m for m in ex.mentions if m.type == "Repository")
    assert repo.key == "https://github.com/Gunale0926/SORSA"
    assert repo.section == "abstract"
    assert abstract[repo.start:repo.end] == "https://github.com/Gunale0926/SORSA/tree/main/src"


def test_every_mention_offset_points_at_its_surface(nlp):
    title = "SORSA: Singular Values Adaptation of Large Language Models"
    abstract = ("We propose SORSA. On the GSM-8K benchmark, Llama 2 7B adapted using SORSA "
                "achieved 56.03% accuracy, surpassing LoRA (42.30%).")
    ex = run(nlp, title, abstract)
    text = {"title": title, "abstract": abstract}
    assert ex.mentions
    for m in ex.mentions:
        assert text[m.section][m.start:m.end] == m.text
        sent = ex.sentences[m.sentence]
        assert sent.section == m.section and sent.start <= m.start and m.end <= sent.end


def test_result_ties_value_to_system_dataset_metric(nlp):
    abstract = ("On the GSM-8K benchmark, SORSA achieved 56.03% accuracy, surpassing "
                "LoRA (42.30%).")
    ex = run(nlp, "SORSA: an adapter", abstract)
    rows = {(r.system, r.dataset, r.metric, r.value, r.unit) for r in ex.results}
    assert ("SORSA", "GSM-8K", "accuracy", "56.03", "%") in rows
    assert ("LoRA", "GSM-8K", "accuracy", "42.30", "%") in rows
    for r in ex.results:
        assert abstract[r.start:r.end].startswith(r.value)


@pytest.mark.parametrize(("abstract", "metric"), [
    # the metric right after the value, as the lexicon writes it
    ("Zorblat achieves 35.9% AP on COCO.", "AP"),
    ("Zorblat reaches 52.5% mAP on the nuScenes test set.", "mAP"),
    ("Zorblat reaches 84.4% top-1 accuracy on ImageNet.", "top-1 accuracy"),
    # the metric that ends right before it ("mIoU of"), the named one before "score"
    ("Zorblat obtains an mIoU of 70.4% on S3DIS.", "mIoU"),
    ("Zorblat obtains an AUROC score of 85.78% on CheXpert.", "AUROC"),
    ("Zorblat reaches a top-5 error rate of 5.2% on ImageNet.", "top-5 error rate"),
    # a cost after the value is what it measures, not the accuracy named before it
    ("Zorblat keeps its accuracy on ImageNet while using 11% fewer parameters.", "parameters"),
])
def test_result_metric_is_the_one_the_value_names(nlp, abstract, metric):
    ex = run(nlp, "Zorblat: a network", abstract)
    assert [r.metric for r in ex.results] == [metric]


def test_a_named_metric_is_never_the_system_of_a_result(nlp):
    ex = run(nlp, "Zorblat: a generator",
             "Zorblat reaches a FID score of 8.03 on the COCO-30K dataset. We report the "
             "best BLEU-4 score on PHOENIX-2014T and a memory footprint reduced by 70%.")
    assert {(r.system, r.metric, r.value) for r in ex.results} == {
        ("Zorblat", "FID", "8.03"), ("Zorblat", "memory", "70")}


def test_no_result_without_a_system(nlp):
    ex = run(nlp, "A survey", "About 40% of papers report accuracy on GSM8K.")
    assert ex.results == ()


def test_sentences_title_first(nlp):
    ex = run(nlp, "A title: with a colon", "First sentence, e.g. with et al. inside. Second one.")
    assert [s.section for s in ex.sentences] == ["title", "abstract", "abstract"]
    assert ex.sentences[1].text == "First sentence, e.g. with et al. inside."


def test_a_failing_document_does_not_stop_the_stream(nlp, monkeypatch):
    import kg.extract.pipeline as pl

    calls = {"n": 0}
    real = pl.to_extraction

    def flaky(doc, key):
        calls["n"] += 1
        if key == "bad":
            raise RuntimeError("boom")
        return real(doc, key)

    monkeypatch.setattr(pl, "to_extraction", flaky)
    papers = [Paper(key=k, title="T", abstract="We use GSM8K.") for k in ("a", "bad", "c")]
    out = list(extract(papers, nlp=nlp))
    assert [x.paper for x in out] == ["a", "bad", "c"]
    assert out[1].mentions == () and out[2].mentions


@pytest.mark.parametrize(("title", "abstract"), [
    ("Code Interpreter with GPT-4", "We use it on GSM8K."),
    ("Reasoning with Chain-of-Thought", "Chain-of-thought (CoT) prompting helps."),
    ("Parameter Efficient Fine-tuning Methods", "(PEFT) methods adapt models."),
])
def test_no_mention_crosses_the_title_break(nlp, title, abstract):
    ex = run(nlp, title, abstract)
    for m in ex.mentions:
        assert "\n" not in m.text and m.end <= len(title if m.section == "title" else abstract)


def test_hyphenated_names_stop_at_punctuation(nlp):
    ex = run(nlp, "Agents", "We compare with existing methods (BoN, Step-wise BoN, and "
             "Self-Refine) "
             "on tasks such as decision-making, and reasoning.")
    assert not any(ch in m.text for m in ex.mentions for ch in ",)(")


def test_bracketed_value_belongs_to_the_name_before_it(nlp):
    ex = run(nlp, "SORSA: an adapter", "On MATH, SORSA achieved 10.36% accuracy, outperforming "
             "LoRA (5.50%) and Full FT (7.22%).")
    systems = {r.value: r.system for r in ex.results}
    assert systems == {"10.36": "SORSA", "5.50": "LoRA", "7.22": "Full FT"}


def test_result_verb_points_at_the_clause_subject(nlp):
    ex = run(nlp, "Orca-Math: small models", "Orca-Math, a 7B model based on Mistral-7B, "
             "achieves 86.81% pass@1 on GSM8K.")
    assert [(r.system, r.dataset, r.metric) for r in ex.results] == [
        ("Orca-Math", "GSM8K", "pass@1")]


@pytest.mark.parametrize(("abstract", "values"), [
    # a comma and a conjunction start the next clause: its subject owns its numbers
    ("Our Zeta-7B achieves 83.8% on GSM8K, while Zeta-70B achieves 90.7% on GSM8K.",
     {"83.8": "Zeta-7B", "90.7": "Zeta-70B"}),
    ("Zeta-7B reaches 61.2% on MATH, but Zeta-70B reaches 70.1% on MATH.",
     {"61.2": "Zeta-7B", "70.1": "Zeta-70B"}),
    ("Zeta-7B reaches 61.2% on MATH; Zeta-70B reaches 70.1% on MATH.",
     {"61.2": "Zeta-7B", "70.1": "Zeta-70B"}),
    # a comma alone does not: "X, based on Y, achieves" is still X's number
    ("Zeta-7B, trained from Llama-2, and tuned on code, achieves 55.0% on MATH.",
     {"55.0": "Zeta-7B"}),
])
def test_result_clauses_split_at_a_conjunction(nlp, abstract, values):
    ex = run(nlp, "Zeta: a model", abstract)
    assert {r.value: r.system for r in ex.results} == values


def rows(ex: Extraction) -> set[tuple[str, str, str, str]]:
    return {(r.system, r.dataset, r.value, r.unit) for r in ex.results}


def test_latex_percent_is_a_percentage(nlp):
    ex = run(nlp, "Zeta: a model", r"Zeta-7B achieves 56.1\% accuracy on GSM8K.")
    assert rows(ex) == {("Zeta-7B", "GSM8K", "56.1", "%")}


@pytest.mark.parametrize("abstract", [
    # a fronted phrase names another system first: the verb's subject is the one before it
    "Using GPT-4 as a teacher, Zeta-7B achieves 61.2% accuracy on GSM8K.",
    # a relative clause names another system right before the verb: still the first one's
    "Zeta-7B which builds on Llama-2 surpasses LoRA by 61.2% on GSM8K.",
])
def test_the_subject_of_the_result_verb_owns_the_number(nlp, abstract):
    assert rows(run(nlp, "Zeta: a model", abstract)) == {("Zeta-7B", "GSM8K", "61.2", "%")}


def test_a_sentence_after_results_goes_on_about_their_dataset(nlp):
    ex = run(nlp, "Zeta: a model", "Zeta-7B outperforms Llama-2 by 28.4% points on GSM8K. "
             "Zeta-7B also outperforms Falcon-40B by 6.4% points and Vicuna-13B by 3.8% points. "
             "Zeta-7B is 3% smaller. Zeta-7B outperforms LoRA by 2.0% points.")
    assert {(r.value, r.dataset) for r in ex.results} == {
        ("28.4", "GSM8K"), ("6.4", "GSM8K"), ("3.8", "GSM8K")}


@pytest.mark.parametrize(("abstract", "expected"), [
    ("Zeta-7B achieves 68.5%/81.4% accuracy on GSM8K and MATH, respectively.",
     {("68.5", "GSM8K"), ("81.4", "MATH")}),
    ("Zeta-7B reduces the word error rate by 12.39% and 13.56% over the baseline on MATH and "
     "GSM8K respectively.", {("12.39", "MATH"), ("13.56", "GSM8K")}),
    # not as many numbers as datasets: each keeps the nearest
    ("Zeta-7B reaches 68.5% accuracy on GSM8K and 71.0% on MATH, and 12.0% on SVAMP and MAWPS,"
     " respectively.", {("68.5", "GSM8K"), ("71.0", "MATH"), ("12.0", "SVAMP")}),
])
def test_respectively(nlp, abstract, expected):
    assert {(r.value, r.dataset) for r in run(nlp, "Zeta: a model", abstract).results} == expected


def test_a_fronted_phrase_is_not_the_subject(nlp):
    ex = run(nlp, "Zeta: a model", "Leveraging LoRA adapters in many layers, Zeta-7B achieves "
             "56.1% on GSM8K, marking an absolute improvement of 4.9%.")
    assert {(r.system, r.value) for r in ex.results} == {("Zeta-7B", "56.1"), ("Zeta-7B", "4.9")}


@pytest.mark.parametrize("abstract", [
    "We achieve 61.2% accuracy on GSM8K.",
    "Our method significantly improves accuracy on GSM8K by 61.2%.",
    "Compared with LoRA, our approach is 61.2% more accurate on GSM8K.",
])
def test_we_and_our_method_are_the_papers_own_system(nlp, abstract):
    ex = run(nlp, "ZetaNet: Fast Adapters for Reasoning", abstract)
    assert rows(ex) == {("ZetaNet", "GSM8K", "61.2", "%")}


def test_a_base_model_with_the_papers_own_method_is_the_methods_result(nlp):
    ex = run(nlp, "ZetaNet: Fast Adapters for Reasoning", "On the MATH benchmark, Llama-2 "
             "adapted using ZetaNet achieved 10.36% accuracy.")
    assert rows(ex) == {("ZetaNet", "MATH benchmark", "10.36", "%")}


def test_we_without_a_system_of_our_own_gives_no_result(nlp):
    ex = run(nlp, "A Study of Adapters", "We achieve 61.2% accuracy on GSM8K.")
    assert ex.results == ()


def test_a_value_after_a_dataset_is_its_score_not_its_system(nlp):
    ex = run(nlp, "ZetaNet: Fast Adapters for Reasoning", "Experiments show that our method, "
             "trained only on GSM8K, improves performance on GSM8K (+10.5%), MATH (+6.5%) "
             "and SVAMP (+2.2%).")
    assert rows(ex) == {("ZetaNet", "GSM8K", "10.5", "%"), ("ZetaNet", "MATH", "6.5", "%"),
                        ("ZetaNet", "SVAMP", "2.2", "%")}


def test_values_for_each_dataset(nlp):
    ex = run(nlp, "ZetaNet: a model", "ZetaNet improves accuracy by 8.72% for GSM8K, 15.07% for "
             "MATH and 7.71% for SVAMP.")
    assert {(r.value, r.dataset) for r in ex.results} == {
        ("8.72", "GSM8K"), ("15.07", "MATH"), ("7.71", "SVAMP")}


@pytest.mark.parametrize(("abstract", "values"), [
    # the "from" value is the system improved on: the object of the verb ...
    ("ZetaNet improves the accuracy of Llama-2 on GSM8K from 53% to 65%.",
     {"53": "Llama-2", "65": "ZetaNet"}),
    # ... or the system it is compared with; "and A to B" goes on the same way
    ("Compared to LoRA, our method improves accuracy from 35.5% to 44.5% on GSM8K, and 27.6% "
     "to 36.2% on MATH.", {"35.5": "LoRA", "44.5": "ZetaNet", "27.6": "LoRA", "36.2": "ZetaNet"}),
    # numbers without a unit, in "from A to B" with a metric
    ("ZetaNet improves the accuracy of Llama-2 on GSM8K from 61.79 to 66.94.",
     {"61.79": "Llama-2", "66.94": "ZetaNet"}),
    # nobody else is named: the "from" value is nobody's
    ("ZetaNet improves the accuracy on GSM8K from 53% to 65%.", {"65": "ZetaNet"}),
])
def test_from_a_to_b(nlp, abstract, values):
    ex = run(nlp, "ZetaNet: Fast Adapters for Reasoning", abstract)
    assert {r.value: r.system for r in ex.results} == values


@pytest.mark.parametrize(("abstract", "expected"), [
    ("ZetaNet is 3.5x faster than LoRA.", {("ZetaNet", "faster", "3.5")}),
    ("ZetaNet achieves reductions of up to 12.2x in GPU memory.", {("ZetaNet", "memory", "12.2")}),
    ("Our model is 3x-6x faster than existing LoRA methods.", {("ZetaNet", "faster", "3")}),
    # a bracketed ratio is the subject's, not the compared system's
    ("ZetaNet matches 1000-step LoRA (20x speedup).", {("ZetaNet", "speedup", "20")}),
    # not ratios: a model name, a grid, a ratio of nothing said
    ("Mixtral 8x7B is used.", set()),
    ("ZetaNet works on a 4x4 grid.", set()),
    ("ZetaNet uses 2x the data of LoRA.", set()),
])
def test_ratios(nlp, abstract, expected):
    ex = run(nlp, "ZetaNet: Fast Adapters for Reasoning", abstract)
    assert {(r.system, r.metric, r.value) for r in ex.results} == expected
    assert all(r.unit == "x" for r in ex.results)


def test_bare_scores_on_a_dataset(nlp):
    ex = run(nlp, "ZetaNet: Fast Adapters for Reasoning", "Using GPT-4o as the base model, we "
             "achieve 95.1 on HumanEval, 98.7 on MBPP, and 43.0 on CodeContests.")
    assert rows(ex) == {("ZetaNet", "HumanEval", "95.1", ""), ("ZetaNet", "MBPP", "98.7", ""),
                        ("ZetaNet", "CodeContests", "43.0", "")}


@pytest.mark.parametrize("abstract", [
    "ZetaNet has 7.5 billion parameters and is tested on GSM8K.",
    "ZetaNet is trained for 2.5 epochs on GSM8K.",
    "ZetaNet, released in version 2.1, is evaluated on GSM8K.",
])
def test_numbers_without_a_unit_are_not_scores_elsewhere(nlp, abstract):
    assert run(nlp, "ZetaNet: Fast Adapters for Reasoning", abstract).results == ()


@pytest.mark.parametrize(("abstract", "name", "role"), [
    ("We compare our method with Self-Refine on hard problems.", "Self-Refine", "comparesWith"),
    ("Our adapter is on par with LoRA at a fraction of the cost.", "LoRA", "comparesWith"),
    ("This needs effort with existing tools, such as DeepSpeed and Megatron-LM.", "DeepSpeed",
     "mentions"),
    ("Our method outperforms strong baselines such as Self-Refine.", "Self-Refine",
     "comparesWith"),
    ("We train with DeepSpeed, such as in prior work.", "DeepSpeed", "uses"),
])
def test_role_cues(nlp, abstract, name, role):
    ex = run(nlp, "A study", abstract)
    assert found(ex)[name] == role


def test_distinctive_spelling_of_a_cased_entry_matches(nlp):
    ex = run(nlp, "Agents", "We evaluate on SWEBench and on the math section.")
    assert [m.key for m in ex.mentions if m.type == "Dataset"] == ["Dataset:SWE-bench"]


@pytest.mark.parametrize(("sentence", "surface", "etype", "base"), [
    # a task or technique phrase never starts inside a hyphenated word: the word names a
    # kind of it ("graph-to-text generation" is not text generation; "non-convex" the
    # opposite of convex)
    ("We study graph-to-text generation on WebNLG.", "graph-to-text generation", "Task",
     "Task:text generation"),
    ("Road-Scene Segmentation is hard.", "Road-Scene Segmentation", "Task",
     "Task:scene segmentation"),
    ("We solve a non-convex optimization problem.", "non-convex optimization problem",
     "Method", None),
    ("We rely on self-supervised training.", "self-supervised training", "Method", None),
])
def test_a_phrase_glued_into_a_hyphenated_word_is_the_whole_word(nlp, sentence, surface,
                                                                 etype, base):
    ex = run(nlp, "A study", sentence)
    ms = [m for m in ex.mentions if m.type == etype and surface in m.text]
    assert [m.text for m in ms] == [surface]
    assert ms[0].rule == "catalogue+variant" and "|" in ms[0].key
    if base is not None:
        assert ms[0].key.startswith(base + "|")


@pytest.mark.parametrize(("sentence", "expected"), [
    # modifiers coordinated before a shared head each name a known task of their own
    ("We evaluate on arithmetic and symbolic reasoning tasks.",
     {"arithmetic": "Task:arithmetic reasoning", "symbolic reasoning": "Task:symbolic reasoning"}),
    ("We test it on mathematical, symbolic, and algorithmic reasoning tasks.",
     {"mathematical": "Task:mathematical reasoning", "symbolic": "Task:symbolic reasoning",
      "algorithmic reasoning tasks": ""}),
    ("Results on image and video classification improve.",
     {"image": "Task:image classification", "video classification": "Task:video classification"}),
])
def test_coordinated_modifiers_share_a_task_head(nlp, sentence, expected):
    ex = run(nlp, "A study", sentence)
    got = {m.text: m.key for m in ex.mentions if m.type == "Task"}
    assert got == expected
    assert all(m.rule == "ellipsis" for m in ex.mentions if " " not in m.text)


@pytest.mark.parametrize("sentence", [
    # the word before "and" is no modifier of the head, or the pair is no known task
    "We study named entity recognition and relation extraction.",
    "Detection and semantic segmentation are studied.",
    "We use soft and symbolic reasoning.",
    "Cats and symbolic reasoning are unrelated.",
])
def test_a_word_before_and_is_not_always_an_elided_task(nlp, sentence):
    ex = run(nlp, "A study", sentence)
    assert not [m for m in ex.mentions if m.rule == "ellipsis"]


@pytest.mark.parametrize(("sentence", "surface", "kept"), [
    # a name or an acronym after the hyphen: the word is a new name, not a kind of the entry
    ("We propose Dense-CCNet for relation extraction.", "Dense-CCNet", "CCNet"),
    ("We evaluate on the subword-ASR setting.", "subword-ASR", "ASR"),
    # the word's own entry starts it: "self-attention", not "attention mechanism"
    ("It uses the self-attention mechanism.", "self-attention mechanism", "self-attention"),
])
def test_a_name_after_a_hyphen_is_not_made_a_kind_of_it(nlp, sentence, surface, kept):
    ex = run(nlp, "A study", sentence)
    assert not any(m.rule == "catalogue+variant" for m in ex.mentions)
    if kept == "self-attention":
        assert "self-attention" in found(ex) and "attention mechanism" not in found(ex)


def test_plus_variant_is_its_own_node(nlp):
    ex = run(nlp, "Code", "We report pass@1 on HumanEval and HumanEval+ for our model.")
    keys = sorted(m.key for m in ex.mentions if m.type == "Dataset")
    assert keys == ["Dataset:HumanEval", "Dataset:HumanEval|plus"]


@pytest.mark.parametrize(("title", "etype"), [
    ("SCP-116K: A High-Quality Problem-Solution Dataset and a Generalized Pipeline", "Dataset"),
    ("UGMathBench: A Diverse and Dynamic Benchmark for Mathematical Reasoning", "Dataset"),
    ("SynCode: LLM Generation with Grammar Augmentation", "Method"),
    ("Llemmo: An Open Language Model for Mathematics", "Model"),
    ("ZorbSum: A Resource for Exploring Summarization of Forum Posts", "Dataset"),
])
def test_title_head_type_from_the_first_noun_phrase(nlp, title, etype):
    head = title.split(":")[0]
    ex = run(nlp, title, f"All about {head}.")
    assert {m.type for m in ex.mentions if m.text == head} == {etype}  # title and abstract


def test_known_name_after_called_in_first_person_is_introduced(nlp):
    ex = run(nlp, "Merging models", "We observe that by introducing a novel operation called "
             "DARE (Drop And REscale), most delta parameters can be set to zero.")
    assert found(ex)["DARE"] == "introduces"


@pytest.mark.parametrize(("abstract", "names"), [
    ("We propose two simple modules called Glorb Aggregation and Florb Aggregation to be "
     "used on top of BERT.", {"Glorb Aggregation", "Florb Aggregation"}),
    ("Therefore, we introduce two novel reward refinement techniques, including Glipping and "
     "Flelta. They keep training stable.", {"Glipping", "Flelta"}),
    ("We introduce two new datasets called GlorbSet and Florb3D datasets.",
     {"GlorbSet", "Florb3D"}),
])
def test_counted_names_joined_by_and_are_each_introduced(nlp, abstract, names):
    ex = run(nlp, "A study", abstract)
    assert {m.text for m in ex.mentions if m.role == "introduces"} >= names
    assert not any(" and " in m.text for m in ex.mentions)


@pytest.mark.parametrize(("abstract", "names", "etype"), [
    ("To support learning, we introduce three structured communication patterns: Glonologue, "
     "Dialorb, and Analorb-tailored for common tasks.", {"Glonologue", "Dialorb", "Analorb"},
     "Method"),
    ("We propose two mobile friendly networks: GlorbPose-Base and GlorbPose-Shape. The former "
     "is small.", {"GlorbPose-Base", "GlorbPose-Shape"}, "Model"),
    ("We introduce two datasets: Glorb and Florb, and a method to use them.", {"Glorb", "Florb"},
     "Dataset"),
])
def test_names_a_counted_plural_announces_are_introduced(nlp, abstract, names, etype):
    ex = run(nlp, "A study", abstract)
    got = {m.text: (m.type, m.role) for m in ex.mentions}
    assert all(got.get(n) == (etype, "introduces") for n in names), got


@pytest.mark.parametrize("abstract", [
    "We introduce two datasets: Glorb, Florb and Klorb.",  # more names than the count
    "We compare two baselines: Glorb and Florb.",  # not introduced by the paper
    "We introduce datasets: Glorb and Florb are both small.",  # no count; a clause goes on
])
def test_no_counted_names_without_a_count_that_fits(nlp, abstract):
    ex = run(nlp, "A study", abstract)
    assert not any(m.rule == "counted" for m in ex.mentions)


def test_a_name_with_and_is_one_name_when_nothing_is_counted(nlp):
    ex = run(nlp, "A study", "We propose Glorb and Conquer, a method that splits problems.")
    assert found(ex).get("Glorb and Conquer") == "introduces"


@pytest.mark.parametrize(("abstract", "name"), [
    ("In this work, we introduce a new generative self-evaluation scheme designed to reduce "
     "the number of samples.", "generative self-evaluation"),
    ("Thus we introduce the pre-gating router decoupled from the backbone.", "pre-gating router"),
    ("We propose a novel orthonormal regularizer, which speeds up training.",
     "orthonormal regularizer"),
    # what is done to a model or its data names a technique as well
    ("To tackle this, we propose per-channel glacier quantization and show its gains.",
     "per-channel glacier quantization"),
    ("We propose moss specialization, to specialize the model's ability.",
     "moss specialization"),
    # a little word glued inside a hyphened compound is part of it
    ("We propose a coarse-to-fine pruner as a plug-and-play module.", "coarse-to-fine pruner"),
    ("We propose a synthesis-by-analysis learning framework to generate dance.",
     "synthesis-by-analysis learning"),
])
def test_noun_phrase_contributions_are_introduced(nlp, abstract, name):
    ex = run(nlp, "A study", abstract)
    assert found(ex, "Method").get(name) == "introduces"


@pytest.mark.parametrize(("abstract", "name"), [
    # a model or framework for a task is not named by the task
    ("In this work, we propose an offline lichen tracking model for occluded objects.", None),
    ("We propose a novel moss sentence matching framework.", None),
    # nor is a class of models named by its class words
    ("We propose a large vision model for lichen sensing.", None),
    ("We propose a new pretrained language model.", None),
    # a phrase before "dataset" describes the dataset; its last head is not the name's
    ("Meantime, we introduce an extractive lichen compression dataset.", None),
    # ... but heads that name techniques as often keep the phrase
    ("We propose a novel token-level glacier estimation framework.",
     "token-level glacier estimation"),
    ("We propose a novel distortion-aware lichen correction approach.",
     "distortion-aware lichen correction"),
])
def test_a_model_for_a_task_is_not_named_by_the_task(nlp, abstract, name):
    ex = run(nlp, "A study", abstract)
    assert [m.text for m in ex.mentions if m.rule == "noun-phrase"] == ([name] if name else [])


def test_a_noun_phrase_ends_before_what_it_is_about(nlp):
    ex = run(nlp, "A study", "We present a survey regarding MossLM models.")
    assert not [m for m in ex.mentions if m.rule == "noun-phrase"]


def test_generic_noun_phrase_is_not_a_contribution(nlp):
    ex = run(nlp, "A study", "We propose a simple yet effective method for this problem.")
    assert not [m for m in ex.mentions if m.rule == "noun-phrase"]


def test_title_case_parts_of_an_own_system_are_introduced(nlp):
    ex = run(nlp, "A study", "Operating as an autonomous system, Zorblex comprises four key "
             "components: i) Agentic System Utilities, ii) LLM-powered Actionable Engine, iii) "
             "Self-Managing File System, and iv) Self-Play Agent Customization module.")
    got = {m.text: m.role for m in ex.mentions if m.rule == "component"}
    assert got == dict.fromkeys(["Agentic System Utilities", "LLM-powered Actionable Engine",
                                 "Self-Managing File System", "Self-Play Agent Customization"],
                                "introduces")
    ex = run(nlp, "A study", "Our tracker consists of three components: (i) a Clip Tracking "
             "Network that detects joints; (ii) a Video Tracking Pipeline that merges tracklets.")
    got = {m.text: m.type for m in ex.mentions if m.rule == "component"}
    assert got == {"Clip Tracking Network": "Model", "Video Tracking Pipeline": "Method"}


@pytest.mark.parametrize("abstract", [
    # whose parts is unsaid: a pipeline in general, not this paper's system
    "The classical pipeline is composed of five steps: (i) Feature Extraction, (ii) Feature "
    "Pre-processing, (iii) codebook generation.",
    # a list of things evaluated, not parts
    "We evaluate five methods: (1) Local Surrogates, (2) Anchor Rules, (3) Decision Boundary.",
    # one capitalised word is not a name
    "Our model comprises two components: (1) In-sample uncertainty, (2) Cross-sample ranking.",
])
def test_enumerations_that_are_not_own_named_parts(nlp, abstract):
    ex = run(nlp, "A study", abstract)
    assert not [m for m in ex.mentions if m.rule == "component"]


@pytest.mark.parametrize(("title", "abstract", "name"), [
    ("An Efficient Tester-Learner for Halfspaces",
     "For Massart noise, our tester-learner runs in polynomial time.", "tester-learner"),
    ("Learning Math Reasoning from Self-Sampled Correct and Partially-Correct Solutions",
     "We show that our use of self-sampled correct and partially-correct solutions can benefit "
     "learning.", "self-sampled correct and partially-correct solutions"),
    ("Feature Denoising for Improving Adversarial Robustness",
     "Our feature denoising improves robustness under white-box attacks.", "feature denoising"),
])
def test_own_phrase_the_title_names_is_introduced(nlp, title, abstract, name):
    ex = run(nlp, title, abstract)
    assert {m.text: m.role for m in ex.mentions if m.rule == "title-phrase"} == \
        {name: "introduces"}


@pytest.mark.parametrize(("title", "abstract"), [
    # a preposition inside: the phrase is a description, not a name
    ("A New Approach to Graph Coloring", "We show that our approach to graph coloring is fast."),
    # an adjective of a noun the title does not name
    ("Self-Supervised Few-Shot Learning on Point Clouds",
     "Our self-supervised method learns from unlabeled point clouds."),
    ("Transformer-based Acoustic Modeling", "Our transformer-based ASR beats LSTMs."),
    # an ordinary noun phrase
    ("A Loss Function for Boundary-Aware Segmentation", "Our loss function is simple."),
    # the title does not name it
    ("Robust Tracking", "Our meta-updater runs in real time."),
])
def test_own_phrases_that_are_not_title_names(nlp, title, abstract):
    ex = run(nlp, title, abstract)
    assert not [m for m in ex.mentions if m.rule == "title-phrase"]


def test_models_a_family_title_names_and_their_variants_are_introduced(nlp):
    ex = run(nlp, "Qwen2: A Family of Open Models from Qwen-7B to Qwen2-72B",
             "The series includes Qwen2-1.5B and Qwen2-72B-Instruct, which rival GPT-4.")
    got = {m.text: m.role for m in ex.mentions if m.type == "Model"}
    assert {k for k, v in got.items() if v == "introduces"} == {
        "Qwen2", "Qwen-7B", "Qwen2-72B", "Qwen2-1.5B", "Qwen2-72B-Instruct"}
    assert got["GPT-4"] != "introduces"


def test_only_variants_of_the_titles_own_model_are_introduced(nlp):
    # not a family title: another model the title names is not the paper's
    ex = run(nlp, "Qwen2: Aligning Language Models with GPT-4 Feedback",
             "We compare Qwen2-7B with GPT-4-Turbo and Llama-2-7B.")
    got = {m.text: m.role for m in ex.mentions if m.type == "Model"}
    assert got["Qwen2-7B"] == "introduces"
    assert got["GPT-4"] != "introduces" and got["GPT-4-Turbo"] != "introduces"
    # a family in the title, but no model of the paper's own before the colon
    ex = run(nlp, "A Family of Tests for Llama 2", "We evaluate Llama-2-7B and Qwen2-7B.")
    assert "introduces" not in found(ex, "Model").values()


@pytest.mark.parametrize("abstract", [
    "To study length control, we propose the Target Length Generation Task (TLG) and two "
    "metrics.",
    "Therefore, we propose a new Spoken Conversational Question Answering task (SCQA), aiming "
    "at richer dialogues.",
])
def test_a_task_the_paper_defines_as_its_object_is_introduced(nlp, abstract):
    ex = run(nlp, "A study", abstract)
    tasks_ = {m.text: m.role for m in ex.mentions if m.type == "Task"}
    assert tasks_ and set(tasks_.values()) == {"introduces"}


@pytest.mark.parametrize("abstract", [
    # what a new model is for, not a new task
    "Question Generation (QG) is a fundamental task. In this work, we propose a new QG model "
    "for this closed-book setting.",
    # a method typed Task by its head word: not called a task, so not a new task
    "With these findings, we propose Dual Concept Detection (DCD) to inject concept knowledge.",
    # the task is what the method is for
    "We propose a method for long-horizon robotic manipulation (LHRM) with few demonstrations.",
])
def test_tasks_that_are_not_introduced(nlp, abstract):
    ex = run(nlp, "A study", abstract)
    assert "introduces" not in {m.role for m in ex.mentions if m.type == "Task"}


@pytest.mark.parametrize(("abstract", "acronym", "etype"), [
    # the head comes before the purpose: a learning approach for a task is a method
    ("We present a new approach, Prompt Learning for Action Recognition (PLAR), which "
     "guides learning.", "PLAR", "Method"),
    ("We propose Temporal Distortion-Content Transformers for Video Quality Assessment "
     "(DisCoVQA) here.", "DisCoVQA", "Model"),
    ("We study Long Video Recognition (LVR) on phones.", "LVR", "Task"),
])
def test_defined_acronym_typed_by_the_head_before_its_purpose(nlp, abstract, acronym, etype):
    ex = run(nlp, "A study", abstract)
    assert {m.type for m in ex.mentions if m.text == acronym} == {etype}


@pytest.mark.parametrize(("abstract", "acronym", "etype"), [
    # the capitalised words after the acronym go on with the name: their last word types it
    ("We fine-tune on the Beyond the Cranial Vault (BTCV) Segmentation Challenge with "
     "abdominal organs.", "BTCV", "Dataset"),
    ("Models are scored by the Zorbic Labelling Ensemble (ZLE) Evaluation Benchmark here.",
     "ZLE", "Dataset"),
    # a sentence that ends after the acronym types nothing by the next sentence's first word
    ("We rely on Quantised Relay Encoding (QRE). Benchmark results follow.", "QRE", "Method"),
    # a capital no ASCII word starts types nothing either (and must not crash)
    ("We use Quantised Relay Encoding (QRE) Évaluation suite here.", "QRE", "Method"),
])
def test_defined_acronym_typed_by_the_capitalised_words_after_it(nlp, abstract, acronym,
                                                                 etype):
    ex = run(nlp, "A study", abstract)
    assert {m.type for m in ex.mentions if m.text == acronym} == {etype}


@pytest.mark.parametrize(("abstract", "surface", "key"), [
    # the plural of a known name of several words names it too
    ("We pre-train Swin Transformers on CT images.", "Swin Transformers",
     "Model:Swin Transformer"),
    ("We extract log-mel spectrograms as features.", "log-mel spectrograms",
     "Method:mel spectrogram"),
])
def test_plural_of_a_known_name_is_that_name(nlp, abstract, surface, key):
    ex = run(nlp, "A study", abstract)
    assert [m.key for m in ex.mentions if m.text == surface] == [key]


@pytest.mark.parametrize(("abstract", "name", "etype"), [
    # a head noun right before the name, led by a determiner, says what it is
    ("We collect an instruction dataset ZorBix-Instruct to train our model ZorBix. "
     "ZorBix-Instruct comprises code questions.", "ZorBix-Instruct", "Dataset"),
    ("We collect an instruction dataset ZorBix-Instruct to train our model ZorBix.",
     "ZorBix", "Model"),
    # the last part of a glued name says what it is when nothing else does
    ("Moreover, we build an automatic pipeline that introduces QuorpAoPSBench, derived "
     "from forum data.", "QuorpAoPSBench", "Dataset"),
    # ... and the words around another mention overrule it
    ("In this paper, we present PlumLLM, a training-free framework that creates patches.",
     "PlumLLM", "Method"),
    # the spelled-out name in brackets is skipped: what it is comes after it
    ("This paper introduces FROB (Function ROBustness and Description), a benchmark suite "
     "for evaluating interpretability methods.", "FROB", "Dataset"),
    # "a pipeline that introduces X": X is not the pipeline
    ("We build an automatic pipeline that introduces Quorpix, an evolving evaluation "
     "benchmark.", "Quorpix", "Dataset"),
])
def test_new_names_typed_by_their_context_then_their_own_last_part(nlp, abstract, name,
                                                                   etype):
    ex = run(nlp, "A study", abstract)
    assert {m.type for m in ex.mentions if m.text == name} == {etype}


@pytest.mark.parametrize(("title", "abstract", "etype"), [
    # the head of a compound after the name is its last noun
    ("A study", "We present UniZorb, a dataset distillation method for vision.", "Method"),
    ("A study", "We present UniZorb, a large language model for chemistry.", "Model"),
    # the first part of a hyphenated word is no head ("resource", "data" type datasets)
    ("A study", "We present UniZorb, a resource-efficient framework for vision.", "Method"),
    ("A study", "We present UniZorb, a data-efficient model for vision.", "Model"),
    # what follows a title's colon says what the name does, and is read as a title; the
    # abstract says what it is
    # (test_a_gerund_after_the_colon_does_not_type_the_name pins the Method side)
    ("UniZorb: Scaling Code Large Language Model via Universal Code",
     "Hence, we train our model UniZorb on code and report gains.", "Model"),
])
def test_new_name_typed_by_the_head_of_its_noun_phrase(nlp, title, abstract, etype):
    ex = run(nlp, title, abstract)
    assert {m.type for m in ex.mentions if m.text == "UniZorb"} == {etype}, ex.mentions


def test_apposition_head_comes_before_its_prepositional_phrase(nlp):
    # "a checklist for testing task generalization" is no task, and names no type
    ex = run(nlp, "A study", "Motivated by this, we introduce ZORBCHECK, a well-designed "
             "checklist for testing task generalization.")
    assert {m.type for m in ex.mentions if m.text == "ZORBCHECK"} == {"Method"}


def test_hyphenated_name_with_a_connector_inside_stops_at_a_bracket(nlp):
    ex = run(nlp, "A study", "Specially, we construct a Mixture-of-Experts~(MoE) "
             "architecture for modeling mathematical text.")
    assert not any("(" in m.text for m in ex.mentions), ex.mentions


def test_hyphenated_name_with_a_connector_inside_is_one_name(nlp):
    ex = run(nlp, "A study", "This paper presents Plan-and-Verify, a novel framework for "
             "reasoning. In Plan, we write pseudocode.")
    assert found(ex, "Method").get("Plan-and-Verify") == "introduces"
    assert "Plan" not in found(ex)


def test_bracketed_acronym_with_plural_s_is_not_another_name(nlp):
    # "(ViT)s" is ViT in brackets and a plural "s", not the VITS speech model
    ex = run(nlp, "A study", "Vision Transformers (ViT)s have shown great performance.")
    assert not any(m.key == "Model:VITS" for m in ex.mentions)
    ex = run(nlp, "A study", "We train VITS on speech and compare the voices.")
    assert [m.key for m in ex.mentions if m.type == "Model"] == ["Model:VITS"]


@pytest.mark.parametrize(("abstract", "name", "etype"), [
    # a machine, like a network, is a model
    ("We propose the Differentiable Tree Machine (DTM) for compositional generalization.",
     "DTM", "Model"),
    # "machine" inside "machine learning" or "machine translation" types nothing
    ("We propose a new machine learning framework called Zorblet for tabular data.",
     "Zorblet", "Method"),
    ("We propose Learned Machine Translation Metrics (LMTM) for evaluation.", "LMTM", "Method"),
])
def test_machine_heads_a_model(nlp, abstract, name, etype):
    ex = run(nlp, "A study", abstract)
    assert {m.type for m in ex.mentions if m.text == name} == {etype}


def test_names_after_our_are_the_papers_own(nlp):
    ex = run(nlp, "Verification", "Our verifiers, MathRev and CodeRev, give large gains over "
             "GPT-4o on GSM8K.")
    got = found(ex)
    assert got["MathRev"] == "introduces" and got["GPT-4o"] != "introduces"


# ---------------------------------------------------------------- tasks named by titles/prose
def tasks(ex: Extraction) -> set[str]:
    return {m.text for m in ex.mentions if m.type == "Task"}


def test_activity_after_a_title_name_is_a_task(nlp):
    ex = run(nlp, "Zorblex: Algorithmic Reasoning with Language Models by Composing Steps",
             "We study it.")
    assert "Algorithmic Reasoning" in tasks(ex)


def test_technique_after_a_title_name_is_not_a_task(nlp):
    ex = run(nlp, "Zorblex: Step-wise Preference Optimization for Long-chain Reasoning",
             "We study it.")
    assert not any("Preference Optimization" in t for t in tasks(ex))


@pytest.mark.parametrize("title", [
    "Teaching Models to Define and Solve Scheduling Optimization Problems",
    "Asking Language Models to Reason About Reasoning",
])
def test_a_verb_after_to_in_a_title_is_not_a_task(nlp, title):
    ex = run(nlp, title, "We study it.")
    assert not any(t.split()[0] in ("Define", "Reason") for t in tasks(ex))


def test_a_whole_field_is_not_a_task(nlp):
    ex = run(nlp, "Quillo: A Toolkit for Machine Learning Tasks", "We study it.")
    assert not any(t.lower().startswith("machine learning") for t in tasks(ex))


def test_large_scale_is_not_part_of_a_title_task(nlp):
    ex = run(nlp, "Elastic Snapshots for Large Scale Distributed Training", "We study it.")
    assert "Distributed Training" in tasks(ex)


def test_title_task_before_tasks_keeps_its_head(nlp):
    ex = run(nlp, "Small Models for Complex Reasoning Tasks", "We study it.")
    assert "Complex Reasoning Tasks" in tasks(ex)


def test_task_phrase_before_tasks_in_the_abstract(nlp):
    ex = run(nlp, "A study", "We evaluate the models on multi-hop table reasoning tasks.")
    assert "multi-hop table reasoning tasks" in tasks(ex)


@pytest.mark.parametrize("abstract", [
    "We evaluate the models on various reasoning tasks.",  # one word after the filler
    "We evaluate the models on tasks and problems.",
    "Results on downstream tasks improve.",
    # how hard, not what kind: "from easier question-answering tasks to harder reasoning tasks"
    "Gains grow from easier question-answering tasks to harder reasoning tasks.",
])
def test_no_task_phrase_without_a_named_activity(nlp, abstract):
    ex = run(nlp, "A study", abstract)
    assert not any(m.rule in ("task-phrase", "task-reported") for m in ex.mentions)


# ---------------------------------------------------------------- the paper's own names
def test_an_unknown_name_in_a_list_of_known_ones_takes_their_type_down_the_list(nlp):
    ex = run(nlp, "A study", "We test recurrent models such as Mamba, RWKV, ZorbA, zLSTM, "
             "and ZorbNet on long inputs.")
    types = {m.text: m.type for m in ex.mentions}
    assert [types.get(n) for n in ("ZorbA", "zLSTM", "ZorbNet")] == ["Model"] * 3


def test_a_listed_name_goes_on_over_capitalised_words(nlp):
    ex = run(nlp, "A study", "We evaluate on the GSM8K and QC Glacier Moss benchmark datasets.")
    texts = {m.text: m.type for m in ex.mentions}
    assert texts.get("QC Glacier Moss") == "Dataset" and "QC" not in texts


def test_namely_before_a_list_names_members_not_the_papers_thing(nlp):
    ex = run(nlp, "A study", "We use the proposed methods to tell apart three dialects: namely "
             "Zorbic, Glacian, and Mossic.")
    assert not any(m.rule == "named" for m in ex.mentions)
    ex = run(nlp, "A study", "We propose a novel summarization approach with flexible "
             "guidance, namely ZEASON (Zorb Allocation).")
    assert found(ex).get("ZEASON") == "introduces"


def test_a_version_alone_is_no_name(nlp):
    ex = run(nlp, "A study", "Experiments on the VisDial v1.0 dataset show gains.")
    assert not any(m.text == "v1.0" for m in ex.mentions)


def test_a_listed_acronym_before_a_known_name_is_not_cut_from_it(nlp):
    ex = run(nlp, "A study", "We evaluate on PASCAL VOC 2012 and MS COCO 2014.")
    assert not any(m.text == "MS" for m in ex.mentions)


def test_a_listed_name_in_a_title_case_title_is_not_cut_at_its_first_word(nlp):
    # every word of the title is capitalised: where the name ends is unknown
    ex = run(nlp, "GSM8K and QC Glacier Moss for Reasoning", "We study it.")
    assert not any(m.text.startswith("QC") for m in ex.mentions)


def test_a_letter_glued_to_a_lowercase_part_is_no_name_end(nlp):
    ex = run(nlp, "A study", "We present prediction of support from the Chest X-ray using deep "
             "learning.")
    assert not any("Chest" in m.text for m in ex.mentions)


def test_versions_after_a_slash_are_the_models_they_abbreviate(nlp):
    ex = run(nlp, "A study", "We evaluate GPT-4o/4/3.5-turbo and LLaMA-3.1/3 on GSM8K.")
    keys = {m.key for m in ex.mentions if m.type == "Model"}
    assert {"Model:GPT-4", "Model:gpt-3.5-turbo", "Model:Llama 3"} <= keys
    # "4" is no name of GPT-4: the entity keeps the catalogue's names only
    linked = link([Paper(key="p", title="A study", abstract="")], [ex])
    gpt4 = next(e for e in linked.entities if e.key == "Model:GPT-4")
    assert "4" not in gpt4.alt_labels


def test_coordinated_names_after_our_are_all_introduced(nlp):
    ex = run(nlp, "Better checking",
             "Our verifiers, Zeta-Rev and Kappa-Rev, improve accuracy on GSM8K.")
    ms = {m.text: m for m in ex.mentions}
    for name in ("Zeta-Rev", "Kappa-Rev"):
        assert ms[name].type == "Model" and ms[name].role == "introduces"


def test_released_models_are_introduced_even_when_known(nlp):
    ex = run(nlp, "A family of models",
             "Over the year, we have open-sourced a series of models, including Mistral-7B "
             "and BLOOM, which many people downloaded.")
    roles = found(ex, "Model")
    assert roles["Mistral-7B"] == "introduces" and roles["BLOOM"] == "introduces"


@pytest.mark.parametrize(("abstract", "name", "role"), [
    # work released or proposed "recently" by others is used, known or not
    ("We build a dataset using the recently released Llama3.1 family of models.",
     "Llama3.1", "uses"),
    ("We evaluate on the recently proposed Zorbix Questions benchmark.", "Zorbix Questions",
     "uses"),
    # ... but what "we recently released" is the paper's own
    ("We recently released Zorbo-7B, a model for code.", "Zorbo-7B", "introduces"),
    # "our" owns the names of its own clause, not those of the clause it governs
    ("Our experiments confirm that extending Mamba and ZorbNet to negative values helps.",
     "ZorbNet", "uses"),
    # what the paper's work is about is its topic, not its contribution
    ("In this paper, we present developments related to ZorbNet attack mitigation.",
     "ZorbNet", "uses"),
    ("We present new results regarding the Zorbix Questions benchmark.", "Zorbix Questions",
     "uses"),
])
def test_what_others_made_is_not_introduced(nlp, abstract, name, role):
    assert found(run(nlp, "A study", abstract)).get(name) == role


@pytest.mark.parametrize("abstract", [
    "We build an open-source pipeline on models such as Mistral-7B.",
    "Compared to open-source models like Mistral-7B, our tool is faster.",
])
def test_open_source_as_an_adjective_introduces_nothing_known(nlp, abstract):
    ex = run(nlp, "A study", abstract)
    assert found(ex, "Model").get("Mistral-7B") != "introduces"


# ---------------------------------------------------------------- things that are not names
@pytest.mark.parametrize("abstract", [
    "Language model agents (LMAs) browse the web. LMAs fail often.",
    "Pre-trained language models (PLMs) are strong, and PLMs are used widely.",
])
def test_an_acronym_of_a_class_of_systems_is_not_an_entity(nlp, abstract):
    ex = run(nlp, "A study", abstract)
    assert not any(m.text.startswith(("LMA", "PLM")) for m in ex.mentions)


@pytest.mark.parametrize(("abstract", "short"), [
    ("Facts are kept in a knowledge base (KB). The KB grows with use.", "KB"),
    ("Secondary users (SUs) share the band with primary users (PUs). SUs must not harm "
     "PUs.", "SU"),
    ("Clients connect to access points (APs). The APs schedule all traffic.", "AP"),
    # two capitals for a phrase whose head says nothing of a method: shorthand, not a name
    ("We render synthetic depth (SD) images. SD images are cheap. SD is noisy.", "SD"),
    # the languages people speak and code is written in, as a kind, are no tool
    ("We pair code with natural language (NL). NL queries are short. NL is noisy.", "NL"),
    ("We map programming language (PL) to text. PL tokens are split.", "PL"),
    ("Errors fall into Insufficient Knowledge (IK) and Rote Memorization (RM). IK is "
     "common; RM is rare.", "IK"),
])
def test_an_acronym_of_a_thing_is_not_an_entity(nlp, abstract, short):
    ex = run(nlp, "A study", abstract)
    assert not any(m.text.startswith(short) for m in ex.mentions)


def test_an_acronym_spelled_beyond_a_thing_head_still_names_a_method(nlp):
    # the capitals spell the whole phrase, not "Privileged information"
    ex = run(nlp, "A study", "We propose a Zorbic Attention framework leveraging Privileged "
             "information (ZAP). ZAP is fast.")
    assert any(m.text == "ZAP" and m.type == "Method" for m in ex.mentions)


@pytest.mark.parametrize(("abstract", "short"), [
    ("We propose gated window attention (GWA). GWA is fast.", "GWA"),
    # two capitals are enough when the phrase's head says it is a method
    ("We propose zorbic tuning (ZT). ZT is fast.", "ZT"),
])
def test_an_acronym_of_a_named_method_still_is(nlp, abstract, short):
    ex = run(nlp, "A study", abstract)
    assert any(m.text == short and m.type == "Method" for m in ex.mentions)


def test_an_acronym_of_the_end_of_a_known_name_is_that_name(nlp):
    # "re-ID" spells only "re-identification"; the catalogue's task ends where it starts
    ex = run(nlp, "A study", "We study person re-identification (re-ID) in video. Our re-ID "
             "model is fast.")
    short = [m for m in ex.mentions if m.text == "re-ID"]
    assert short and all(m.type == "Task" and m.key == "Task:person re-identification"
                         for m in short)


def test_an_acronym_after_a_known_name_that_it_does_not_end_is_its_own(nlp):
    # the known name ends before the words the acronym spells
    ex = run(nlp, "A study", "We add person re-identification glacier moss networks (GMN). "
             "GMN is fast.")
    assert any(m.text == "GMN" and m.rule == "abbrev" for m in ex.mentions)


@pytest.mark.parametrize("abstract", [
    "We release our code under a permissive MIT license.",
    # a version may stand between the name and the word "license"
    "We release all our Granite Code models under an Apache 2.0 license for research use.",
])
def test_a_licence_is_not_an_entity(nlp, abstract):
    names = found(ex := run(nlp, "A study", abstract))
    assert "MIT" not in names and "Apache" not in names, ex.mentions


@pytest.mark.parametrize(("abstract", "bad"), [
    # an adverb or a word that compares describes the method, it does not name it
    ("Here we propose a fundamentally different method to search for conjectures.",
     "fundamentally different"),
    ("We propose a simpler algorithm for the same problem.", "simpler algorithm"),
    ("We propose different training strategies to build strong models.", "different training"),
    # a compound modifier is never split: "first-order" is not "-order"
    ("We propose a first-order algorithm for bilevel problems.", "-order algorithm"),
    ("We propose a two-stage training strategy for the model.", "-stage training"),
    # adjectives left when the generic head goes name nothing
    ("Our proposed approximated optimal strategy B4 selects code.", "approximated optimal"),
    # a verb and its object, not a noun phrase
    ("We propose training reward models (RMs) in a contrastive fashion.", "training reward"),
    # hyphened words that judge or place a thing do not name it
    ("We propose a state-of-the-art lichen detection framework.", "state-of-the-art"),
    ("This work proposes an end-to-end learning framework called ZORBI.", "end-to-end"),
    ("We design an end-to-end refinement module for detection.", "end-to-end"),
])
def test_a_describing_noun_phrase_is_not_a_new_method(nlp, abstract, bad):
    names = found(ex := run(nlp, "A study", abstract))
    assert not any(bad in n for n in names), ex.mentions


@pytest.mark.parametrize(("abstract", "name"), [
    ("We propose an agent symbolic learning framework for agents.", "agent symbolic learning"),
    ("We propose a feature alignment method that fuses modalities.", "feature alignment"),
    ("Specifically, the proposed clustering objective employs mutual information.",
     "clustering objective"),
    # a noun ending in "ly" is no adverb
    ("We propose an anomaly scoring mechanism for system logs.", "anomaly scoring mechanism"),
    # a "mechanism" or a "strategy" is named with its head, as annotators name it
    ("Moreover, we introduce a local memory mechanism for the third capability.",
     "local memory mechanism"),
    ("We propose a mask merging strategy to combine the masks.", "mask merging strategy"),
])
def test_a_naming_noun_phrase_still_is_a_new_method(nlp, abstract, name):
    assert found(ex := run(nlp, "A study", abstract)).get(name) == "introduces", ex.mentions


def test_a_noun_phrase_headed_by_mechanism_is_a_method_whatever_follows(nlp):
    # the model named after it ("extending our label attention model") does not type it
    ex = run(nlp, "A study", "We additionally propose a hierarchical joint learning mechanism "
                             "extending our label attention model to handle rare codes.")
    assert found(ex, "Method").get("hierarchical joint learning mechanism") == "introduces", \
        ex.mentions


def test_strong_describes_a_new_method_without_naming_it(nlp):
    ex = run(nlp, "A study", "In this work, we first present a strong pointer-copy mechanism "
                             "for sentence simplification.")
    assert not any(n.startswith("strong") for n in found(ex)), ex.mentions


@pytest.mark.parametrize("abstract", [
    "The model writes Python code and Java programs that a checker then runs.",
    "We mine aligned snippets in Python and JavaScript from Stack Overflow.",
    "Implementations in TypeScript and Python 3 are available.",
])
def test_a_programming_language_is_not_an_entity(nlp, abstract):
    # the language code is written in is no technique or tool, like the language people speak
    names = found(ex := run(nlp, "A study", abstract))
    assert not {"Python", "Python 3", "Java", "JavaScript", "TypeScript"} & set(names), \
        ex.mentions


def test_the_interpreter_of_a_language_is_a_tool(nlp):
    ex = run(nlp, "A study", "Our agent uses a Python interpreter to check each step.")
    assert set(found(ex, "Method")) == {"Python interpreter"}, ex.mentions


def test_a_quantified_noun_phrase_is_not_a_new_method(nlp):
    # "all loss measurements" are things the paper has, not a method it names
    ex = run(nlp, "A study", "We will release all loss measurements and model checkpoints.")
    assert not any("loss" in m.text for m in ex.mentions)
    ex = run(nlp, "A study", "We propose a novel contrastive ranking loss for retrieval.")
    assert "contrastive ranking loss" in found(ex)


@pytest.mark.parametrize(("title", "abstract", "name", "present"), [
    # one ordinary word before the colon is a name only if the abstract says it again
    ("Mission: Impossible Language Models", "We study languages no child can learn.",
     "Mission", False),
    ("Ruler: A Method to Control Generated Length", "We propose Ruler, which controls length.",
     "Ruler", True),
    # said again in any case
    ("Quokka: A Method to Control Generated Length", "We propose quokka, which controls "
     "length.", "Quokka", True),
    # inner words other than "of" / "and" make a phrase, not a name
    ("XAI Beyond Classification: Interpretable Neural Clustering", "We study clustering.",
     "XAI Beyond Classification", False),
    ("Chain of Code: Reasoning with a Code Emulator", "We propose Chain of Code.",
     "Chain of Code", True),
])
def test_title_heads_that_are_and_are_not_names(nlp, title, abstract, name, present):
    ex = run(nlp, title, abstract)
    assert (name in found(ex)) is present


@pytest.mark.parametrize(("title", "abstract", "name", "introduced"), [
    # a Title Case run that opens a title and that the abstract repeats names the method...
    ("Variance Reduced Glacier Iteration for Moss Inclusions",
     "We propose Variance Reduced Glacier Iteration, which is fast.",
     "Variance Reduced Glacier Iteration", True),
    ("Cascaded Lichen Regression for Moss Detection",
     "Cascaded Lichen Regression is fast.", "Cascaded Lichen Regression", True),
    # ... unless its head makes it the task the paper works on
    ("Unsupervised Lichen Image Enhancement via Moss Priors",
     "Unsupervised Lichen Image Enhancement is hard.", "Unsupervised Lichen Image Enhancement",
     False),
    ("Attributed Moss Clustering via Lichen Convolution",
     "Attributed Moss Clustering is hard.", "Attributed Moss Clustering", False),
])
def test_a_title_opening_run_is_a_method_unless_it_names_a_task(nlp, title, abstract, name,
                                                                 introduced):
    ex = run(nlp, title, abstract)
    assert any(m.text == name and m.role == "introduces" and m.type != "Task"
               for m in ex.mentions) is introduced


def test_llm_task_in_a_title_keeps_its_llm(nlp):
    ex = run(nlp, "Improving LLM Reasoning through Repeated Sampling", "We study it.")
    assert "LLM Reasoning" in tasks(ex)


def test_the_task_of_a_platform_named_in_a_title(nlp):
    ex = run(nlp, "Kestrel: A Rule-based Fairness Evaluation Platform for Chatbots",
             "We present Kestrel.")
    assert "Fairness Evaluation" in tasks(ex)
    assert not any("Platform" in t or "Rule" in t for t in tasks(ex))


@pytest.mark.parametrize("abstract", [
    "LLM agents browse the web and verifier models check their answers.",
    "Language agents need tools.",
])
def test_classes_of_systems_are_not_entities(nlp, abstract):
    assert not run(nlp, "A study", abstract).mentions


@pytest.mark.parametrize(("title", "abstract"), [
    ("Fast detection", "We propose a novel single-shot based detector, called Zorbdet, for speed."),
    ("Zorbseg: Patch-wise Hypernetwork for Real-time Semantic Segmentation",
     "We present Zorbseg for segmentation."),
])
def test_a_named_detector_or_network_is_a_model(nlp, title, abstract):
    ex = run(nlp, title, abstract)
    assert set(found(ex, "Model")) & {"Zorbdet", "Zorbseg"}


def test_a_router_beside_a_backbone_is_not_a_model(nlp):
    ex = run(nlp, "Experts", "We introduce the pre-gating router decoupled from the MoE backbone.")
    assert "pre-gating router" not in found(ex, "Model")


def test_a_system_the_paper_introduces_is_not_the_dataset_of_that_name(nlp):
    ex = run(nlp, "SWAG: Passage Aggregation for Document Ranking",
             "We present SWAG, an end-to-end Transformer-based model for ranking. SWAG is fast.")
    swag = [m for m in ex.mentions if m.text == "SWAG"]
    assert {m.type for m in swag} == {"Model"} and not any(m.key for m in swag)
    assert "introduces" in {m.role for m in swag}
    # using the dataset, or introducing a model the catalogue knows, changes nothing
    ex = run(nlp, "A study", "We evaluate on SWAG, a benchmark of commonsense inference.")
    assert {m.key for m in ex.mentions if m.text == "SWAG"} == {"Dataset:SWAG"}
    ex = run(nlp, "A study", "We introduce AlphaCode, a system for code generation.")
    assert {m.type for m in ex.mentions if m.text == "AlphaCode"} == {"Model"}


@pytest.mark.parametrize(("title", "task"), [
    ("A polynomial time approximation algorithm for the vertex cover problem on a class of "
     "graphs", "vertex cover problem"),
    ("On the Hardness of the Maximum Clique Problem", "Maximum Clique Problem"),
    ("An Improved Algorithm for the Knapsack Problem", "Knapsack Problem"),
])
def test_a_title_names_the_problem_it_is_about(nlp, title, task):
    ex = run(nlp, title, "We study this. It is hard.")
    assert found(ex, "Task") == {task: "addresses"}


def test_a_problem_the_title_does_not_address_is_not_a_task(nlp):
    ex = run(nlp, "The Problem with Benchmarks", "We study this. It is hard.")
    assert not found(ex, "Task")


def test_a_part_the_abstract_names_by_its_job_is_an_introduced_method(nlp):
    ex = run(nlp, "Zorbdet: fast detection",
             "Zorbdet consists of two inter-connected modules, namely, the anchor refinement "
             "module and the object detection module. We also design a transfer connection "
             "block. The DSA module is fast.")
    assert {k: v for k, v in found(ex, "Method").items() if k != "Zorbdet"} == {
        "anchor refinement module": "introduces", "object detection module": "introduces",
        "transfer connection block": "introduces", "DSA module": "introduces"}


def test_a_mechanism_or_strategy_the_abstract_names_by_its_job_is_an_introduced_method(nlp):
    ex = run(nlp, "Zorbseg: fast segmentation",
             "Finally, a novel mask merging strategy is employed to resolve conflicts. A "
             "top-down error feedback mechanism corrects the poses.")
    assert {k: v for k, v in found(ex, "Method").items() if k != "Zorbseg"} == {
        "mask merging strategy": "introduces", "top-down error feedback mechanism": "introduces"}


def test_a_known_technique_inside_a_parts_name_is_one_ingredient_of_it(nlp):
    ex = run(nlp, "Zorbnet: fast deblurring",
             "Zorbnet embeds the factor through a quality factor attention block. It also "
             "has a bit-wise attention mechanism.")
    assert {k: v for k, v in found(ex, "Method").items() if k != "Zorbnet"} == {
        "quality factor attention block": "introduces",
        "bit-wise attention mechanism": "introduces"}


def test_a_parts_name_counts_words_not_the_hyphens_between_them(nlp):
    ex = run(nlp, "Zorbnet: fast matting", "Zorbnet stacks an appearance-enhanced axis-wise "
             "learning block. A local-to-global search region strategy finds the target.")
    assert {k: v for k, v in found(ex, "Method").items() if k != "Zorbnet"} == {
        "appearance-enhanced axis-wise learning block": "introduces",
        "local-to-global search region strategy": "introduces"}


@pytest.mark.parametrize("abstract, name", [
    ("We develop a novel mask propagation score instead of the appearance similarity.",
     "mask propagation score"),
    ("Specifically, we design a cross agreement score as the similarity of neighbours.",
     "cross agreement score"),
    # a part the sentence calls new is the paper's even when its words are known
    ("We propose a novel multi-head attention module for the decoder.",
     "multi-head attention module"),
])
def test_a_score_or_part_the_sentence_calls_new_is_an_introduced_method(nlp, abstract, name):
    ex = run(nlp, "A tracker", abstract)
    assert found(ex, "Method").get(name) == "introduces", ex.mentions


def test_a_part_the_paper_abbreviates_keeps_every_word(nlp):
    ex = run(nlp, "A detector", "We put forward a pyramidally attended feature extraction "
                                "module (PAFE) to localize objects.")
    assert "pyramidally attended feature extraction module" in found(ex, "Method"), ex.mentions


@pytest.mark.parametrize("abstract", [
    "Each layer stacks an LSTM block and a Gated Recurrent Unit.",  # known things
    "We run it on a modern Graphics Processing Unit.",  # hardware
    "The existing attention module is slow, and so is a memory module.",  # others', one word
    "The network has two inter-connected modules.",  # a count of parts
    # words that judge or compare describe a part, they do not name it
    "We use a powerful attentive gating mechanism in the encoder.",
    "Prior work relies on a complicated feature fusion strategy.",
    "It is a widely used building block of detectors.",
    "We find a principled learning strategy for noisy labels.",
    # a known technique before the head, not said to be new
    "Each layer has a multi-head attention module and a channel attention block.",
    # a score that is not said to be new is a measurement
    "We rank the masks by the appearance similarity score.",
    "The final classification score is the average of both.",
    "It lowers the average energy consumed per unit of data.",
    # a verb before a part's name is not in it
    "For localization, we first use Multi-view Matching Graph Module to match views.",
])
def test_parts_that_are_not_the_papers_own_named_methods(nlp, abstract):
    ex = run(nlp, "A study", abstract)
    assert not [m.text for m in ex.mentions if m.rule == "module"]


def test_editions_of_a_dataset_are_told_apart(nlp):
    ex = run(nlp, "A detector", "We test on PASCAL VOC 2007, PASCAL VOC 2012 and MS COCO.")
    keys = {m.text: m.key for m in ex.mentions if m.type == "Dataset"}
    assert keys["PASCAL VOC 2007"] == "Dataset:Pascal VOC|2007"
    assert keys["PASCAL VOC 2012"] == "Dataset:Pascal VOC|2012"
    assert keys["MS COCO"] == "Dataset:COCO"  # no year, the dataset itself


def test_authors_are_not_entities(nlp):
    ex = run(nlp, "Online load balancing",
             "Our algorithms use the online primal dual framework introduced by Alon et al "
             "for the online set cover problem, as did Buchbinder et al. before us.")
    assert not {"Alon", "Buchbinder"} & set(found(ex))


def test_a_hub_page_the_abstract_gives_is_of_what_the_paper_releases(nlp):
    ex = run(nlp, "Zorb: process rewards",
             "We train a reward model. The Zorb-PRM-7B is available at "
             "https://huggingface.co/zorblab/Zorb-PRM-7B.")
    assert found(ex, "Model")["https://huggingface.co/zorblab/Zorb-PRM-7B"] == "introduces"
    # a page of a model the paper says it uses stays used
    ex = run(nlp, "A study", "We use https://huggingface.co/acme/zeta-7b for math.")
    assert found(ex, "Model")["https://huggingface.co/acme/zeta-7b"] == "uses"


def test_an_instruction_tuned_baseline_is_still_compared(nlp):
    # "tuned" in "instruction-tuned" is an adjective of the baseline, not a use of it
    ex = run(nlp, "A study", "On HotpotQA, Zorb surpasses the instruction-tuned LLaMA-7B agent "
                             "by 5.1% in EM score.")
    assert found(ex, "Model")["LLaMA-7B"] == "comparesWith", ex.mentions


def test_what_the_paper_collects_is_its_own(nlp):
    ex = run(nlp, "Zorbcoder: code models",
             "Hence, we collect an instruction dataset Zorb-Instruct to train our model.")
    assert found(ex).get("Zorb-Instruct") == "introduces", ex.mentions


@pytest.mark.parametrize("abstract", [
    "We collect 100K images of street scenes and label them.",
    "We release 1.9K conversations; we present 14k more.",
])
def test_a_count_is_not_a_name(nlp, abstract):
    ex = run(nlp, "A study", abstract)
    assert not ex.mentions, ex.mentions


def test_a_count_inside_a_name_stays_in_it(nlp):
    ex = run(nlp, "A study", "We introduce KonIQ-10k, a database of rated images.")
    assert "KonIQ-10k" in found(ex), ex.mentions


def test_the_system_a_state_of_the_art_claim_is_made_for_is_the_papers_own(nlp):
    ex = run(nlp, "Unmasking anomalies",
             "We study masks. Mask2Zorb achieves new state-of-the-art results on benchmarks.")
    assert found(ex).get("Mask2Zorb") == "introduces", ex.mentions
    # a known system is no new name; a weaker claim names nothing said once
    ex = run(nlp, "A study", "We study masks. GPT-4 achieves state-of-the-art results. "
                             "Mask2Zorb achieves good results on benchmarks.")
    assert found(ex).get("GPT-4") != "introduces" and "Mask2Zorb" not in found(ex), \
        ex.mentions


def test_who_introduced_a_thing_is_not_what_was_introduced(nlp):
    ex = run(nlp, "A study", "We build on the Zorblat scheme introduced by Quenmar in 2011.")
    assert "Quenmar" not in found(ex)
    ex = run(nlp, "A study", "We use the scheme, developed further by Quenmar and others.")
    assert "Quenmar" not in found(ex)
    # the active voice still introduces a name
    ex = run(nlp, "A study", "We introduce Quenmar, a scheme for sorting.")
    assert found(ex).get("Quenmar") == "introduces"


@pytest.mark.parametrize("word", ["3D", "RGB", "LiDAR", "DNA", "GUI"])
def test_generic_technical_words_are_not_entities(nlp, word):
    ex = run(nlp, f"Segmenting {word} data",
             f"We introduce {word} tracking from {word} images; {word} is everywhere.")
    assert word not in found(ex)


def test_a_named_metric_is_a_method_and_a_generic_measure_is_nothing(nlp):
    ex = run(nlp, "A study", "We report BLEU and CodeBLEU, and accuracy on the test split.")
    assert found(ex, "Method") == {"BLEU": "uses", "CodeBLEU": "uses"}
    assert "accuracy" not in found(ex)


def test_an_acronym_with_another_case_is_another_thing(nlp):
    ex = run(nlp, "A study", "We use Fusion-in-Decoder (FiD) for open-domain QA.")
    keys = {m.key for m in ex.mentions if m.text == "FiD"}
    assert keys and not any("Inception" in k for k in keys)


def test_title_prefix_type_outvotes_its_repeats(nlp):
    ex = run(nlp, "Vorkat-Lumo: Language Model with Chemical Capabilities",
             "We present Vorkat-Lumo, a novel decoder based language method on chemistry. "
             "Vorkat-Lumo is small. Vorkat-Lumo is fast. Vorkat-Lumo is open.")
    assert {m.type for m in ex.mentions if m.text.lower() == "vorkat-lumo"} == {"Model"}


def test_a_gerund_after_the_colon_does_not_type_the_name(nlp):
    ex = run(nlp, "PortKit: Personalizing Evolving Language Models with Patches",
             "We propose PortKit, a training-free method.")
    assert {m.type for m in ex.mentions if m.text == "PortKit"} == {"Method"}


@pytest.mark.parametrize("abstract", [
    "Our model is 3x-6x faster than prior work.",
    "Our method reaches a 1.6x speedup.",
    "We train an Auto Regressive (AR) decoder. The AR decoder is small.",
    "Tool-Augmented Language Models (TALM) call tools. TALM agents are common.",
])
def test_factors_and_class_acronyms_are_not_names(nlp, abstract):
    ex = run(nlp, "A study", abstract)
    assert not any(m.type in ("Model", "Method") for m in ex.mentions)


def test_a_definition_that_contradicts_the_catalogue_is_not_that_entry(nlp):
    ex = run(nlp, "A study", "We focus on Integer Fused-Multiply-and-Accumulate (FMA) "
             "operations. FMA units are cheap.")
    assert not any(m.key == "Dataset:FMA" for m in ex.mentions)  # not the Free Music Archive


@pytest.mark.parametrize(("abstract", "short", "not_key"), [
    # a shared head word ("network") is not agreement: the first letter's word differs
    ("We deploy a Gossip Cache Network (GCN) on the edge. GCN nodes share results.", "GCN",
     "Method:GCN"),
    ("We present a Verified Delivery Network (VDN) for packets.", "VDN",
     "Method:value decomposition networks"),
])
def test_a_definition_sharing_only_a_head_word_is_not_that_entry(nlp, abstract, short,
                                                                 not_key):
    ex = run(nlp, "A study", abstract)
    assert any(m.text == short for m in ex.mentions)
    assert not any(m.key == not_key for m in ex.mentions)


@pytest.mark.parametrize(("abstract", "short", "key"), [
    # words outside the letters, other wordings of the same words, typos of them
    ("We compare Standard Convolutional Neural Networks (CNNs) on the task.", "CNNs",
     "Method:CNN"),
    ("We train deep convolutional neuron networks (CNNs) on the task.", "CNNs", "Method:CNN"),
])
def test_a_definition_agreeing_on_its_lead_words_is_still_the_entry(nlp, abstract, short, key):
    ex = run(nlp, "A study", abstract)
    assert any(m.key == key for m in ex.mentions if m.text == short)


def test_a_definition_worded_differently_is_still_the_entry(nlp):
    ex = run(nlp, "A study", "We train Outcome-based Reward Models (ORMs) on GSM8K.")
    assert any(m.key.startswith("Method:") and m.rule.startswith(("abbrev-catalogue",
                                                                   "catalogue"))
               for m in ex.mentions if m.text in ("ORMs", "Outcome-based Reward Models"))


@pytest.mark.parametrize(("title", "task"), [
    # head nouns of the Papers with Code task names, not only "generation" and "reasoning"
    ("Quorra: Graph Attention for Biomedical Trigger Extraction",
     "Biomedical Trigger Extraction"),
    # what praises or describes the method is not part of the task
    ("Graph Kernels for Fast and Accurate Molecule Property Regression",
     "Molecule Property Regression"),
    ("Graph Kernels for Deep Molecule Property Regression", "Molecule Property Regression"),
    ("Rethinking Training-Free Poster Layout Editing", "Poster Layout Editing"),
    # "-based" says what the task works on, and stays
    ("Struggles with Simple Word-based Counting Problems", "Word-based Counting Problems"),
    # a question mark ends the title, not the task
    ("What Helps Small Models on Multi-hop Table Reasoning Tasks?",
     "Multi-hop Table Reasoning Tasks"),
    # the words a title opens with, when it goes on to say how ("using", "via", "with", "in")
    ("Glacier Calving Detection using Sparse Radar Echoes", "Glacier Calving Detection"),
    ("Ordinal Sentiment Regression with Label Smoothing", "Ordinal Sentiment Regression"),
    ("Weakly-Supervised Lichen Segmentation via Pseudo Masks",
     "Weakly-Supervised Lichen Segmentation"),
    ("Bird Song Classification in Noisy Field Recordings", "Bird Song Classification"),
    # reasoning alone, which no catalogue lists
    ("Lichen Search Boosts Reasoning via Iterative Feedback", "Reasoning"),
    ("Twin Prompting for More Effective Reasoning", "Reasoning"),
    ("Inference Scaling vs Reasoning: An Empirical Analysis", "Reasoning"),
])
def test_title_task_phrases(nlp, title, task):
    assert task in tasks(run(nlp, title, "We study it."))


@pytest.mark.parametrize(("title", "absent"), [
    ("Graph Kernels for Fast and Accurate Molecule Property Regression", "and Accurate"),
    # "Sketch Retrieval and Clustering" are two tasks, not one
    ("Contrastive Hashing for Sketch Retrieval and Clustering", "and Clustering"),
    # a known task at the end of the phrase is named by its known name
    ("Part-Aligned Person Re-identification", "Part-Aligned"),
])
def test_title_task_phrases_not_found(nlp, title, absent):
    found_tasks = tasks(run(nlp, title, "We study it."))
    assert found_tasks and not any(absent in t for t in found_tasks)


@pytest.mark.parametrize(("title", "absent"), [
    # before "for" or "of" the opening words name the method, or only part of the task
    ("Subpixel Heatmap Regression for Glacier Landmark Localization", "Heatmap Regression"),
    ("Massively Parallel Construction of the Lichen Graph", "Construction"),
    # a verb ("Supporting"), an adverb, or two things joined are not one task
    ("Supporting Clustering with Contrastive Losses", "Supporting"),
    ("Contrast and Generation with Twin Decoders", "and Generation"),
    ("Boldly Segmentation with Twin Decoders", "Boldly"),
    # heads that name methods as often as tasks ("Symbolic Learning", "Preference Tuning")
    ("Symbolic Learning with Agent Feedback", "Symbolic Learning"),
])
def test_no_title_opening_task_without_how(nlp, title, absent):
    assert not any(absent in t for t in tasks(run(nlp, title, "We study it.")))


@pytest.mark.parametrize("title", [
    # "Reasoning" that opens a description or heads a longer phrase is not reasoning alone
    "PlotLens: Reasoning over Scientific Plots",
    "Twin Prompting for Reasoning Tasks",
    "Lichen Reasoning Networks for Plot Questions",
])
def test_reasoning_in_a_longer_title_phrase_is_not_reasoning_alone(nlp, title):
    assert "Reasoning" not in tasks(run(nlp, title, "We study it."))


@pytest.mark.parametrize(("sentence", "task"), [
    ("We solve the lichen activation problem in polynomial time.", "lichen activation problem"),
    ("This is known as the cold start problem.", "cold start problem"),
    # words that praise or place it are not part of its name
    ("We revisit the well-known stable glacier problem.", "stable glacier problem"),
    ("We study the classical vertex packing problem.", "vertex packing problem"),
])
def test_the_named_problem_is_a_task(nlp, sentence, task):
    assert task in tasks(run(nlp, "A study", sentence))


@pytest.mark.parametrize("sentence", [
    # which one, not what: the same, the original, the second, the upper level problem
    "We then solve the same problem again.",
    "We return to the original problem.",
    "We then solve the second problem.",
    "We then solve the upper level problem.",
    "We then solve the lower-level problem.",
    # a kind of problem, a problem described, a word cut from markup
    "We cast it as the optimization problem below.",
    "We then solve the reconstructed problem.",
    "We then solve the algorithmic problem.",
    "We then solve the $k$-server problem.",
])
def test_a_problem_named_by_which_or_by_kind_is_no_task(nlp, sentence):
    assert not any(t.endswith("problem") for t in tasks(run(nlp, "A study", sentence)))


@pytest.mark.parametrize(("sentence", "task"), [
    # a verb before the phrase acts on the task; it is not part of its name
    ("We focus on tackling complex lichen reasoning tasks.", "complex lichen reasoning tasks"),
    ("The model then solving glacier optimization problems well.",
     "glacier optimization problems"),
    ("It helps on multi-step problem-solving tasks.", "multi-step problem-solving tasks"),
])
def test_a_task_phrase_starts_after_the_verb_acting_on_it(nlp, sentence, task):
    assert task in tasks(run(nlp, "A study", sentence))


def test_a_field_of_study_before_tasks_is_no_task(nlp):
    found_tasks = tasks(run(nlp, "A study", "Agents finish machine learning tasks."))
    assert not any("machine learning" in t for t in found_tasks)


@pytest.mark.parametrize(("sentence", "listed"), [
    ("Zorb is shown on three different tasks -- seeded blorbing, image smelting and single "
     "image glowing.", ["seeded blorbing", "image smelting", "single image glowing"]),
    ("We report results for 3 tasks: graph text blorbing, graph text glowing and text graph "
     "glowing.", ["graph text blorbing", "graph text glowing", "text graph glowing"]),
    ("Our algorithms address jointly the problems of device-to-device link blorbing and "
     "video quality smelting in streaming.",
     ["device-to-device link blorbing", "video quality smelting"]),
    ("It helps on downstream tasks such as 3D single-view multi-person blorbing, and "
     "glowing.", ["3D single-view multi-person blorbing", "glowing"]),
    ("We focus on the tasks of scene blorbing, person-part glowing, and image smelting.",
     ["scene blorbing", "person-part glowing", "image smelting"]),
])
def test_the_tasks_a_sentence_lists_are_tasks(nlp, sentence, listed):
    ex = run(nlp, "A study", sentence)
    assert [m.text for m in ex.mentions if m.rule == "task-list"] == listed


@pytest.mark.parametrize("sentence", [
    # "of" after "problems" without "the" says which problems, not what they are
    "We study important problems of practical relevance and glorb smelting.",
    # a list of the tasks a model is pre-trained on names how it is trained
    "We present two pre-training tasks, namely replaced token blorbing, and token smelting.",
    # an item that goes on ("of head", "the stationary probabilities") is no task's name
    "The tasks of clue blorbing of head, face, and eye are solved jointly.",
    "We prove bounds for the related problems of approximately computing the ranks.",
    # "tasks" with no list after it
    "The tasks were hard, and blorbing was slow.",
])
def test_no_listed_task_where_no_tasks_are_listed(nlp, sentence):
    ex = run(nlp, "A study", sentence)
    assert not any(m.rule == "task-list" for m in ex.mentions)


def test_a_listed_task_named_again_keeps_its_whole_name(nlp):
    # the second "person-part segmentation" is the listed task, not the known "segmentation"
    ex = run(nlp, "A study", "We focus on the tasks of scene parsing and person-part "
             "segmentation. We reach 71.3% on PASCAL-Person-Part (person-part segmentation).")
    assert [m.text for m in ex.mentions if m.type == "Task" and "segmentation" in m.text] == \
        ["person-part segmentation", "person-part segmentation"]


def test_a_named_problem_said_once_is_the_papers_task():
    from kg.link import link
    paper = Paper(key="p", title="A study",
                  abstract="We solve the lichen activation problem in polynomial time.")
    linked = link([paper], list(extract([paper])))
    assert any(e.type == "Task" and e.label.startswith("lichen activation")
               for e in linked.entities)


@pytest.mark.parametrize(("title", "surface", "base"), [
    # what a title is for: words before a known task that say which kind make a kind of it
    ("Feature Erasing Networks for Occluded Person Re-Identification",
     "Occluded Person Re-Identification", "Task:person re-identification"),
    ("Segment Aggregation for Video-Level Representation Learning",
     "Video-Level Representation Learning", "Task:representation learning"),
    # what a title studies ("Revisiting", "Evaluating and Improving") names its task too
    ("Revisiting Single Image Depth Estimation", "Single Image Depth Estimation",
     "Task:depth estimation"),
    ("Evaluating and Improving Clinical Named Entity Recognition",
     "Clinical Named Entity Recognition", "Task:named entity recognition"),
    # words that say how the method works are not part of the kind ("Retrieval-Augmented")
    ("Rethinking Retrieval-Augmented Unsupervised Keyphrase Extraction",
     "Unsupervised Keyphrase Extraction", "Task:keyphrase extraction"),
])
def test_a_kind_of_a_known_task_in_a_title_is_a_variant_of_it(nlp, title, surface, base):
    ex = run(nlp, title, "We study it.")
    ms = [m for m in ex.mentions if m.type == "Task"]
    assert [m.text for m in ms] == [surface]
    assert ms[0].rule == "catalogue+variant" and ms[0].key.startswith(base + "|")


@pytest.mark.parametrize(("title", "key"), [
    # praise of the method, the model it runs on, or a whole title naming the method
    ("Frequency Transformers for High-Quality Image Deblurring", "Task:image deblurring"),
    ("Offline Reinforcement Learning for LLM Multi-Step Reasoning", "Task:multi-step reasoning"),
    ("Part-Aligned Person Re-identification", "Task:person re-identification"),
    # the whole phrase is a known task of its own
    ("Region Suppression for Weakly-Supervised Semantic Segmentation",
     "Task:weakly supervised semantic segmentation"),
])
def test_a_title_word_that_is_no_kind_leaves_the_known_task(nlp, title, key):
    ex = run(nlp, title, "We study it.")
    assert [m.key for m in ex.mentions if m.type == "Task"] == [key]


@pytest.mark.parametrize("title", [
    # a title that opens with an article names the paper's own method, not a kind of task
    "A Fault Tolerant Trajectory Clustering (FTTC) for Selecting Cluster Heads",
    # an adjective that praises is no study verb
    "Efficient Multimodal Semantic Segmentation via Dual-Prompt Learning",
])
def test_a_title_that_names_its_method_makes_no_variant_task(nlp, title):
    ex = run(nlp, title, "We study it.")
    assert not any(m.rule == "catalogue+variant" for m in ex.mentions if m.type == "Task")


def test_a_hyphenated_word_is_not_a_title_preposition(nlp):
    # "In-Order" is one word, not the preposition "in" before a task "-Order Parsing"
    assert not any(t.startswith("-") for t in tasks(run(nlp, "In-Order Parsing of Nested "
                                                         "Clauses", "We study it.")))


def test_a_known_task_at_the_end_of_a_title_phrase_keeps_its_key(nlp):
    ex = run(nlp, "Part-Aligned Person Re-identification", "We study it.")
    assert [m.key for m in ex.mentions if m.type == "Task"] == \
        ["Task:person re-identification"]


@pytest.mark.parametrize(("abstract", "task"), [
    ("Triangle counting is a basic graph problem. We give a faster algorithm.",
     "Triangle counting"),
    ("Approximate string matching remains costly on long texts. We index the text.",
     "Approximate string matching"),
    # a word that praises the method is not part of the task
    ("Accurate plane detection is hard in clutter. We fit planes.", "plane detection"),
])
def test_the_task_that_opens_an_abstract_sentence(nlp, abstract, task):
    ex = run(nlp, "A study", abstract)
    assert found(ex, "Task").get(task) == "addresses"


@pytest.mark.parametrize("abstract", [
    "The resulting prediction is good. We study it.",  # a determiner: not a task's name
    "Research on plagiarism detection is growing. We study it.",  # a phrase, not a name
    "Since localization is hard, we study it.",
    "We find that plane detection is hard.",  # not the subject of the sentence
    "Feature learning is popular. We study it.",  # a paradigm, not a task head
])
def test_no_task_from_sentence_openings_that_are_not_a_task_subject(nlp, abstract):
    ex = run(nlp, "A study", abstract)
    assert not any(m.rule == "task-subject" for m in ex.mentions)


def test_a_known_task_opening_a_background_sentence_is_addressed(nlp):
    ex = run(nlp, "A study",
             "Recently, object detection has improved a lot. We study a detector.")
    assert found(ex, "Task").get("object detection") == "mentions"
    ex = run(nlp, "A study", "Object detection has improved a lot recently. We study it.")
    assert found(ex, "Task").get("Object detection") == "addresses"


@pytest.mark.parametrize(("abstract", "task", "role"), [
    # the report of the paper's own experiments names what it is tested on, even with the
    # "such as" or "while" that mark background prose elsewhere
    ("Small models lag behind. Evaluations show that the model rivals strong systems such "
     "as GPT-4 in machine translation.", "machine translation", "addresses"),
    ("Small models lag behind. Extensive experiments show gains, while using less compute, "
     "in code tasks such as clone detection and defect detection.", "defect detection",
     "addresses"),
    # background prose that reports no experiment of the paper's own stays background
    ("Recent systems such as GPT-4 excel at machine translation. We study a small model.",
     "machine translation", "mentions"),
])
def test_a_task_in_the_report_of_the_experiments_is_addressed(nlp, abstract, task, role):
    assert found(run(nlp, "A study", abstract), "Task").get(task) == role


@pytest.mark.parametrize("title", [
    "Experimental Evaluation of Graph Kernels",  # what kind of paper it is, not its task
    "$k$-Step Relative Inductive Generalization",  # a chunk that starts inside a word
])
def test_no_title_task_from_paper_kinds_or_broken_words(nlp, title):
    assert not tasks(run(nlp, title, "We study it."))


@pytest.mark.parametrize(("title", "task"), [
    ("Generating Chemical Reaction Summaries with Language Models",
     "Generating Chemical Reaction Summaries"),
    ("Zorb: Detecting and Rectifying Factual Errors in Summaries by Reversing Them",
     "Detecting and Rectifying Factual Errors"),
    # what the paper is for, said with its verb
    ("Graph Kernels for Generating Chemical Reaction Summaries",
     "Generating Chemical Reaction Summaries"),
    ("Improving Glorb Fine-tuning for Solving Math Problems", "Solving Math Problems"),
])
def test_a_title_that_opens_with_a_task_verb_names_the_task(nlp, title, task):
    assert task in tasks(run(nlp, title, "We study it."))


@pytest.mark.parametrize("title", [
    "Detecting all regular polygons in a point set",  # a quantifier: not a task's name
    "Improving Chemical Reaction Summaries with Language Models",  # not a task verb
    "Solving Math Problems with Glorb",  # "solving" names a task only after "for"
    # cut before "to": the verb's object is not whole
    "Glorb: A Network for Predicting Paths Compliant to Social Constraints",
])
def test_no_gerund_task_from_other_title_openings(nlp, title):
    assert not any(t.lower().startswith(("detecting", "improving", "solving", "predicting"))
                   for t in tasks(run(nlp, title, "We study it.")))


# ---------------------------------------------------------------- what a paper introduces
@pytest.mark.parametrize(("abstract", "items"), [
    ("We explore two strategies for Zorb: (1) a precise glorb-compressible CoT tuning "
     "method, and (2) a progressive chain length blorbing approach.",
     ["precise glorb-compressible CoT tuning", "progressive chain length blorbing"]),
    ("We investigate three fine-tuning strategies: (1) solution fine-tuning, where we tune; "
     "(2) solution-cluster re-ranking, where we rank; (3) multi-task sequential "
     "fine-tuning, which integrates both.",
     ["solution fine-tuning", "solution-cluster re-ranking",
      "multi-task sequential fine-tuning"]),
    ('Our method adds two simple post-processing steps: (i) an "error blorbing" that '
     'spreads errors, and (ii) a "prediction glorbing" that smooths them.',
     ["error blorbing", "prediction glorbing"]),
])
def test_the_techniques_a_paper_enumerates_are_its_own(nlp, abstract, items):
    ex = run(nlp, "A study", abstract)
    listed = [m for m in ex.mentions if m.rule == "enumerated"]
    assert [m.text for m in listed] == items
    assert all(m.type == "Method" and m.role == "introduces" for m in listed)


@pytest.mark.parametrize("abstract", [
    # not about the paper's own work
    "Prior work tried two strategies: (1) glorb blorbing, and (2) zorb smelting.",
    # no colon after a word that announces techniques
    "We find that (1) glorb blorbing helps, and (2) zorb smelting hurts.",
    # items that go on as clauses or past a preposition are no names
    "We design four components: (1) a reader blorbing module capturing the aspects; (2) "
    "required scalability along many axes.",
    # an item of generic words
    "We make two contributions: (i) a new large language model, and (ii) a new method.",
])
def test_no_enumerated_technique_where_none_is_listed(nlp, abstract):
    ex = run(nlp, "A study", abstract)
    assert not any(m.rule == "enumerated" for m in ex.mentions)


@pytest.mark.parametrize(("abstract", "name", "introduced"), [
    # "including" lists the new methods a paper designs
    ("We conquer hard questions with designed methods, including Prior Knowledge based "
     "Reasoning (PKR) and Filter Choices based Reasoning (FCR).", "FCR", True),
    # ... but not baselines it beats
    ("We propose a method that outperforms baselines, including Prior Knowledge based "
     "Reasoning (PKR).", "PKR", False),
    # an acronym defined in the second item of what the paper introduces
    ("We introduce Critical Plan Learning (CPL), comprising: 1) searching on plans, using "
     "Monte Carlo Tree Search (MCTS) to explore steps, and 2) learning plan steps through "
     "Step-level Advantage Preference Optimization (Step-APO).", "Step-APO", True),
    # a definition governed by "based on" is what the work builds on
    ("We develop two policies based on the basic Proportional Imitation (PI) rule and the "
     "more advanced Double Mirror Imitation (DMI) rule.", "DMI", False),
    # "the proposed" is an adjective, not a verb that introduces what follows
    ("The proposed protocol is characterized by the Trusted Authority (TA) designating the "
     "Roadside Units (RSUs) to translate signatures.", "RSUs", False),
])
def test_acronyms_defined_where_the_paper_presents_its_work(nlp, abstract, name, introduced):
    ex = run(nlp, "A study", abstract)
    roles = {m.role for m in ex.mentions if m.text == name}
    assert roles and ("introduces" in roles) == introduced


@pytest.mark.parametrize(("title", "abstract", "name", "etype"), [
    # a gerund clause after the colon says what X does; "LLMs" there does not make X a model
    ("Vorlok-ME: Refactorizing LLMs as Router-Decoupled Experts",
     "We propose a novel framework Vorlok-ME that transforms dense LLMs into experts.",
     "Vorlok-ME", "Method"),
    # the name's own last word still types it
    ("Zentra Transformer: Improving Semantic Segmentation with Windows",
     "Zentra Transformer is fast.", "Zentra Transformer", "Model"),
])
def test_title_prefix_type_without_a_noun_phrase_after_the_colon(nlp, title, abstract, name,
                                                                  etype):
    ex = run(nlp, title, abstract)
    assert {m.type for m in ex.mentions if m.text == name} == {etype}


@pytest.mark.parametrize(("title", "abstract", "name", "etype"), [
    # the object of X's verb does not say what X is
    ("A study", "We introduce VandoDojo: an open-source playground. VandoDojo extracts data "
     "from proofs.", "VandoDojo", "Method"),
    ("A study", "We introduce VandoDojo. VandoDojo outperforms models on "
     "GSM8K.", "VandoDojo", "Method"),
    # a head noun right after the name still does
    ("A study", "We release the Vandoro benchmark. Vandoro is hard.", "Vandoro", "Dataset"),
    # the last word of the title types a title prefix ("... Benchmark" ends the title)
    ("Zorvex Items: A Multi-Dimensional Entity Matching Benchmark",
     "This paper presents Zorvex Items, which helps.",
     "Zorvex Items", "Dataset"),
])
def test_what_types_a_new_name(nlp, title, abstract, name, etype):
    ex = run(nlp, title, abstract)
    assert {m.type for m in ex.mentions if m.text == name} == {etype}


@pytest.mark.parametrize("abstract", [
    "Notably, our approach enabled the LLaMA3-8B to surpass GPT-4 in performance.",
    "Our method achieves 81.4 mIoU on the test set.",
    "Our ablations reveal ImageNet-100 is easier.",
])
def test_a_name_after_a_verb_that_follows_our_is_not_the_papers_own(nlp, abstract):
    ex = run(nlp, "A study", abstract)
    assert not [m.text for m in ex.mentions if m.role == "introduces"]


@pytest.mark.parametrize(("abstract", "name", "etype", "introduced"), [
    ("By balancing data, we train a new model, Zintel-T5++, that beats humans.", "Zintel-T5++",
     "Model", True),
    ("We adapt prompting to create chain-of-ZMP, an innovative strategy designed to help.",
     "chain-of-ZMP", "Method", True),
    # not the paper's own: no first person, or nothing new
    ("Prior work built Zentrix-7, a novel system for parsing.", "Zentrix-7", None, False),
    ("We use Zentrix-7, a popular system for parsing.", "Zentrix-7", None, False),
])
def test_a_name_in_apposition_to_something_new(nlp, abstract, name, etype, introduced):
    ex = run(nlp, "A study", abstract)
    got = [m for m in ex.mentions if m.text == name]
    if introduced:
        assert got and {m.type for m in got} == {etype}
    assert any(m.role == "introduces" for m in got) == introduced


def test_an_apposition_keeps_the_acronym_definition(nlp):
    ex = run(nlp, "A study", "We propose Singular Values and Orthonormal Vectors Adaptation, or "
             "SOVRA, a novel method. SOVRA is fast.")
    assert {m.long_form for m in ex.mentions if m.text == "SOVRA"} == {
        "Singular Values and Orthonormal Vectors Adaptation"}


def test_a_gerund_after_for_is_a_purpose_not_a_contribution(nlp):
    ex = run(nlp, "A study", "This study offers guidance for developing more efficient "
             "Zorp-level reward models (ZRMs).")
    assert not [m.text for m in ex.mentions if m.role == "introduces"]
    ex = run(nlp, "A study", "We develop Zorp-level reward models (ZRMs).")
    assert "ZRMs" in [m.text for m in ex.mentions if m.role == "introduces"]


@pytest.mark.parametrize(("abstract", "name", "etype"), [
    # a head noun inside a prepositional phrase ("environments") does not type the name;
    # the head before it ("detector") does
    ("We propose a light-weight detector for resource-constrained environments named Mobile "
     "Zed (M-Zed).", "M-Zed", "Model"),
    ("We propose a light-weight scheme for resource-constrained environments named Mobile "
     "Zed (M-Zed).", "M-Zed", "Method"),
    # "a series of LLMs called X": the head follows "of"
    ("We propose a series of mathematical LLMs called Zork-Math, which are strong.",
     "Zork-Math", "Model"),
    # a part is a known name only as the catalogue writes it: "Multiple" is not MultiPL-E
    ("We propose the Optimal Node Activation Multiple Access (ONAMA) scheme.", "ONAMA",
     "Method"),
])
def test_types_from_the_words_around_a_definition(nlp, abstract, name, etype):
    ex = run(nlp, "A study", abstract)
    assert {m.type for m in ex.mentions if m.text == name} == {etype}


def test_a_name_built_on_another_name_of_the_paper_takes_its_type(nlp):
    ex = run(nlp, "Zig-Math: A Large-Scale Math Dataset for RL",
             "Finally, we introduce 4,000 new questions with verified answers, "
             "Zig-Math-Reformulated: questions rewritten to be open.")
    assert {m.type for m in ex.mentions if m.text == "Zig-Math-Reformulated"} == {"Dataset"}


@pytest.mark.parametrize(("abstract", "task"), [
    ("Dense rewards help on sparse reward problems. We study it.", "sparse reward problems"),
    ("Our agent leads in generalist multi-agent tasks.", "generalist multi-agent tasks"),
    ("We report gains across shape analysis tasks.", "shape analysis tasks"),
])
def test_plain_nouns_before_tasks_after_a_preposition_name_a_kind_of_task(nlp, abstract, task):
    ex = run(nlp, "A study", abstract)
    assert [m.rule for m in ex.mentions if m.text == task] == ["task-open"]


@pytest.mark.parametrize(("abstract", "task"), [
    ("Small models lag behind. Comprehensive evaluations on GAIA demonstrate its strength "
     "in generalist multi-agent tasks.", "generalist multi-agent tasks"),
    ("Small models lag behind. Extensive experiments show gains on multi-hop table "
     "reasoning tasks.", "multi-hop table reasoning tasks"),
])
def test_a_task_phrase_in_the_report_of_the_experiments_is_a_reported_task(nlp, abstract,
                                                                           task):
    ex = run(nlp, "A study", abstract)
    assert [m.rule for m in ex.mentions if m.text == task] == ["task-reported"]


@pytest.mark.parametrize("abstract", [
    "It does well on much simpler tasks.",  # a comparison, not a kind of task
    "We teach models to read natural language problems.",  # after "to" comes a verb
    "It helps on two hard tasks and on high-quality problems.",  # counts and praise
    "It helps on facial down-stream tasks.",  # which tasks (after training), not a kind
    "It helps on complex reasoning tasks.",  # a task head: R8's phrase, not this rule's
    "We solve problems on unseen target tasks.",  # which tasks, not what kind
    "Models solving math problems improve.",  # no preposition before the phrase
])
def test_no_open_task_phrase_from_counts_comparisons_or_verbs(nlp, abstract):
    ex = run(nlp, "A study", abstract)
    assert not any(m.rule == "task-open" for m in ex.mentions)


@pytest.mark.parametrize(("title", "task"), [
    ("Learned Indexes for Cache Replacement", "Cache Replacement"),
    ("Adaptive Quantization for Edge Model Deployment", "Edge Model Deployment"),
    ("Sketching Methods for Sparse Matrix Factorization", "Sparse Matrix Factorization"),
    ("Pruning Heuristics on Neural Network Training Stability",
     "Neural Network Training Stability"),
    # what a title sets out to make better or to measure is its task
    ("Enhancing Lichen Data Offloading with Prefetching", "Lichen Data Offloading"),
    ("Evaluating Glacier Reasoning Robustness of Vision Models", "Glacier Reasoning Robustness"),
    ("Zorb: A Benchmark for Evaluating Moss Classification Fairness",
     "Moss Classification Fairness"),
])
def test_a_title_names_its_task_by_any_activity_noun(nlp, title, task):
    ex = run(nlp, title, "We study it.")
    assert [m.rule for m in ex.mentions if m.text == task] == ["title-open"]


@pytest.mark.parametrize("title", [
    "A Transformer for Long Scientific Documents",  # a thing, not an activity
    "Memory Modules for Graph Representations",
    "Author Guidelines for Conference Submission",
    "Tricks for Better Performance",  # how well, not what
    "Sparse Adapters for Large Language Models",  # what the method is for is a model
    "Hashing Tricks with Data Compression",  # not what the title is "for"
    "Lower Bounds for those relating Partitions",  # a pronoun opens no task
    # what a title rethinks or explores is as often its method
    "Rethinking Lichen Context Aggregation in Image Matting",
    "Exploring Structural Glacier Correlations via Graph Networks",
    "Improving Lichen Moss Documents with Prefetching",  # a thing, not an activity
])
def test_no_open_title_task_from_things_qualities_prepositions_or_rethinking(nlp, title):
    ex = run(nlp, title, "We study it.")
    assert not any(m.rule == "title-open" for m in ex.mentions)


@pytest.mark.parametrize(("title", "task"), [
    ("Overcoming Catastrophic Forgetting in Continual Detection", "Catastrophic Forgetting"),
    ("Zorb: Combating Label Noise through Sample Selection", "Label Noise"),
    ("Addressing Heterophily with Echo Networks", "Heterophily"),
])
def test_a_title_that_opens_by_overcoming_a_problem_names_it(nlp, title, task):
    ex = run(nlp, title, "We study it.")
    assert [m.rule for m in ex.mentions if m.text == task] == ["title-open"]


@pytest.mark.parametrize("title", [
    "Reducing Model Size with Low Rank Layers",  # how much, not a problem verb
    "Addressing the Rare Word Problem in Translation",  # a determiner: a description
    "Resolving Edge Prediction to Node Classification",  # "X to Y" is a reduction
    "Graph Kernels for Overcoming Label Noise",  # not what the title opens with
])
def test_no_problem_from_other_title_openings(nlp, title):
    ex = run(nlp, title, "We study it.")
    assert not any(m.rule == "title-open" for m in ex.mentions)


def test_classic_computer_science_techniques_are_catalogued(nlp):
    ex = run(nlp, "A study", "We store keys in a hash table and a B-tree, sort them with radix "
             "sort, factor the matrix by Cholesky decomposition, and run work-stealing "
             "schedulers that simulate a Turing machine.")
    assert {m.text: m.key for m in ex.mentions} == {
        "hash table": "Method:hash table", "B-tree": "Method:B-tree",
        "radix sort": "Method:radix sort",
        "Cholesky decomposition": "Method:Cholesky decomposition",
        "work-stealing": "Method:work stealing", "Turing machine": "Method:Turing machine"}


def test_ordinary_words_for_classic_techniques_are_not_names(nlp):
    # the words of "hashing", "sorting", "round-robin scheduling" or a cased name
    # (Apriori, CART) used in their everyday sense
    ex = run(nlp, "A study", "We know apriori which cart to search, so we sort the list, hash "
             "each key into a table and schedule the jobs round robin from a queue.")
    assert ex.mentions == ()
