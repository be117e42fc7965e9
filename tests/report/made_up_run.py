"""A made-up run shared by the report tests: one failed UWLR test with personal data in its evidence."""

from __future__ import annotations

import datetime as dt

from conformance.harness import RunResult, TestResult, decide_verdict, fold_requirements
from conformance.outcomes import Outcome
from conformance.requirements import Requirement
from conformance.standards import RedactionRules
from conformance.transport import Exchange, TlsInfo

RULES = RedactionRules(elements=frozenset({"achternaam", "geboortedatum", "autorisatiesleutel"}),
                       keep_tail=frozenset({"eckid"}))
ECKID = "https://ketenid.nl/pilot/" + "ab" * 64
REQUEST = b"""<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Header><a:autorisatie xmlns:a="urn:a">
<a:autorisatiesleutel>GEHEIME-SLEUTEL-42</a:autorisatiesleutel></a:autorisatie></s:Header><s:Body><x/></s:Body></s:Envelope>"""
RESPONSE = f"""<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><l xmlns="urn:l">
<leerling key="LL-1" eckid="{ECKID}"><achternaam>Oosterbroek</achternaam><geboortedatum>2016-04-05</geboortedatum>
</leerling></l></s:Body></s:Envelope>""".encode()


def made_up_run(outcome: Outcome = Outcome.FAILED) -> RunResult:
    exchange = Exchange(label="HaalLeerlinggegevens", method="POST", url="https://las.example/lg",
                        request_headers={"Content-Type": "text/xml"}, request_body=REQUEST,
                        started=dt.datetime(2026, 11, 28, 12, tzinfo=dt.timezone.utc), elapsed_ms=12.5, status=200,
                        response_headers={"content-type": "text/xml"}, response_body=RESPONSE,
                        tls=TlsInfo(version="TLSv1.3", cipher="TLS_AES_256_GCM_SHA384",
                                    server_certificate_sha256="ab" * 32))
    reqs = [Requirement(id="UWLR-ID-02", level="MUST", text="t", source="uwlr §1.7", actor="LAS")]
    tests = [TestResult(id="uwlr-identiteit-x", nodeid="n", standard="uwlr", title="x", description="",
                        requirements=("UWLR-ID-02",), outcome=outcome, message="Received: x / Expected: y",
                        exchanges=[exchange])]
    folded = fold_requirements({"uwlr": reqs}, tests)
    now = dt.datetime(2026, 11, 28, 12, tzinfo=dt.timezone.utc)
    return RunResult(suite_version="0.1.0", started=now, finished=now,
                     candidate={"naam": "LAS", "organisatie": "L", "operator": None, "config": None, "endpoints": {}},
                     standards=["uwlr"], tests=tests, requirements=folded,
                     verdict=decide_verdict(tests, folded, []))
