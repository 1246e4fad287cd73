"""Experiment configs: TOML files read into frozen dataclasses, strictly.

An unknown key or a wrong type is an error naming the file and the key, never a silent default.
A config file states only what differs from the defaults below.

>>> config = parse_config({"name": "demo", "model": {"kind": "linearsvc"}}, "demo.toml")
>>> config.model.kind, config.features.unit
('linearsvc', 'syllable')
"""

from __future__ import annotations

import copy
import dataclasses
import tomllib
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from govtext.errors import GovtextError

MODEL_KINDS = ("majority", "rules", "logreg", "linearsvc", "sgd", "complementnb", "ridge")
FEATURE_UNITS = ("syllable", "word", "char", "none")
PROTOCOLS = ("auto", "stratified-kfold", "loo", "grouped", "holdout")
ONLINE_MODELS = ("sgd", "complementnb")


@dataclass(frozen=True)
class DataConfig:
    path: str = "data/sentences.csv"
    """A sentence CSV with ``text`` and ``label`` columns; rows without a label are left out."""
    group_column: str = ""
    """Column naming each sentence's report, for grouped cross-validation (e.g. ``doc_id``)."""
    train_extra: list[str] = field(default_factory=list)
    """More labelled CSVs (gold or weak) added to every training fold; never scored."""
    required: bool = True
    """False: an absent ``path`` (e.g. a corpus outside the repository) skips the experiment."""
    split_column: str = ""
    """Column giving each sentence's split (train / validation / lockbox), e.g. ``split`` of
    ``govtext data gold``. Lockbox rows are never trained on nor scored by ``train``; only
    ``govtext lockbox`` scores them. Extra training rows that repeat a held-out sentence are
    dropped."""


@dataclass(frozen=True)
class FeaturesConfig:
    unit: str = "syllable"
    """syllable | word | char | none (the n-grams' unit; none for majority and rules)."""
    ngram_min: int = 1
    ngram_max: int = 2
    min_df: int = 1
    """Drop n-grams seen in fewer training sentences."""
    sublinear_tf: bool = True
    """TF-IDF term frequency 1 + log(tf) instead of tf."""
    cues: bool = False
    """Add one feature per rule-based labelling function beside the n-grams."""
    rule_decision: bool = False
    """With ``cues``: also one feature per label for the rules' own decision."""
    token_cache: str = ".cache/govtext-tokens.sqlite"
    """Word tokens cached on disk across folds and runs (``unit = "word"``); empty: none."""


@dataclass(frozen=True)
class ModelConfig:
    kind: str = "logreg"
    params: dict[str, Any] = field(default_factory=dict)
    """Keyword arguments of the scikit-learn estimator; names are checked against it."""


@dataclass(frozen=True)
class EvaluationConfig:
    """How an experiment is scored: ``protocol`` (auto | stratified-kfold | loo | grouped, see
    ``govtext.learning.protocols``; or holdout: fit on the train split, score the validation
    split once) with at most ``folds`` folds, ``repeats`` repeats of k-fold
    (seeds ``seed .. seed + repeats - 1``), and ``bootstrap`` resamples for the intervals."""

    protocol: str = "auto"
    folds: int = 5
    repeats: int = 3
    bootstrap: int = 2000


@dataclass(frozen=True)
class OutOfCoreConfig:
    """Train on a file larger than memory: hashed n-grams and ``partial_fit`` over chunks."""

    enabled: bool = False
    chunk_size: int = 5000
    epochs: int = 3
    n_features: int = 2**20


@dataclass(frozen=True)
class TrackingConfig:
    uri: str = ""
    """Empty: ``MLFLOW_TRACKING_URI`` if set, else ``sqlite:///mlflow.db`` in the working folder."""
    experiment: str = "govtext"


