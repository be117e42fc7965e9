"""The report lists a candidate's endpoints, not every URL in its config (an ECK iD keten is an identifier)."""

from __future__ import annotations

from conformance.config import load_config
from conformance.harness import describe_candidate
from conformance.standards import all_standards


def test_only_endpoints_are_listed(tmp_path):
    config = tmp_path / "candidate.toml"
    config.write_text(
        '[candidate]\nnaam = "NV"\norganisatie = "O"\n'
        '[eckid]\nendpoint = "https://nv.example/eck/ws/201703"\n'
        'keten = "http://purl.edustandaard.nl/begrippenkader/e7ec7d3c"\n'
        'andere_keten = "https://conformance.invalid/keten/tweede"\n'
        '[uwlr.endpoints]\nleerlinggegevens = "https://las.example/lg"\n', encoding="utf-8")
    described = describe_candidate(load_config(config, known_standards=all_standards()))
    assert described["endpoints"] == {"eckid.endpoint": "https://nv.example/eck/ws/201703",
                                      "uwlr.endpoints.leerlinggegevens": "https://las.example/lg"}
