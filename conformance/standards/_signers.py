"""The named defects every reference with signature requirements shares: its receiver (the shared Edukoppeling
`Receiver`) lets one kind of wrong signer through, so exactly the requirement of that probe fails."""

from __future__ import annotations

from conformance.standards._plugin import Defect

__all__ = ["SELF_SIGNED_ANSWERS", "SIGNER_PROBES", "signer_defects"]

#: probe (conformance.pki.probes) -> (defect and Ontvanger versoepeling, what the reference then accepts)
SIGNER_PROBES: dict[str, tuple[str, str]] = {
    "self-signed": ("accepts-self-signed-signer", "a request signed with a self-signed certificate"),
    "untrusted": ("accepts-untrusted-signer", "a request signed with a certificate of a root it does not trust"),
    "expired": ("accepts-expired-signer", "a request signed with an expired certificate"),
    "weak-key": ("accepts-weak-signer-key", "a request signed with a 1024-bit RSA key"),
    "other-party": ("accepts-other-party-signer", "a request signed with another party's valid certificate (an "
                                                  "OIN other than the client certificate's)"),
}


#: The defect whose answers carry a signature that holds mathematically, by a certificate no one should trust.
SELF_SIGNED_ANSWERS = "self-signed-answers"


def signer_defects(prefix: str, first: int) -> tuple[Defect, ...]:
    """One defect per probe, breaking `<prefix><first>` for the first probe, the next number for the next; and
    `self-signed-answers`, breaking `<prefix>01` (answers signed by the service's trusted certificate)."""
    return (*(Defect(name=name, breaks=(f"{prefix}{first + i:02d}",), description=f"In 2W-be-S, {accepted} is served.")
              for i, (name, accepted) in enumerate(SIGNER_PROBES.values())),
            Defect(name=SELF_SIGNED_ANSWERS, breaks=(f"{prefix}01",),
                   description="In 2W-be-S, answers are signed with a self-signed certificate carrying the service's "
                               "OIN: the signature holds, the certificate does not."))
