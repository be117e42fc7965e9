"""Safe XML parsing and schema loading shared by every standard."""

from __future__ import annotations

from conformance.xml._safe import MAX_DOCUMENT_BYTES, XmlRejected, doctype_line, parse_bytes, safe_parser

__all__ = ["MAX_DOCUMENT_BYTES", "XmlRejected", "doctype_line", "parse_bytes", "safe_parser"]
