"""The HTML report: one self-contained page rendered from the report data by jinja2."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import jinja2

from conformance.outcomes import is_not_exercised

__all__ = ["render_html", "write_html"]


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("conformance.report", "templates"),
        autoescape=jinja2.select_autoescape(["html", "jinja2"]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_html(data: dict[str, Any]) -> str:
    exchanges = {e["id"]: e for e in data["exchanges"]}
    by_standard: dict[str, dict[str, int]] = {}
    for req in data["requirements"]:
        counts = by_standard.setdefault(req["standard"], {})
        counts[req["outcome"]] = counts.get(req["outcome"], 0) + 1
    not_exercised = [req for req in data["requirements"] if is_not_exercised(req["outcome"], req["reason"])]
    return _environment().get_template("report.html.jinja2").render(
        data=data, exchanges=exchanges, by_standard=by_standard, not_exercised=not_exercised,
    )


def write_html(data: dict[str, Any], path: Path) -> None:
    path.write_text(render_html(data), encoding="utf-8")
