"""Tests for govtext.rules.lexicon and lexicon.toml: the cue phrases ship with the package, each
has a source, and a malformed lexicon is a clear error that names the file.
"""

from __future__ import annotations

import os
import random
import re
import subprocess
import sys
import tomllib
import unicodedata
from importlib import resources
from pathlib import Path

import pytest

from govtext.errors import GovtextError
from govtext.labels import ALL_LABELS
from govtext.rules import LABELLING_FUNCTIONS, label_sentence, lexicon, lf_achievement_targets
from govtext.rules.lexicon import (
    Lexicon,
    alt,
    in_context,
    load_lexicon,
    parse_lexicon,
    read_lexicon,
    rx,
)
from govtext.text import syllables
from helpers import SHARED_CORPUS

PROJECT = Path(__file__).resolve().parents[2]
LABELS_MD = SHARED_CORPUS.parent / "labels.md"  # the scheme; not in the repository
SOURCES = {
    *(f"labels.md cues: {label}" for label in ALL_LABELS),
    *(f"labels.md rule {n}" for n in range(1, 10)),
    "corpus evidence (dev.csv, first wave)",
}
BODY_SETS = [
    "bodies_centre", "bodies_ministry", "bodies_presiding", "bodies_province",
    "bodies_department", "bodies_district", "bodies_grassroots",
]  # fmt: skip


# ---------------------------------------------------------------------------------------------
# The installed lexicon
# ---------------------------------------------------------------------------------------------


def test_lexicon_is_read_from_the_installed_package():
    resource = resources.files("govtext.rules").joinpath("lexicon.toml")
    assert resource.is_file()
    assert load_lexicon().origin == str(resource)
    assert load_lexicon() is load_lexicon()  # read once


def test_lexicon_loads_from_outside_the_checkout(tmp_path):
    """A fresh interpreter in an unrelated folder: no import-time work, and the lexicon loads."""
    code = (
        "import govtext.rules as r\n"
        "assert r.load_lexicon.cache_info().currsize == 0, 'read at import'\n"
        "print(len(r.load_lexicon().sets), r.label_sentence('Huyện đề nghị tỉnh hỗ trợ vốn.'))\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, env=env
    )
    assert result.returncode == 0, result.stderr
    n_sets, label = result.stdout.split()
    assert int(n_sets) == len(load_lexicon().sets) and label == "request"


def test_pyproject_ships_the_lexicon_as_package_data():
    pyproject = tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))
    package_data = pyproject["tool"]["setuptools"]["package-data"]
    assert "lexicon.toml" in package_data["govtext.rules"]


def test_the_cache_can_be_reset_and_patterns_follow_the_lexicon(monkeypatch):
    sentence = "Xã Nâm N'Jang về đích nông thôn mới."
    assert lf_achievement_targets(sentence) == "achievement"
    text = resources.files("govtext.rules").joinpath("lexicon.toml").read_text(encoding="utf-8")
    edited = parse_lexicon(text.replace('"về đích", ', ""), "edited.toml")
    assert "về đích" not in edited.phrases("reached")
    monkeypatch.setattr(lexicon, "load_lexicon", lambda: edited)
    assert lf_achievement_targets(sentence) is None  # the phrase is gone, so is the vote
    monkeypatch.undo()
    load_lexicon.cache_clear()
    fresh = load_lexicon()
    assert "về đích" in fresh.phrases("reached")
    assert lf_achievement_targets(sentence) == "achievement"


# ---------------------------------------------------------------------------------------------
# Its contents
# ---------------------------------------------------------------------------------------------


def test_every_phrase_has_a_source():
    lex = load_lexicon()
    assert set(lex.sources.values()) <= SOURCES
    n = 0
    for cue_set in lex.sets.values():
        assert len(cue_set.sources) == len(cue_set.phrases) > 0, cue_set.name
        assert set(cue_set.sources) <= set(lex.sources.values()), cue_set.name
        n += len(cue_set.phrases)
    assert n > 1000


def test_phrases_credited_to_labels_md_are_in_labels_md():
    if not LABELS_MD.exists():
        pytest.skip(f"no labels.md at {LABELS_MD}")
    text = unicodedata.normalize("NFC", LABELS_MD.read_text(encoding="utf-8"))
    cues = {m[1]: m[2].lower() for m in re.finditer(r"^\| `(\w+)` \|[^|]*\|([^|]*)\|", text, re.M)}
    rules = {
        m[1]: m[2].lower()
        for m in re.finditer(r"^(\d)\. (.*?)(?=^\d\. |^## |\Z)", text, re.M | re.S)
    }
    for cue_set in load_lexicon().sets.values():
        for phrase, source in zip(cue_set.phrases, cue_set.sources, strict=True):
            if source.startswith("labels.md cues: "):
                where = cues[source.removeprefix("labels.md cues: ")]
            elif source.startswith("labels.md rule "):
                where = rules[source.removeprefix("labels.md rule ")]
            else:
                continue
            assert re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", where), (cue_set.name, phrase)


