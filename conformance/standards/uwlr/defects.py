"""The reference LAS's named defects: each breaks exactly the requirements listed in `breaks`.

Where a defect also makes the answer invalid against our XSD, the schema requirements are listed
too: our schemas enforce the identity constraints and value lists, as the published ones mean to.
"""

from __future__ import annotations

from conformance.standards._flaws import security_defects
from conformance.standards._plugin import Defect
from conformance.standards.uwlr.client_judge.defects import EA_DEFECTS

__all__ = ["DEFECTS", "SERVER_DEFECTS"]

_XSD_PUPIL_DATA = ("UWLR-XSD-01", "UWLR-XSD-02", "UWLR-XSD-03")

SERVER_DEFECTS: tuple[Defect, ...] = (
    Defect(name="fout-onbekende-brin", breaks=("UWLR-FLT-07",),
           description="An unknown BRIN gets Client.OngeldigeKlantIdentificatie instead of Client.AutorisatieOngeldig."),
    # FLT-06 is then not judged (FLT-07 failed first), nor FLT-14/15/16 (FLT-05 failed first): see @prerequisite
    Defect(name="html-foutpagina", breaks=("UWLR-FLT-02", "UWLR-FLT-05", "UWLR-FLT-07", "UWLR-FLT-09",
                                           "UWLR-FLT-11", "UWLR-GTR-06", "UWLR-LR-04"),
           description="Every authorisation fault comes back as an HTML error page instead of a SOAP fault."),
    # the wrong key of the fault-format tests then gets data: FLT-14/15/16 are not judged (FLT-05 failed first)
    Defect(name="wrong-key-accepted", breaks=("UWLR-FLT-05", "UWLR-GTR-06", "UWLR-LR-04"),
           description="The autorisatiesleutel is not checked: a wrong key gets the data, in every operation."),
    Defect(name="empty-faultstring", breaks=("UWLR-FLT-15",),
           description="Every fault carries an empty faultstring."),
    Defect(name="fault-with-http-200", breaks=("UWLR-FLT-16",),
           description="Faults are sent with HTTP status 200 instead of 500."),
    Defect(name="foutcode-verkeerde-namespace", breaks=("UWLR-FLT-14",),
           description="Fault codes are qualified with a prefix bound to a namespace of its own, not the SOAP envelope's."),
    # getrapt, which places the pupil in its real group, then disagrees with alles-in-één: GTR-04 is not judged
    Defect(name="bungelende-groepsverwijzing", breaks=("UWLR-ID-02", *_XSD_PUPIL_DATA),
           description="The first pupil refers to a stamgroep that is not in groepen."),
    Defect(name="geboortedatum-als-datetime", breaks=("UWLR-VAL-04", *_XSD_PUPIL_DATA),
           description="geboortedatum is sent as a dateTime (2016-03-04T00:00:00) instead of a date."),
    Defect(name="bsn-in-smalle-set", breaks=("UWLR-PROF-01", "UWLR-XSD-02"),
           description="Pupils in the Smalle set carry their BSN."),
    Defect(name="dubbele-eckid", breaks=("UWLR-ID-04", *_XSD_PUPIL_DATA, "UWLR-XSD-04"),
           description="The second pupil carries the first pupil's ECK iD."),
    Defect(name="eckid-wisselt", breaks=("UWLR-ID-06",),  # GTR-02 is then not judged (ID-06 failed first)
           description="Pupils' ECK iDs change from one request to the next."),
    Defect(name="eckid-hoofdletters", breaks=("UWLR-ID-05",),
           description="Three pupils' ECK iDs are sent with upper-case hexadecimal digits."),
    Defect(name="eckid-productie-in-pilot", breaks=("UWLR-ID-05",),
           description="Three pupils carry production ECK iDs (…/201703/…) in the pilot environment the LAS declares."),
    Defect(name="laatstontvangengegevens-genegeerd", breaks=("UWLR-LOG-02",),
           description="Any laatstontvangengegevens gets geenwijzigingen, even when data changed since."),
    Defect(name="xsdversie-niet-gecontroleerd", breaks=("UWLR-FLT-13", "UWLR-LR-05"),
           description="An unsupported xsdversie is answered as if it were the newest supported one."),
    Defect(name="sleutel-dekt-alle-scholen", breaks=("UWLR-FLT-06",),
           description="The autorisatiesleutel gives access to every school the LAS knows."),
    Defect(name="klantcode-niet-gecontroleerd", breaks=("UWLR-FLT-04",),
           description="A klantcode that does not belong to the klantnaam is accepted."),
    Defect(name="ongeldige-jaargroep", breaks=("UWLR-VAL-02", *_XSD_PUPIL_DATA, "UWLR-XSD-04"),
           description="The first stamgroep has jaargroep 9, which is not in the EDEX list."),
    Defect(name="onbekende-leerkrachtrol", breaks=("UWLR-VAL-03", *_XSD_PUPIL_DATA, "UWLR-XSD-04"),
           description="A teacher's rol is JUF, which is not in the EDEX list."),
    Defect(name="lvs-zonder-geslacht", breaks=("UWLR-PROF-02", "UWLR-XSD-03"),
           description="In the LVS-set the first pupil lacks the mandatory geslacht."),
    Defect(name="getrapt-mist-leerling", breaks=("UWLR-GTR-02", "UWLR-GTR-04", "UWLR-GTR-05"),
           description="Every HaalLeerlingen answer leaves out the last pupil that matches."),
    Defect(name="schooljaar-fout-als-autorisatie", breaks=("UWLR-FLT-12",),
           description="A malformed schooljaar gets Client.AutorisatieOngeldig instead of Client.OngeldigBericht."),
    Defect(name="onbekende-leerling-geaccepteerd", breaks=("UWLR-LR-02",),
           description="BrengLeerresultaten confirms results for a pupil the school does not know."),
)

#: `STANDARD.defects`: the reference LAS's own, its client's (`[uwlr.ea]`) and the security probes'.
DEFECTS: tuple[Defect, ...] = SERVER_DEFECTS + EA_DEFECTS + security_defects("UWLR")
