"""Lazy references: the code of a module is imported only when it is needed."""

from __future__ import annotations

import importlib
from typing import Any

from mercato.domain.kernel.errors import KernelError

__all__ = ["resolve_ref"]


def resolve_ref(ref: str) -> Any:
    """Import ``"package.module:attr.sub"`` and return the attribute.

    Raises :class:`KernelError` naming the reference when it cannot be imported.
    """
    module_name, _, attr_path = ref.partition(":")
    try:
        obj: Any = importlib.import_module(module_name)
        for part in attr_path.split("."):
            obj = getattr(obj, part)
    except (ImportError, AttributeError) as exc:
        raise KernelError(f"cannot resolve reference '{ref}': {exc}") from exc
    return obj
