"""Every certificate of the test PKI has the property it claims, and the loopback TLS contexts work."""

from __future__ import annotations

import datetime as dt
import ipaddress
import itertools
import os
import shutil
import socket
import ssl
import sys
import threading
import time
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.verification import PolicyBuilder, Store, VerificationError

from conformance.pki import (
    BAD_PARTIES,
    GOOD_PARTIES,
    TestPki,
    client_ssl_context,
    ensure_loopback_pki,
    hierarchy,
    make_test_pki,
    oin_from_certificate,
    parse_oin,
    school_oin,
    server_ssl_context,
)
from conformance.pki.hierarchy import RECIPE_VERSION

NOW = dt.datetime.now(dt.UTC).replace(microsecond=0)


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> tuple[TestPki, float]:
    """The PKI and the CPU time making it cost: wall time on a shared machine, beside parallel test workers,
    measures the neighbours."""
    started = time.process_time()
    pki = make_test_pki(tmp_path_factory.mktemp("pki"), now=NOW)
    return pki, time.process_time() - started


@pytest.fixture(scope="module")
def pki(made: tuple[TestPki, float]) -> TestPki:
    return made[0]


def _cert(pki: TestPki, name: str) -> x509.Certificate:
    return pki[name].load()


def test_generation_is_fast(made):
    assert made[0].created
    assert made[1] < 3.0, f"making the test PKI took {made[1]:.2f} s of CPU time"


def test_party_lists():
    assert set(GOOD_PARTIES) == {"school", "vendor", "candidate", "client", "server"}
    assert set(BAD_PARTIES) == {"expired", "not-yet-valid", "wrong-oin", "no-serialnumber", "untrusted",
                                "rsa-1024", "sha1"}


def test_files_and_permissions(pki):
    for party in pki.parties.values():
        assert party.cert.is_file() and party.key.is_file(), party.name
        if sys.platform != "win32":
            assert party.key.stat().st_mode & 0o777 == 0o600, party.name
    readme = (pki.directory / "README.txt").read_text(encoding="utf-8")
    assert "UNENCRYPTED" in readme and "testing only" in readme


def test_ca_names_say_do_not_trust(pki):
    for name in ("root", "intermediate", "untrusted-root"):
        assert "niet vertrouwen" in _cert(pki, name).subject.rfc4514_string()


def test_ca_bundle_is_root_then_intermediate(pki):
    bundle = x509.load_pem_x509_certificates(pki.ca_bundle.read_bytes())
    assert bundle == [_cert(pki, "root"), _cert(pki, "intermediate")]


def test_ca_chain(pki):
    root, intermediate = _cert(pki, "root"), _cert(pki, "intermediate")
    root.verify_directly_issued_by(root)
    intermediate.verify_directly_issued_by(root)
    assert root.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    assert intermediate.extensions.get_extension_for_class(x509.BasicConstraints).value.path_length == 0
    assert oin_from_certificate(root) is None


@pytest.mark.parametrize("name", GOOD_PARTIES)
def test_good_parties(pki, name):
    cert = _cert(pki, name)
    cert.verify_directly_issued_by(_cert(pki, "intermediate"))
    key = cert.public_key()
    assert isinstance(key, rsa.RSAPublicKey) and key.key_size == 2048
    assert isinstance(cert.signature_hash_algorithm, hashes.SHA256)
    assert cert.not_valid_before_utc <= NOW < cert.not_valid_after_utc
    assert not cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    oin = parse_oin(oin_from_certificate(cert) or "")
    assert oin.value == pki[name].oin
    assert pki[name].good
    chain = x509.load_pem_x509_certificates(pki[name].chain.read_bytes())
    assert chain == [cert, _cert(pki, "intermediate")]


def test_oins_of_the_parties(pki):
    school = parse_oin(pki["school"].oin)
    assert school.value == school_oin("99XA") == "0000000700099XA00000"
    assert school.brincode == "99XA"
    for name in ("vendor", "candidate", "client", "server"):
        assert parse_oin(pki[name].oin).is_test, name
    assert len({pki[name].oin for name in ("school", "vendor", "candidate", "client")}) == 4
    assert pki["server"].oin == pki["client"].oin  # one organisation, the suite, with two certificates


