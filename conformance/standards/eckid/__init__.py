"""ECK iD handling: the identifier's form, shared by every standard that carries ECK iDs."""

from __future__ import annotations

from conformance.standards.eckid.identifiers import EckIdCheck, check_eckid, eckid_form_problems, short_eckid

__all__ = ["EckIdCheck", "check_eckid", "eckid_form_problems", "short_eckid"]
