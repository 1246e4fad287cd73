"""Sweeps: one experiment config run over a grid of values, each combination a variant.

The grid comes from ``--set key=a,b,c`` (a value with commas that is not one TOML value) and
from a ``[sweep]`` table in the config file, each key a dotted setting and each value a list:

```toml
[sweep]
"model.params.C" = [0.1, 0.3, 1.0]
```

>>> split_overrides(["model.params.C=0.1,0.3,1", "seed=2"])
(['seed=2'], {'model.params.C': [0.1, 0.3, 1]})
"""

from __future__ import annotations

import copy
import itertools
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from govtext.errors import GovtextError
from govtext.learning.config import (
    ExperimentConfig,
    apply_override,
    checked_config,
    parse_value,
    read_raw,
    set_key,
)


@dataclass(frozen=True)
class Variant:
    """One combination of a config: the config, every override applied (``key=value``, the
    ``--set`` ones first) and the sweep's share of them."""

    config: ExperimentConfig
    overrides: tuple[str, ...]
    swept: tuple[str, ...]


def split_overrides(overrides: list[str] | tuple[str, ...]) -> tuple[list[str], dict[str, list]]:
    """``--set`` values that are one value each, and those listing several (``C=0.1,0.3``)."""
    fixed, swept = [], {}
    for override in overrides:
        key, sep, value = override.partition("=")
        parsed = parse_value(value) if sep else None
        if sep and "," in value and isinstance(parsed, str):
            swept[key.strip()] = [parse_value(v.strip()) for v in value.split(",")]
        else:
            fixed.append(override)
    return fixed, swept


def variants(
    path: str | Path,
    overrides: list[str] | tuple[str, ...] = (),
    check: Callable[[ExperimentConfig], object] | None = None,
) -> list[Variant]:
    """Every combination of the config's ``[sweep]`` grid and the swept ``--set`` values (one
    variant when there is neither), each validated (``check``: further, e.g. its pipeline); an
    error an override causes names that ``--set`` option."""
    raw = read_raw(path)
    grid = raw.pop("sweep", {})
    if not isinstance(grid, dict) or not all(isinstance(v, list) and v for v in grid.values()):
        raise GovtextError(f"{path}: [sweep] must map settings to non-empty lists of values.")
    fixed, swept = split_overrides(overrides)
    axes = {**grid, **swept}
    found = []
    for combo in itertools.product(*axes.values()):
        variant_raw = copy.deepcopy(raw)
        for override in fixed:
            apply_override(variant_raw, override, str(path))
        chosen = tuple(f"{key}={_show(value)}" for key, value in zip(axes, combo, strict=True))
        for key, value in zip(axes, combo, strict=True):
            set_key(variant_raw, key, value, str(path))
        config = checked_config(variant_raw, path, (*fixed, *chosen), raw, check)
        found.append(Variant(config, (*fixed, *chosen), chosen))
    return found


def _show(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)
