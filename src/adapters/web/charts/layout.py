"""What every chart shares: its plot box, text labels, element ids and text widths."""

from __future__ import annotations

import hashlib
import math
import re
from dataclasses import dataclass

__all__ = ["CHAR_WIDTH", "Box", "Label", "chart_id", "text_width"]

CHAR_WIDTH = 6.6  # an average glyph of the charts' 11-unit system font, in view box units
_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")


@dataclass(frozen=True, slots=True)
class Box:
    """The plot area inside the view box: axes and labels are drawn around it."""

    left: float
    top: float
    right: float
    bottom: float


@dataclass(frozen=True, slots=True)
class Label:
    """A text at ``(x, y)`` (its baseline), anchored ``start``, ``middle`` or ``end``."""

    x: float
    y: float
    text: str
    anchor: str = "middle"


def text_width(text: str) -> float:
    """About how wide ``text`` is drawn, rounded up (no font metrics: output stays stable)."""
    return float(math.ceil(len(text) * CHAR_WIDTH))


def chart_id(scope: str, key: str) -> str:
    """An element id for a chart, unique per (module, widget key) and safe in ``aria-*``."""
    readable = _UNSAFE.sub("-", f"{scope}-{key}").strip("-")[:40]
    digest = hashlib.sha256(f"{scope}\x00{key}".encode()).hexdigest()[:8]
    return f"chart-{readable}-{digest}"
