"""Load profiles on Locust: the start of the school year against a candidate's endpoints, with AVAIL-* verdicts.

Locust monkey-patches the standard library with gevent, so it only ever runs in subprocesses started by
`conformance.load.runner`; nothing here imports it.
"""

from __future__ import annotations

from conformance.load.catalogue import (
    CATALOGUE_PATH,
    LOAD_DEFECTS,
    LOAD_STANDARD,
    load_catalogue_of_avail,
)
from conformance.load.settings import LoadSettings, parse_duration, read_load_settings

__all__ = ["CATALOGUE_PATH", "LOAD_DEFECTS", "LOAD_STANDARD", "LoadSettings", "load_catalogue_of_avail", "parse_duration",
           "read_load_settings"]
