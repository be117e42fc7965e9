"""The reference service's named defects: each breaks exactly the requirements listed in `breaks`."""

from __future__ import annotations

from conformance.standards._flaws import security_defects
from conformance.standards._plugin import Defect
from conformance.standards._signers import signer_defects

__all__ = ["DEFECTS", "SERVER_DEFECTS"]

SERVER_DEFECTS: tuple[Defect, ...] = (
    Defect(name="accepts-tls10", breaks=("EDUK-TLS-01",),
           description="The service negotiates TLS 1.0 and 1.1 as well as 1.2 and 1.3."),
    Defect(name="accepts-no-client-cert", breaks=("EDUK-TLS-04",),
           description="A client certificate is asked for but not required; a client without one is served."),
    Defect(name="accepts-untrusted-client-cert", breaks=("EDUK-TLS-05",),
           description="The TLS layer also trusts a root outside the run's trust (the test PKI's untrusted root), so "
                       "a client certificate it issued is served."),
    Defect(name="accepts-expired-client-cert", breaks=("EDUK-TLS-05",),
           description="The TLS layer does not check certificate dates, so an expired client certificate is served."),
    Defect(name="ignores-oin-mismatch", breaks=("EDUK-WSA-04",),
           description="The OIN in wsa:From is not compared with the client certificate's OIN."),
    Defect(name="omits-relates-to", breaks=("EDUK-WSA-03",),
           description="Answers carry no wsa:RelatesTo."),
    Defect(name="does-not-verify-signatures", breaks=("EDUK-SIG-02",),  # SIG-03/04 and 06..10: not judged
           description="In 2W-be-S, request signatures (and signers) are not checked at all (replays are still refused)."),
    Defect(name="accepts-sha1", breaks=("EDUK-SIG-03",),
           description="In 2W-be-S, a request signed with SHA-1 digests and rsa-sha1 is accepted."),
    Defect(name="accepts-expired-timestamp", breaks=("EDUK-SIG-04",),
           description="In 2W-be-S, the wsu:Timestamp's Expires is not checked."),
    Defect(name="accepts-missing-from", breaks=("EDUK-WSA-01",),
           description="A request without wsa:From is served (one with a wrong ?oin= is still refused)."),
    Defect(name="reuses-message-id", breaks=("EDUK-WSA-02",),
           description="Answers carry the request's wsa:MessageID instead of one of their own."),
    Defect(name="ignores-soapaction", breaks=("EDUK-WSA-05",),
           description="A request whose HTTP SOAPAction names another action than wsa:Action is served."),
    Defect(name="unsigned-answers", breaks=("EDUK-SIG-01",),
           description="In 2W-be-S, answers carry no WS-Security signature."),
    Defect(name="accepts-replay", breaks=("EDUK-SIG-05",),
           description="In 2W-be-S, a request with an already accepted wsa:MessageID is served again."),
    *signer_defects("EDUK-SIG-", 6),
)

#: `STANDARD.defects`: the reference service's own and the security probes' (its TLS versions are EDUK-TLS-01).
DEFECTS: tuple[Defect, ...] = SERVER_DEFECTS + security_defects("EDUK", versions=False)