def test_every_set_names_real_functions_and_every_function_reads_a_set():
    lex = load_lexicon()
    names = {lf.name for lf in LABELLING_FUNCTIONS}
    read = set()
    for cue_set in lex.sets.values():
        assert set(cue_set.functions) <= names | {"all"}, cue_set.name
        assert set(cue_set.families) <= set(ALL_LABELS), cue_set.name
        read |= set(cue_set.functions)
    assert names <= read


def test_levels_follow_the_hierarchy_of_rule_1():
    lex = load_lexicon()
    order = ["grassroots", "reporting_locality", "district", "department", "province",
             "presiding", "ministry", "centre"]  # fmt: skip
    assert sorted(lex.levels, key=lex.level) == order
    assert {lex.cue_set(name).level for name in BODY_SETS} <= set(order)


def test_no_body_is_named_at_two_levels():
    seen: dict[str, str] = {}
    for name in BODY_SETS:
        for phrase in load_lexicon().phrases(name):
            assert phrase not in seen, (phrase, seen.get(phrase), name)
            seen[phrase] = name


def test_phrases_are_lower_case_nfc_tokens():
    for cue_set in load_lexicon().sets.values():
        if cue_set.name == "photo_credit_agencies":
            continue  # compared in upper case, as written
        for phrase in cue_set.phrases:
            assert phrase == phrase.lower() == unicodedata.normalize("NFC", phrase), phrase


def test_ordered_sets_are_read_in_order_and_the_others_longest_first():
    lex = load_lexicon()
    assert lex.in_order("changes").startswith("(?:tăng|giảm|")
    with pytest.raises(GovtextError, match="ordered"):
        lex.alt("changes")
    with pytest.raises(GovtextError, match="mark it ordered"):
        lex.in_order("ask")
    # the longest phrase first: "kiến nghị với", not "kiến nghị"
    assert re.match(lex.alt("ask"), "kiến nghị với bộ")[0] == "kiến nghị với"


def test_in_context_gives_each_match_its_surroundings_and_leaves_out_the_excluded():
    padded = " tỉnh đề nghị huyện và huyện đề nghị tỉnh . "
    ask = rx("đề nghị")
    found = [(m[0], before, after) for m, before, after in in_context(ask, padded)]
    assert found == [
        ("đề nghị", " tỉnh ", "huyện và huyện đề nghị tỉnh . "),
        ("đề nghị", " tỉnh đề nghị huyện và huyện ", "tỉnh . "),
    ]
    not_after_huyen = re.compile(r"^huyện(?= )")
    not_before_huyen = re.compile(r"huyện $")
    assert [b for _, b, _ in in_context(ask, padded, not_after=not_after_huyen)] == [found[1][1]]
    assert [b for _, b, _ in in_context(ask, padded, not_before_huyen)] == [found[0][1]]


# ---------------------------------------------------------------------------------------------
# A malformed lexicon is a clear error naming the file
# ---------------------------------------------------------------------------------------------

MINIMAL = """\
[sources]
corpus = "corpus evidence (dev.csv, first wave)"
[levels]
centre = 5.0
[cue.ask]
family = ["request"]
functions = ["lf_request_upward"]
phrases.corpus = ["đề nghị"]
"""