@dataclass(frozen=True)
class ExperimentConfig:
    name: str
    description: str = ""
    seed: int = 0
    data: DataConfig = field(default_factory=DataConfig)
    features: FeaturesConfig = field(default_factory=FeaturesConfig)
    model: ModelConfig = field(default_factory=ModelConfig)
    evaluation: EvaluationConfig = field(default_factory=EvaluationConfig)
    out_of_core: OutOfCoreConfig = field(default_factory=OutOfCoreConfig)
    tracking: TrackingConfig = field(default_factory=TrackingConfig)

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    def flat_params(self) -> dict[str, Any]:
        """Every setting as ``section.key: value`` (an empty table as ``""``), for run params."""
        return _flatten(self.to_dict())

    def features_label(self) -> str:
        """A short description of the features, e.g. ``syllable 1-2 + cues``."""
        if self.model.kind in ("majority", "rules"):
            return "none"
        f = self.features
        label = f"{f.unit} {f.ngram_min}-{f.ngram_max}"
        if f.cues:
            label += " + cues" + (" + rule decision" if f.rule_decision else "")
        return label


def _flatten(tree: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in tree.items():
        if isinstance(value, dict) and value:
            flat.update(_flatten(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = value if value != {} else ""
    return flat


def read_raw(path: str | Path) -> dict[str, Any]:
    """An experiment TOML file as a dict, its name defaulting to the file's stem."""
    path = Path(path)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as err:
        raise GovtextError(f"{path}: no such experiment config.") from err
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        raise GovtextError(f"{path}: is not valid TOML ({err}).") from err
    raw.setdefault("name", path.stem)
    return raw


def load_config(
    path: str | Path,
    overrides: list[str] | tuple[str, ...] = (),
    check: Callable[[ExperimentConfig], object] | None = None,
) -> ExperimentConfig:
    """Read an experiment TOML file, apply ``key=value`` overrides, and validate it (``check``:
    more validation, e.g. building its pipeline, raising GovtextError).

    The experiment's name defaults to the file's stem. A ``[sweep]`` table is an error here:
    ``govtext.sweeps.variants`` expands it into one config per combination.
    """
    raw = read_raw(path)
    file_alone = copy.deepcopy(raw)
    for override in overrides:
        apply_override(raw, override, str(path))
    return checked_config(raw, path, overrides, file_alone, check)


def checked_config(
    raw: dict,
    path: str | Path,
    overrides: list[str] | tuple[str, ...],
    file_alone: dict,
    check: Callable[[ExperimentConfig], object] | None = None,
) -> ExperimentConfig:
    """``raw`` (the file ``path``, read as ``file_alone``, with ``overrides`` applied) validated,
    and by ``check`` too. An error the overrides cause names their ``--set`` options, not the
    file; one the file has on its own names the file."""
    if not overrides:
        return _checked(raw, str(path), check)
    source = f"{path} with {_set_options(overrides)}"
    try:
        return _checked(raw, source, check)
    except GovtextError as err:
        _checked(file_alone, str(path), check)  # an error of the file itself names the file
        culprits = [o for o in overrides if o.partition("=")[0].strip() in str(err)]
        raise GovtextError(str(err).replace(source, _set_options(culprits or overrides))) from err


def _set_options(overrides: list[str] | tuple[str, ...]) -> str:
    return " ".join(f"--set {o}" for o in overrides)


def _checked(raw: dict, source: str, check) -> ExperimentConfig:
    config = parse_config(raw, source)
    if check is not None:
        try:
            check(config)
        except GovtextError as err:
            raise GovtextError(f"{source}: {err}") from err
    return config


def parse_value(value: str) -> Any:
    """A ``--set`` value read as TOML when it can be (``3``, ``true``, ``[1, 2]``, ``"x"``),
    as a plain string otherwise."""
    try:
        return tomllib.loads(f"v = {value}")["v"]
    except tomllib.TOMLDecodeError:
        return value


def apply_override(raw: dict, override: str, source: str = "--set") -> None:
    """Set ``section.key=value`` in a raw config dict (the value read by ``parse_value``)."""
    key, sep, value = override.partition("=")
    if not sep or not key.strip():
        raise GovtextError(f"--set {override!r}: write it as section.key=value.")
    set_key(raw, key.strip(), parse_value(value), source)


def set_key(raw: dict, key: str, value: Any, source: str = "--set") -> None:
    """Set the dotted ``key`` (``model.params.C``) of a raw config dict to ``value``."""
    *parents, leaf = key.split(".")
    node = raw
    for part in parents:
        node = node.setdefault(part, {})
        if not isinstance(node, dict):
            raise GovtextError(f"{source}: --set {key}: {part} is not a section.")
    node[leaf] = value


def parse_config(raw: dict, source: str) -> ExperimentConfig:
    """Build a validated ExperimentConfig from a raw dict; errors name ``source`` and the key."""
    config = _build(ExperimentConfig, raw, source, "")
    _check_choice(source, "model.kind", config.model.kind, MODEL_KINDS)
    _check_choice(source, "features.unit", config.features.unit, FEATURE_UNITS)
    _check_choice(source, "evaluation.protocol", config.evaluation.protocol, PROTOCOLS)
    if config.features.ngram_min < 1 or config.features.ngram_max < config.features.ngram_min:
        raise GovtextError(f"{source}: features.ngram_min/ngram_max must satisfy 1 <= min <= max.")
    if config.out_of_core.enabled:
        if config.model.kind not in ONLINE_MODELS:
            raise GovtextError(
                f"{source}: out_of_core needs a model with partial_fit: "
                f"{' or '.join(ONLINE_MODELS)}, not {config.model.kind!r}."
            )
        if config.features.unit not in ("syllable", "word") or config.features.cues:
            raise GovtextError(
                f"{source}: out_of_core uses hashed syllable or word n-grams, without cues."
            )
        if config.out_of_core.chunk_size < 1 or config.out_of_core.epochs < 1:
            raise GovtextError(f"{source}: out_of_core.chunk_size and epochs must be >= 1.")
    if config.evaluation.protocol == "holdout" and not config.data.split_column:
        raise GovtextError(f"{source}: evaluation.protocol = 'holdout' needs data.split_column.")
    if config.evaluation.protocol == "grouped" and not config.data.group_column:
        raise GovtextError(f"{source}: evaluation.protocol = 'grouped' needs data.group_column.")
    return config


def _check_choice(source: str, key: str, value: str, choices: tuple[str, ...]) -> None:
    if value not in choices:
        raise GovtextError(
            f"{source}: {key} = {value!r} is unknown; use one of {', '.join(choices)}."
        )


def _build(cls, raw: Any, source: str, prefix: str):
    if not isinstance(raw, dict):
        raise GovtextError(f"{source}: {prefix.rstrip('.') or 'the file'} must be a table.")
    hints = typing.get_type_hints(cls)
    fields = {f.name: f for f in dataclasses.fields(cls)}
    unknown = sorted(set(raw) - set(fields))
    if unknown:
        raise GovtextError(
            f"{source}: unknown key {prefix}{unknown[0]}; known keys: "
            f"{', '.join(prefix + name for name in fields)}."
        )
    values = {}
    for name, value in raw.items():
        hint = hints[name]
        key = f"{prefix}{name}"
        if dataclasses.is_dataclass(hint):
            values[name] = _build(hint, value, source, f"{key}.")
        else:
            values[name] = _check_type(value, hint, source, key)
    missing = [n for n, f in fields.items() if n not in values and _required(f)]
    if missing:
        raise GovtextError(f"{source}: missing key {prefix}{missing[0]}.")
    return cls(**values)


def _required(f: dataclasses.Field) -> bool:
    return f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING


def _check_type(value: Any, hint: Any, source: str, key: str) -> Any:
    origin = typing.get_origin(hint) or hint
    if origin is dict:
        ok = isinstance(value, dict)
    elif origin is float:
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        value = float(value) if ok else value
    elif origin is list:
        ok = isinstance(value, list) and all(isinstance(v, str) for v in value)
    elif origin is int:
        ok = isinstance(value, int) and not isinstance(value, bool)
    elif isinstance(origin, type) and origin is not types.UnionType:
        ok = isinstance(value, origin)
    else:  # pragma: no cover - no such fields today
        ok = True
    if not ok:
        expected = getattr(origin, "__name__", str(hint))
        raise GovtextError(f"{source}: {key} = {value!r} has the wrong type; expected {expected}.")
    return value