def test_server_certificate_names_loopback(pki):
    san = _cert(pki, "server").extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert san.get_values_for_type(x509.DNSName) == ["localhost"]
    assert set(san.get_values_for_type(x509.IPAddress)) == {ipaddress.ip_address("127.0.0.1"),
                                                          ipaddress.ip_address("::1")}


def _store(pki: TestPki) -> Store:
    return Store([_cert(pki, "root")])


@pytest.mark.parametrize("subject", [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1")),
                                     x509.IPAddress(ipaddress.ip_address("::1"))], ids=str)
def test_server_chain_validates_as_a_web_pki_would(pki, subject):
    verifier = PolicyBuilder().store(_store(pki)).time(NOW).build_server_verifier(subject)
    chain = verifier.verify(_cert(pki, "server"), [_cert(pki, "intermediate")])
    assert chain[-1] == _cert(pki, "root")


@pytest.mark.parametrize("name", ["school", "vendor", "candidate", "client"])
def test_client_chain_validates(pki, name):
    verifier = PolicyBuilder().store(_store(pki)).time(NOW).build_client_verifier()
    verified = verifier.verify(_cert(pki, name), [_cert(pki, "intermediate")])
    assert verified.chain[-1] == _cert(pki, "root")


def test_expired(pki):
    cert = _cert(pki, "expired")
    assert cert.not_valid_after_utc < NOW
    cert.verify_directly_issued_by(_cert(pki, "intermediate"))  # only the date is wrong


def test_not_yet_valid(pki):
    cert = _cert(pki, "not-yet-valid")
    assert cert.not_valid_before_utc > NOW
    # Stays in the future for as long as the good certificates are reused.
    assert cert.not_valid_before_utc > _cert(pki, "client").not_valid_after_utc
    cert.verify_directly_issued_by(_cert(pki, "intermediate"))


def test_wrong_oin(pki):
    cert = _cert(pki, "wrong-oin")
    value = oin_from_certificate(cert)
    assert value is not None
    with pytest.raises(ValueError, match="20 characters, got 19"):
        parse_oin(value)
    cert.verify_directly_issued_by(_cert(pki, "intermediate"))


def test_no_serialnumber(pki):
    cert = _cert(pki, "no-serialnumber")
    assert oin_from_certificate(cert) is None
    assert pki["no-serialnumber"].oin is None
    cert.verify_directly_issued_by(_cert(pki, "intermediate"))


def test_untrusted_issuer(pki):
    cert = _cert(pki, "untrusted")
    untrusted_root = _cert(pki, "untrusted-root")
    cert.verify_directly_issued_by(untrusted_root)
    with pytest.raises((ValueError, InvalidSignature)):
        cert.verify_directly_issued_by(_cert(pki, "intermediate"))
    assert untrusted_root not in x509.load_pem_x509_certificates(pki.ca_bundle.read_bytes())
    parse_oin(oin_from_certificate(cert) or "")


def test_rsa_1024(pki):
    cert = _cert(pki, "rsa-1024")
    assert cert.public_key().key_size == 1024
    assert isinstance(cert.signature_hash_algorithm, hashes.SHA256)
    cert.verify_directly_issued_by(_cert(pki, "intermediate"))


def test_sha1(pki):
    cert = _cert(pki, "sha1")
    assert isinstance(cert.signature_hash_algorithm, hashes.SHA1)
    assert cert.signature_algorithm_oid == x509.SignatureAlgorithmOID.RSA_WITH_SHA1
    # cryptography will not verify SHA-1 itself; the signature must still be genuine, or the test proves nothing.
    _cert(pki, "intermediate").public_key().verify(cert.signature, cert.tbs_certificate_bytes,
                                                   padding.PKCS1v15(), hashes.SHA1())
    assert cert.public_key().key_size == 2048


