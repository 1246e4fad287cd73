"""govtext.learning.config: strict experiment configs; every shipped config loads."""

from pathlib import Path

import pytest

from govtext.errors import GovtextError
from govtext.learning.config import apply_override, load_config, parse_config

PROJECT = Path(__file__).resolve().parents[2]


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "exp.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_config_states_only_its_differences(tmp_path):
    config = load_config(write(tmp_path, '[model]\nkind = "linearsvc"\nparams = { C = 0.5 }\n'))
    assert config.name == "exp"
    assert config.model.kind == "linearsvc" and config.model.params == {"C": 0.5}
    assert config.features.unit == "syllable" and config.evaluation.protocol == "auto"


@pytest.mark.parametrize(
    "text, message",
    [
        ('[model]\nkind = "linearsvc"\ncc = 1\n', "unknown key model.cc"),
        ("seeed = 3\n", "unknown key seeed"),
        ('seed = "three"\n', "seed = 'three' has the wrong type; expected int"),
        ('[model]\nkind = "bert"\n', "model.kind = 'bert' is unknown"),
        ("[features]\nngram_min = 3\nngram_max = 1\n", "ngram_min"),
        ('[evaluation]\nprotocol = "grouped"\n', "needs data.group_column"),
        ("[model\n", "is not valid TOML"),
    ],
)
def test_bad_configs_name_the_file_and_key(tmp_path, text, message):
    with pytest.raises(GovtextError, match=message) as err:
        load_config(write(tmp_path, text))
    assert str(err.value).startswith(str(tmp_path / "exp.toml"))


def test_overrides_parse_toml_values(tmp_path):
    config = load_config(
        write(tmp_path, ""),
        ["model.kind=ridge", "seed=7", "features.cues=true", "data.path=other.csv"],
    )
    assert (config.model.kind, config.seed, config.features.cues) == ("ridge", 7, True)
    assert config.data.path == "other.csv"


def test_override_without_equals_is_an_error():
    with pytest.raises(GovtextError, match="section.key=value"):
        apply_override({}, "model.kind")


def test_missing_config_file_is_an_error(tmp_path):
    with pytest.raises(GovtextError, match="no such experiment config"):
        load_config(tmp_path / "nope.toml")


def test_every_shipped_config_loads():
    paths = sorted((PROJECT / "experiments").glob("*.toml"))
    assert len(paths) >= 17
    for path in paths:
        assert load_config(path).name == path.stem


def test_round_trip_through_a_dict():
    config = parse_config({"name": "x", "model": {"kind": "sgd", "params": {"alpha": 0.01}}}, "x")
    assert parse_config(config.to_dict(), "logged") == config
