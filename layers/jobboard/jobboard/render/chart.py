"""chart.svg: open jobs per day (line) beside the top skills (bars), as plain SVG text.

Fixed size, fixed number formats and an opaque background (readable in GitHub's dark
mode too); the same figures always give the same bytes.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape  # XML-safe; xml.sax.saxutils would import urllib.request (cold start)

from jobboard.render.markdown import plain
from jobboard.render.view import HistoryPoint

WIDTH, HEIGHT = 800, 280
_LINE = (50, 50, 470, 230)  # left, top, right, bottom of the history plot
_BARS = (620, 50, 780, 230)  # label column ends at 610; bars from 620
TOP_SKILLS = 8
_INK, _MUTED, _ACCENT, _BAR = "#1f2328", "#656d76", "#0969da", "#54aeff"


def _n(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def _text(x: float, y: float, content: str, *, size: int = 12, anchor: str = "start", fill: str = _INK) -> str:
    return (
        f'<text x="{_n(x)}" y="{_n(y)}" font-size="{size}" text-anchor="{anchor}" '
        f'fill="{fill}">{escape(plain(content), quote=False)}</text>'
    )


def chart_svg(history: Sequence[HistoryPoint], top_skills: Sequence[tuple[str, int]], title: str = "") -> bytes:
    label = f"{plain(title)}: open jobs per day and top skills" if title else "Open jobs per day and top skills"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{escape(label)}" '
        f'font-family="-apple-system, Segoe UI, Helvetica, Arial, sans-serif">',
        f"<title>{escape(label, quote=False)}</title>",
        f'<rect width="{WIDTH}" height="{HEIGHT}" rx="8" fill="#ffffff" stroke="#d0d7de"/>',
        _text(_LINE[0], 30, "Open jobs per day", size=14),
        _text(_BARS[0] - 110, 30, "Top skills", size=14),
        *_history(history),
        *_skills(top_skills[:TOP_SKILLS]),
        "</svg>",
    ]
    return ("\n".join(parts) + "\n").encode("utf-8")


def _history(points: Sequence[HistoryPoint]) -> list[str]:
    left, top, right, bottom = _LINE
    axis = f'<path d="M{left} {top} V{bottom} H{right}" fill="none" stroke="#d0d7de"/>'
    if not points:
        return [axis, _text((left + right) / 2, (top + bottom) / 2, "No history yet", anchor="middle", fill=_MUTED)]
    peak = max(max(p.jobs for p in points), 1)
    span = max(len(points) - 1, 1)
    coords = [
        (
            left + (right - left) * i / span if len(points) > 1 else (left + right) / 2,
            bottom - (bottom - top) * p.jobs / peak,
        )
        for i, p in enumerate(points)
    ]
    line = " ".join(f"{_n(x)},{_n(y)}" for x, y in coords)
    area = f"M{_n(coords[0][0])} {bottom} L{line.replace(' ', ' L')} L{_n(coords[-1][0])} {bottom} Z"
    first, last = points[0], points[-1]
    return [
        axis,
        f'<path d="{area}" fill="{_BAR}" fill-opacity="0.25"/>',
        f'<polyline points="{line}" fill="none" stroke="{_ACCENT}" stroke-width="2"/>',
        *(f'<circle cx="{_n(x)}" cy="{_n(y)}" r="2.5" fill="{_ACCENT}"/>' for x, y in coords[-1:]),
        _text(left - 6, top + 4, str(peak), size=11, anchor="end", fill=_MUTED),
        _text(left - 6, bottom, "0", size=11, anchor="end", fill=_MUTED),
        _text(left, bottom + 18, first.day.isoformat(), size=11, fill=_MUTED),
        _text(right, bottom + 18, last.day.isoformat(), size=11, anchor="end", fill=_MUTED),
        _text(coords[-1][0] - 6, coords[-1][1] - 8, f"{last.jobs} jobs", size=11, anchor="end"),
    ]


def _skills(skills: Sequence[tuple[str, int]]) -> list[str]:
    left, top, right, bottom = _BARS
    if not skills:
        return [_text((left + right) / 2 - 50, (top + bottom) / 2, "No skills yet", anchor="middle", fill=_MUTED)]
    peak = max(max(count for _, count in skills), 1)
    pitch = (bottom - top) / TOP_SKILLS
    parts = []
    for i, (skill, count) in enumerate(skills):
        y = top + i * pitch
        width = (right - left - 30) * count / peak
        parts += [
            _text(left - 10, y + pitch * 0.65, skill, anchor="end"),
            f'<rect x="{left}" y="{_n(y + 3)}" width="{_n(max(width, 1))}" height="{_n(pitch - 6)}" rx="3" '
            f'fill="{_BAR}"/>',
            _text(left + width + 4, y + pitch * 0.65, str(count), size=11, fill=_MUTED),
        ]
    return parts