@pytest.mark.parametrize("name", ["expired", "not-yet-valid", "untrusted", "sha1"])
def test_path_validation_rejects(pki, name):
    verifier = PolicyBuilder().store(_store(pki)).time(NOW).build_client_verifier()
    with pytest.raises(VerificationError):
        verifier.verify(_cert(pki, name), [_cert(pki, "intermediate")])


# --- idempotence -------------------------------------------------------------------------------------------

def _snapshot(pki: TestPki) -> dict[str, bytes]:
    return {name: party.cert.read_bytes() for name, party in pki.parties.items()}


@pytest.fixture(scope="module")
def key_pool(pki: TestPki) -> dict[int, list]:
    pool: dict[int, list] = {}
    for party in pki.parties.values():
        key = serialization.load_pem_private_key(party.key.read_bytes(), password=None)
        pool.setdefault(key.key_size, []).append(key)
    return pool


@pytest.fixture()
def recycled_keys(key_pool: dict[int, list], monkeypatch: pytest.MonkeyPatch) -> None:
    """Regeneration with the module's keys: what these tests check does not depend on fresh keys (~1 s each)."""
    pool = key_pool
    turn = itertools.count()

    def generate_private_key(public_exponent: int, key_size: int) -> rsa.RSAPrivateKey:
        keys = pool[key_size]
        return keys[next(turn) % len(keys)]

    monkeypatch.setattr(hierarchy.rsa, "generate_private_key", generate_private_key)


@pytest.fixture()
def fresh(pki: TestPki, tmp_path: Path, recycled_keys: None) -> TestPki:
    shutil.copytree(pki.directory, tmp_path / "pki")
    return make_test_pki(tmp_path / "pki", now=NOW)


def test_reused_while_valid(fresh):
    assert not fresh.created
    before = _snapshot(fresh)
    again = make_test_pki(fresh.directory, now=NOW + dt.timedelta(days=30))
    assert not again.created
    assert _snapshot(again) == before


def test_force_regenerates(fresh):
    before = _snapshot(fresh)
    again = make_test_pki(fresh.directory, now=NOW, force=True)
    assert again.created
    assert all(_snapshot(again)[name] != before[name] for name in before)


def test_regenerated_when_nearly_expired(fresh):
    later = NOW + dt.timedelta(days=362)
    again = make_test_pki(fresh.directory, now=later)
    assert again.created
    assert again["client"].load().not_valid_after_utc > later + dt.timedelta(days=300)


@pytest.mark.parametrize("damage", ["missing key", "missing cert", "garbage cert", "old recipe", "no manifest"])
def test_regenerated_when_incomplete(fresh, damage):
    if damage == "missing key":
        fresh["school"].key.unlink()
    elif damage == "missing cert":
        fresh["sha1"].cert.unlink()
    elif damage == "garbage cert":
        fresh["vendor"].cert.write_text("not a certificate")
    elif damage == "old recipe":
        (fresh.directory / "manifest.json").write_text(f'{{"recipe": {RECIPE_VERSION - 1}}}')
    else:
        (fresh.directory / "manifest.json").unlink()
    again = make_test_pki(fresh.directory, now=NOW)
    assert again.created
    assert not make_test_pki(fresh.directory, now=NOW).created


def test_naive_now_is_utc(tmp_path, recycled_keys):
    pki = make_test_pki(tmp_path, now=NOW.replace(tzinfo=None))
    assert pki["client"].load().not_valid_before_utc == NOW - dt.timedelta(hours=1)


# --- loopback TLS ------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def loopback(pki):
    return ensure_loopback_pki(pki.directory)


def test_loopback_paths(loopback, pki):
    assert not loopback.test_pki.created  # reuses the module's PKI
    # The names `conformance init` puts in its configuration template.
    assert (loopback.ca_bundle.name, loopback.client_cert.name, loopback.client_key.name) == \
        ("ca-bundle.pem", "client.pem", "client-key.pem")
    assert loopback.server_cert == pki["server"].cert
    assert loopback.candidate_key == pki["candidate"].key
    for path in (loopback.server_chain, loopback.client_chain, loopback.candidate_chain, loopback.candidate_cert):
        assert path.is_file()