def test_a_minimal_lexicon_reads(tmp_path):
    lex = read_lexicon(_write(tmp_path, MINIMAL))
    assert isinstance(lex, Lexicon)
    assert lex.phrases("ask") == ("đề nghị",)
    assert lex.cue_set("ask").sources == ("corpus evidence (dev.csv, first wave)",)


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (("phrases.corpus", "phrase.corpus"), "unknown key 'phrase'"),
        (('family = ["request"]', 'family = ["requests"]'), "unknown family 'requests'"),
        (("phrases.corpus", "phrases.blog"), "phrases.blog: unknown source"),
        (
            (
                'functions = ["lf_request_upward"]\n',
                'functions = ["lf_request_upward"]\nlevel = "x"\n',
            ),
            "unknown level 'x'",
        ),  # fmt: skip
        (("[levels]", "[level]"), "unknown key 'level' in the top level"),
        (('["đề nghị"]', '["đề nghị", "đề nghị"]'), "twice"),
        (('["đề nghị"]', '["đề  nghị"]'), "single inner spaces"),
        (('["đề nghị"]', "[]"), "non-empty list"),
        (('family = ["request"]\n', ""), "has no family"),
        (
            ('functions = ["lf_request_upward"]', 'functions = ["request_upward"]'),
            "not a labelling function",
        ),  # fmt: skip
        (
            (
                'phrases.corpus = ["đề nghị"]',
                'phrases.corpus = ["đề nghị"]\nexcludes = "ask2"\nwhere = "before"',
            ),
            "refers to [cue.ask2]",
        ),  # fmt: skip
        (
            ('phrases.corpus = ["đề nghị"]', 'phrases.corpus = ["đề nghị"]\nexcludes = "ask"'),
            "needs where",
        ),  # fmt: skip
        (("centre = 5.0", 'centre = "high"'), "must be a number"),
        (("[cue.ask]", "[cue.ask"), "not valid TOML"),
    ],
)
def test_a_malformed_lexicon_names_the_file(edit, message, tmp_path):
    old, new = edit
    assert old in MINIMAL
    path = _write(tmp_path, MINIMAL.replace(old, new, 1))
    with pytest.raises(GovtextError, match=re.escape(message)) as error:
        read_lexicon(path)
    assert str(path) in str(error.value)


def test_a_set_the_code_needs_but_the_file_lacks_names_the_file(tmp_path):
    lex = read_lexicon(path := _write(tmp_path, MINIMAL))
    with pytest.raises(GovtextError, match=r"need \[cue\.reached\]") as error:
        lex.phrases("reached")
    assert str(path) in str(error.value)
    with pytest.raises(GovtextError, match="level 'province'"):
        lex.level("province")


def test_an_unreadable_lexicon_is_a_clear_error(tmp_path):
    with pytest.raises(GovtextError, match="cannot read the lexicon"):
        read_lexicon(tmp_path / "missing.toml")


def test_the_installed_rules_still_label_after_a_reset():
    load_lexicon.cache_clear()
    assert label_sentence("Huyện đề nghị tỉnh hỗ trợ kinh phí làm đường.") == "request"


def _write(folder: Path, text: str) -> Path:
    path = folder / "lexicon.toml"
    path.write_text(text, encoding="utf-8")
    return path


# Phrases not written as the tokenizer splits them ("&" and "," stand apart), so they never
# match. Kept as they were when the lexicon moved out of code (fixing them changes the rules'
# output); a new phrase must not join them.
KNOWN_UNMATCHABLE = {
    "đảng, nhà nước", "nn&ptnt", "tn&mt", "gd&đt", "lđ-tb&xh", "vh-tt&dl", "kh&cn", "tt&tt",
    "sở, ngành", "ban, ngành",
}  # fmt: skip


def test_phrases_are_written_as_the_tokenizer_splits_them():
    unmatchable = set()
    for cue_set in load_lexicon().sets.values():
        if cue_set.name == "photo_credit_agencies":
            continue  # compared with whole words, not tokens
        unmatchable |= {p for p in cue_set.phrases if " ".join(syllables(p)) != p}
    assert unmatchable == KNOWN_UNMATCHABLE


# ---------------------------------------------------------------------------------------------
# Cues with their exclusions, and sets compiled for the side they are read on
# ---------------------------------------------------------------------------------------------


def _cue_lexicon(tmp_path: Path, after_excludes: str = "ask") -> Lexicon:
    """MINIMAL's [cue.ask] with a set cancelling it before ("các") and one after ("của")."""

    def cue_set(name: str, phrases: str, extra: str = "") -> str:
        return (
            f'[cue.{name}]\nfamily = ["request"]\nfunctions = ["lf_request_upward"]\n'
            f"phrases.corpus = {phrases}\n{extra}"
        )

    text = (
        MINIMAL
        + cue_set("ask_excluded_before", '["các"]', 'excludes = "ask"\nwhere = "before"\n')
        + cue_set(
            "ask_excluded_after", '["của"]', f'excludes = "{after_excludes}"\nwhere = "after"\n'
        )
        + cue_set("bodies", '["huyện", "tỉnh"]')
    )
    return read_lexicon(_write(tmp_path, text))


