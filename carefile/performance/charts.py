"""Inline SVG charts that need no JavaScript: a small bar or line chart of a figure by month.

The chart is a picture of the table printed with it (the same numbers), so it is marked `role="img"` with a
text description; screen-reader users read the table.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import mark_safe

WIDTH, HEIGHT, PAD_L, PAD_B, PAD_T = 320, 120, 34, 18, 8
BLUE, BLACK, GREY = "#1d70b8", "#0b0c0c", "#505a5f"


def _num(v) -> float | None:
    if v is None:
        return None
    return float(v) if isinstance(v, Decimal | int | float) else None


def chart(*, title: str, labels: list[str], values: list, kind: str = "count", target=None) -> str:
    """An SVG bar chart (counts) or line chart (percentages), with an optional dashed target line."""
    nums = [_num(v) for v in values]
    present = [v for v in nums if v is not None]
    top = max(present + ([float(target)] if target is not None else []) + [1.0])
    if kind == "pct":
        top = 100.0
    plot_w, plot_h = WIDTH - PAD_L - 4, HEIGHT - PAD_B - PAD_T
    n = max(len(nums), 1)
    step = plot_w / n

    def y(v: float) -> float:
        return PAD_T + plot_h - (v / top) * plot_h

    desc = "; ".join(
        f"{lab}: {'no figure' if v is None else _fmt(v, kind)}" for lab, v in zip(labels, nums, strict=False)
    )
    parts = [
        f'<svg class="carefile-chart" role="img" aria-label="{escape(title)}" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="100%" height="{HEIGHT}" xmlns="http://www.w3.org/2000/svg" focusable="false">',
        f"<title>{escape(title)}</title><desc>{escape(desc)}</desc>",
        f'<line x1="{PAD_L}" y1="{PAD_T + plot_h}" x2="{WIDTH - 4}" y2="{PAD_T + plot_h}" stroke="{GREY}"/>',
        f'<text x="{PAD_L - 4}" y="{PAD_T + 8}" font-size="10" text-anchor="end" fill="{BLACK}">{_fmt(top, kind)}</text>',
        f'<text x="{PAD_L - 4}" y="{PAD_T + plot_h}" font-size="10" text-anchor="end" fill="{BLACK}">0</text>',
    ]
    if kind == "pct":
        points = [(PAD_L + step * (i + 0.5), y(v)) for i, v in enumerate(nums) if v is not None]
        if len(points) > 1:
            path = " ".join(f"{x:.1f},{yy:.1f}" for x, yy in points)
            parts.append(f'<polyline points="{path}" fill="none" stroke="{BLUE}" stroke-width="2"/>')
        for x, yy in points:
            parts.append(f'<circle cx="{x:.1f}" cy="{yy:.1f}" r="3" fill="{BLUE}"/>')
    else:
        bar = step * 0.7
        for i, v in enumerate(nums):
            if v is None:
                continue
            x = PAD_L + step * i + (step - bar) / 2
            parts.append(
                f'<rect x="{x:.1f}" y="{y(v):.1f}" width="{bar:.1f}" height="{PAD_T + plot_h - y(v):.1f}" fill="{BLUE}"/>'
            )
    if target is not None:
        ty = y(float(target))
        parts.append(
            f'<line x1="{PAD_L}" y1="{ty:.1f}" x2="{WIDTH - 4}" y2="{ty:.1f}" stroke="{BLACK}" stroke-dasharray="4 3"/>'
        )
    for i, lab in enumerate(labels):
        if i % 2 == (len(labels) - 1) % 2:
            x = PAD_L + step * (i + 0.5)
            parts.append(
                f'<text x="{x:.1f}" y="{HEIGHT - 4}" font-size="9" text-anchor="middle" fill="{BLACK}">{escape(lab)}</text>'
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))


def _fmt(v: float, kind: str) -> str:
    if kind == "pct":
        return f"{v:.0f}%" if v == int(v) else f"{v:.1f}%"
    return f"{v:.0f}" if v == int(v) else f"{v:.1f}"