def test_contexts_require_tls_1_2(loopback):
    for ctx in (server_ssl_context(loopback, require_client_cert=True), client_ssl_context(loopback)):
        assert ctx.minimum_version == ssl.TLSVersion.TLSv1_2
    assert client_ssl_context(loopback).check_hostname
    assert server_ssl_context(loopback, require_client_cert=False).verify_mode == ssl.CERT_NONE


TIMEOUT = 5.0


def _handshake(server_ctx: ssl.SSLContext, client_ctx: ssl.SSLContext) -> tuple[dict, dict]:
    """One exchange over 127.0.0.1; what each side saw, including its exception, never a hang."""
    server: dict = {}
    client: dict = {}
    with socket.create_server(("127.0.0.1", 0)) as listener:
        listener.settimeout(TIMEOUT)

        def serve() -> None:
            try:
                conn, _ = listener.accept()
                conn.settimeout(TIMEOUT)
                with server_ctx.wrap_socket(conn, server_side=True) as tls:
                    server["peer"] = tls.getpeercert()
                    server["version"] = tls.version()
                    tls.sendall(b"ok")
            except (OSError, ssl.SSLError) as exc:
                server["error"] = exc

        thread = threading.Thread(target=serve, daemon=True)
        thread.start()
        try:
            with socket.create_connection(listener.getsockname(), timeout=TIMEOUT) as raw, \
                    client_ctx.wrap_socket(raw, server_hostname="localhost") as tls:
                client["peer"] = tls.getpeercert()
                client["data"] = tls.recv(2)
        except (OSError, ssl.SSLError) as exc:
            client["error"] = exc
        thread.join(TIMEOUT)
        assert not thread.is_alive(), "the server side of the handshake hung"
    return server, client


def _subject(peer: dict) -> dict[str, str]:
    return {key: value for rdn in peer["subject"] for key, value in rdn}


def test_mutual_tls_handshake(loopback):
    server, client = _handshake(server_ssl_context(loopback, require_client_cert=True),
                                client_ssl_context(loopback))
    assert "error" not in server and "error" not in client, (server, client)
    assert client["data"] == b"ok"
    assert server["version"] in ("TLSv1.2", "TLSv1.3")
    assert _subject(server["peer"])["serialNumber"] == loopback.test_pki["client"].oin
    assert _subject(client["peer"])["commonName"] == "localhost"


def test_candidate_certificate_as_client(loopback):
    server, client = _handshake(server_ssl_context(loopback, require_client_cert=True),
                                client_ssl_context(loopback, party="candidate"))
    assert "error" not in server, server
    assert client["data"] == b"ok"
    assert _subject(server["peer"])["serialNumber"] == loopback.test_pki["candidate"].oin


def test_server_without_client_certificate(loopback):
    server, client = _handshake(server_ssl_context(loopback, require_client_cert=False),
                                client_ssl_context(loopback))
    assert client.get("data") == b"ok", (server, client)
    assert server["peer"] is None


@pytest.mark.parametrize("party", ["untrusted", "expired"])
def test_server_rejects_bad_client_certificate(loopback, party):
    server, client = _handshake(server_ssl_context(loopback, require_client_cert=True),
                                client_ssl_context(loopback, party=party))
    assert isinstance(server.get("error"), ssl.SSLError), server
    assert "data" not in client or client["data"] != b"ok"


def test_client_rejects_server_outside_the_bundle(loopback, tmp_path):
    other = ensure_loopback_pki(tmp_path / "other")  # a different root, with fresh keys
    _server, client = _handshake(server_ssl_context(other, require_client_cert=False),
                                client_ssl_context(loopback))
    assert isinstance(client.get("error"), ssl.SSLCertVerificationError), client


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")
def test_umask_does_not_open_keys(tmp_path, recycled_keys):
    old = os.umask(0)
    try:
        pki = make_test_pki(tmp_path, now=NOW)
    finally:
        os.umask(old)
    assert pki["client"].key.stat().st_mode & 0o777 == 0o600
