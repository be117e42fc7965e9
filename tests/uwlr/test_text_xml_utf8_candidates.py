"""UWLR-SOAP-02 against candidates on the wire: an empty redirect and an answer that is not UTF-8 both fail it
(each passed it when only the Content-Type was read)."""

from __future__ import annotations

import pytest
import tomli_w

from conformance.harness import run_suite
from conformance.outcomes import Outcome
from conformance.transport import HttpRequest, HttpResponse, LoopbackServer

TEST_ID = "uwlr-berichten-antwoord_is_text_xml_utf8"
NOT_UTF8 = (b'<?xml version="1.0" encoding="UTF-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/'
            b'envelope/"><soap:Body><leerlinggegevens_antwoord>Zo\xeb</leerlinggegevens_antwoord></soap:Body>'
            b"</soap:Envelope>")


@pytest.mark.parametrize("answer, problem", [
    (HttpResponse(status=302, body=b"", headers={"Location": "https://elders.example/"}), "HTTP status 302"),
    (HttpResponse(status=200, body=NOT_UTF8), "message is not valid UTF-8 at byte"),
])
def test_what_is_no_answer_in_utf8_fails_soap_02(tmp_path, answer, problem):
    def app(request: HttpRequest) -> HttpResponse:
        return answer

    with LoopbackServer(app) as server:
        config = {
            "candidate": {"naam": "LAS", "organisatie": "Test"},
            "tls": {"allow_plain_http": True},  # a loopback candidate without TLS
            "uwlr": {
                "versies": ["2.2"], "operaties": ["HaalLeerlinggegevens"], "eckid_omgeving": "pilot",
                "endpoints": {"leerlinggegevens": f"{server.base_url}/lg"},
                "autorisatie": {"klantnaam": "k", "klantcode": "c", "autorisatiesleutel": "geheim-123456"},
                "testdata": {"brincode": "99XA", "schooljaar": "2026-2027", "niet_gedekte_brincode": "99XB"},
            },
        }
        path = tmp_path / "candidate.toml"
        path.write_text(tomli_w.dumps(config), encoding="utf-8")
        outcome = run_suite(path, output_dir=None, quiet=True, select=[TEST_ID])
    assert outcome.result is not None
    [test] = outcome.result.tests
    assert test.outcome is Outcome.FAILED and problem in test.message, test.message
    assert outcome.result.failed_requirements() == ["UWLR-SOAP-02"] and test.exchanges
