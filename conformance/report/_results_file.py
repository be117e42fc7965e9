"""Reading a results.json back (`conformance report`, `diff`, `run --rerun-failed`).

A file of another shape must end in one clear line and exit 2, never in a traceback from deep in a writer, so
it is checked against the published schema before anything reads it.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema

__all__ = ["ResultsProblem", "read_results", "results_schema"]


class ResultsProblem(ValueError):
    """A results.json that cannot be used; the message is one line naming the file and the first fault."""


@cache
def _schema_text() -> str:
    return resources.files("conformance.report").joinpath("results.schema.json").read_text("utf-8")


def results_schema() -> dict[str, Any]:
    """The JSON Schema of results.json (`conformance schema`)."""
    schema: dict[str, Any] = json.loads(_schema_text())
    return schema


def _place(path: Any) -> str:
    return "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in path).lstrip(".") or "the top"


def read_results(path: Path) -> dict[str, Any]:
    """The results of `path`, checked against the schema; a missing, unreadable or misshapen file is a
    ResultsProblem."""
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ResultsProblem(f"{path} does not exist") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ResultsProblem(f"{path} is not a readable JSON file ({exc})") from None
    error = jsonschema.exceptions.best_match(jsonschema.Draft202012Validator(results_schema()).iter_errors(data))
    if error is not None:
        message = error.message if len(error.message) <= 200 else error.message[:200] + "…"
        raise ResultsProblem(f"{path} is not a conformance results.json: at {_place(error.absolute_path)}: "
                             f"{message}")
    return data
