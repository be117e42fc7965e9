"""The latency-over-time chart as numbers for the template's inline SVG (no script, no network)."""

from __future__ import annotations

from typing import Any

from conformance.load.stats import TimePoint

__all__ = ["latency_chart"]

WIDTH, HEIGHT, MARGIN = 720, 240, 48


def _nice_ceiling(value: float) -> float:
    for step in (10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 60000):
        if value <= step:
            return float(step)
    return value


def latency_chart(timeline: list[TimePoint]) -> dict[str, Any]:
    """Polyline points of p50 and p95 (ms) per second, scaled into the SVG's plot area, with the axis ticks."""
    seconds = max((p.second for p in timeline), default=1) or 1
    peak = _nice_ceiling(max((p.p95 or 0.0 for p in timeline), default=0.0) or 1.0)
    plot_w, plot_h = WIDTH - 2 * MARGIN, HEIGHT - 2 * MARGIN

    def x(second: int) -> float:
        return round(MARGIN + plot_w * second / seconds, 1)

    def y(ms: float) -> float:
        return round(HEIGHT - MARGIN - plot_h * min(ms, peak) / peak, 1)

    def line(attr: str) -> str:
        return " ".join(f"{x(p.second)},{y(getattr(p, attr))}" for p in timeline if getattr(p, attr) is not None)

    return {
        "width": WIDTH, "height": HEIGHT, "margin": MARGIN,
        "p50": line("p50"), "p95": line("p95"),
        "y_ticks": [{"y": y(peak * f), "label": f"{peak * f:g} ms"} for f in (0, 0.5, 1)],
        "x_ticks": [{"x": x(s), "label": f"{s} s"} for s in sorted({0, seconds // 2, seconds})],
    }
