"""Names a package exports but imports on first use (PEP 562 ``__getattr__``).

A package's ``__init__`` lists what it offers; the modules behind some names import
scikit-learn, pandas or MLflow, which commands such as ``govtext predict`` must not pay for.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any


def lazy_names(
    package: str, namespace: dict[str, Any], table: dict[str, str]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """The ``__getattr__`` and ``__dir__`` of ``package``: each name in ``table`` (name -> module)
    is imported from its module on first use and then kept in ``namespace`` (the package's
    ``globals()``), so the import happens once."""

    def __getattr__(name: str) -> Any:
        if name not in table:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(table[name]), name)
        namespace[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted([*namespace, *table])

    return __getattr__, __dir__
