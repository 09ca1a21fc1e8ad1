"""Optional dependencies of population planning, imported when first needed.

Parquet files need pyarrow (``itineraire[parquet]``), the Dask backend dask.distributed
(``itineraire[dask]``), pictures matplotlib (``itineraire[plot]``). Without them everything else
works; asking for them says what to install.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from itineraire.errors import ItineraireError

__all__ = ["MissingExtraError", "require"]

_WHAT = {
    "parquet": "Parquet files need pyarrow",
    "dask": "the Dask backend needs dask.distributed",
    "plot": "pictures need matplotlib",
}


class MissingExtraError(ItineraireError, ImportError):
    """An optional dependency is not installed; the message says which extra to install."""


def require(module: str, extra: str) -> ModuleType:
    """The module ``module``, or a :class:`MissingExtraError` naming ``extra``."""
    try:
        return importlib.import_module(module)
    except ImportError:
        message = f"{_WHAT[extra]}: pip install 'itineraire[{extra}]'"
        raise MissingExtraError(message) from None