def test_a_cue_leaves_out_the_matches_its_exclusion_sets_cancel(tmp_path):
    lex = _cue_lexicon(tmp_path)
    padded = " các đề nghị của huyện ; các cơ quan đề nghị tỉnh ; đề nghị của tỉnh . "
    kept = [b for _, b, _ in lex.cue("ask").matches(padded)]
    assert kept == [" các đề nghị của huyện ; các cơ quan "]  # "các" before, "của" after cancel
    # only the end of a long text before is searched, with the same answer
    assert lex.cue("ask").reach == len("các ")
    assert list(lex.cue("ask").matches(" huyện" * 30 + " các đề nghị tỉnh . ")) == []
    # within: the excluding phrase may stand that many tokens before the cue
    assert [b for _, b, _ in lex.cue("ask", within=2).matches(padded)] == []
    plain = lex.cue("bodies")  # no exclusion sets: every match
    assert plain.excluded_before is None and plain.excluded_after is None
    assert [m[0] for m, _, _ in plain.matches(padded)] == ["huyện", "tỉnh", "tỉnh"]


def test_a_cue_refuses_an_exclusion_set_that_declares_another_target(tmp_path):
    lex = _cue_lexicon(tmp_path, after_excludes="bodies")
    with pytest.raises(GovtextError, match=re.escape('must declare excludes = "ask"')) as error:
        lex.cue("ask")
    assert lex.origin in str(error.value)


def test_patterns_compile_each_set_for_the_side_it_declares(tmp_path):
    patterns = _cue_lexicon(tmp_path).patterns(
        "ask_excluded_before", "ask_excluded_after", "bodies"
    )
    assert list(patterns) == ["ask_excluded_before", "ask_excluded_after", "bodies"]
    assert patterns["ask_excluded_before"].search(" huyện các ")  # ends the text before
    assert not patterns["ask_excluded_before"].search(" các huyện ")
    assert patterns["ask_excluded_after"].match("của tỉnh . ")  # starts the text after
    assert not patterns["ask_excluded_after"].match("tỉnh của . ")
    assert patterns["bodies"].search(" các huyện . ")  # anywhere, on whole tokens
    assert not patterns["bodies"].search(" tỉnhx . ")


def _flat_alternation(*phrases: str) -> str:
    """What ``alt`` wrote before it wrote tries: the phrases longest first, one by one."""
    ordered = sorted(set(phrases), key=lambda p: (-len(p), p))
    return "(?:" + "|".join(re.escape(p) for p in ordered) + ")"


@pytest.mark.parametrize("seed", range(100))
def test_alt_as_a_trie_finds_what_the_flat_list_found_in_the_same_order(seed):
    rng = random.Random(seed)
    letters = ["đ", "ề", " ", "n", "g", "h", "ị", ".", "(", "*"]

    def word(short: int, long: int) -> str:
        return "".join(rng.choice(letters) for _ in range(rng.randint(short, long)))

    phrases = [word(1, 6) for _ in range(rng.randint(1, 12))]
    text = word(20, 60)
    # Text after the phrase makes the engine backtrack into shorter phrases: the order in
    # which the phrases are tried decides which one a match ends with.
    for template in ("{}", "(?<= ){}(?= )", "({})ng", "({})(?:[^ ]+ ){{0,2}}h", "^{}$"):
        flat = re.compile(template.format(_flat_alternation(*phrases)))
        trie = re.compile(template.format(alt(*phrases)))
        found = [(m.span(), m.groups()) for m in trie.finditer(text)]
        assert found == [(m.span(), m.groups()) for m in flat.finditer(text)], (phrases, text)
        for phrase in phrases:  # each phrase alone, whole
            assert bool(trie.search(phrase)) == bool(flat.search(phrase))


SCANNED_TEXTS = [
    " huyện đề nghị tỉnh hỗ trợ kinh phí làm đường giao thông . ",
    " tuy nhiên , việc giải ngân vốn vẫn còn chậm , song song với đó là khó khăn . ",
    " hộ nghèo giảm 2 % , cắt giảm chi , tinh giảm biên chế , chỉ còn 3 % . ",
    " đề nghị đề nghị  đề xuất ",  # matches side by side, and a double space
    "đề nghị",
    " ",
    "",
]
SCANNED_PATTERNS = [
    rx("đề nghị|hỗ trợ|đề"),
    rx("(?<!song )song(?! song)"),  # look-behinds further in see the same text
    re.compile(r"(?<= )đề nghị|^đề"),  # an alternation at the top
    re.compile(r"(?<= )(?<!cắt )(?<!tinh )((?:giảm|chỉ còn))(?= )"),  # a group, as in _trend
    re.compile(r"^ tuy nhiên"),  # no look-behind to rewrite
    load_lexicon().whole("ceremony"),
    load_lexicon().cue("shortcomings").pattern,
]


@pytest.mark.parametrize("pattern", SCANNED_PATTERNS)
def test_scanning_for_the_space_finds_what_the_pattern_finds(pattern):
    for text in SCANNED_TEXTS + [p.strip() for p in SCANNED_TEXTS]:
        assert lexicon.found(pattern, text) == (pattern.search(text) is not None), text
