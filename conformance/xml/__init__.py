"""Safe XML parsing and schema validation shared by every standard."""

from __future__ import annotations

from conformance.xml._safe import MAX_DOCUMENT_BYTES, XmlRejected, doctype_line, parse_bytes, safe_parser
from conformance.xml._schema import (
    SchemaError,
    SchemaJudgement,
    SchemaRefused,
    XsdSchema,
    judge_schema,
    validator_versions,
)

__all__ = ["MAX_DOCUMENT_BYTES", "SchemaError", "SchemaJudgement", "SchemaRefused", "XmlRejected", "XsdSchema",
           "doctype_line", "judge_schema", "parse_bytes", "safe_parser", "validator_versions"]
