"""Bar charts as plain geometry for a server-rendered SVG (no script, no CDN, nothing inline for the CSP to refuse)."""

from __future__ import annotations

import math
from typing import NamedTuple

WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 40, 8, 12, 28


class Bar(NamedTuple):
    x: float
    y: float
    width: float
    height: float
    series: str
    label: str


class Tick(NamedTuple):
    y: float
    label: str


class XLabel(NamedTuple):
    x: float
    label: str


class Chart(NamedTuple):
    width: int
    height: int
    bars: list[Bar]
    ticks: list[Tick]
    x_labels: list[XLabel]
    baseline: float


def nice_ceiling(value: int) -> int:
    """The smallest of 1, 2, 5 x 10^n (n >= 0) at or above `value` (at least 1)."""
    if value <= 1:
        return 1
    power = 10 ** math.floor(math.log10(value))
    return next(step * power for step in (1, 2, 5, 10) if step * power >= value)


def stacked_bars(rows: list[dict], series: tuple[str, ...], label_key: str = "day") -> Chart:
    """One stacked bar a row (the rows' `series` values stacked, first at the bottom), y from 0 to a round number."""
    top = nice_ceiling(max((sum(r[s] for s in series) for r in rows), default=0))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / max(len(rows), 1)
    bars = []
    for i, row in enumerate(rows):
        y = HEIGHT - BOTTOM
        for name in series:
            h = plot_h * row[name] / top
            if row[name]:
                bars.append(Bar(round(LEFT + i * slot + slot * 0.15, 2), round(y - h, 2), round(slot * 0.7, 2), round(h, 2), name,
                                f"{row[label_key]}: {row[name]} {name}"))
            y -= h
    ticks = [Tick(round(HEIGHT - BOTTOM - plot_h * f, 2), f"{round(top * f):,}") for f in (0, 0.5, 1)]
    every = max(1, len(rows) // 5)
    x_labels = [XLabel(round(LEFT + i * slot + slot / 2, 2), str(rows[i][label_key])[5:]) for i in range(len(rows) - 1, -1, -every)]
    return Chart(WIDTH, HEIGHT, bars, ticks, x_labels[::-1], HEIGHT - BOTTOM)
