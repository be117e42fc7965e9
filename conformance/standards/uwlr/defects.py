"""The reference LAS's named defects: each breaks exactly the requirements listed in `breaks`.

Where a defect also makes the answer invalid against our XSD, the schema requirements are listed
too: our schemas enforce the identity constraints and value lists, as the published ones mean to.
"""

from __future__ import annotations

from conformance.standards._plugin import Defect

__all__ = ["DEFECTS"]

_XSD_PUPIL_DATA = ("UWLR-XSD-01", "UWLR-XSD-02", "UWLR-XSD-03")

DEFECTS: tuple[Defect, ...] = (
    Defect(name="fout-onbekende-brin", breaks=("UWLR-FLT-07",),
           description="An unknown BRIN gets Client.OngeldigeKlantIdentificatie instead of Client.AutorisatieOngeldig."),
    Defect(name="html-foutpagina", breaks=("UWLR-FLT-02", "UWLR-FLT-05", "UWLR-FLT-06", "UWLR-FLT-07",
                                           "UWLR-FLT-09", "UWLR-FLT-11", "UWLR-GTR-06", "UWLR-LR-04",
                                           "UWLR-FLT-14", "UWLR-FLT-15", "UWLR-FLT-16"),
           description="Every authorisation fault comes back as an HTML error page instead of a SOAP fault."),
    Defect(name="foutcode-verkeerde-namespace", breaks=("UWLR-FLT-14",),
           description="Fault codes are qualified with a prefix bound to a namespace of its own, not the SOAP envelope's."),
    Defect(name="bungelende-groepsverwijzing", breaks=("UWLR-ID-02", *_XSD_PUPIL_DATA, "UWLR-GTR-04"),
           description="The first pupil refers to a stamgroep that is not in groepen (so getrapt, which "
                       "places the pupil in its real group, disagrees with alles-in-één too)."),
    Defect(name="geboortedatum-als-datetime", breaks=("UWLR-VAL-04", *_XSD_PUPIL_DATA),
           description="geboortedatum is sent as a dateTime (2016-03-04T00:00:00) instead of a date."),
    Defect(name="bsn-in-smalle-set", breaks=("UWLR-PROF-01", "UWLR-XSD-02"),
           description="Pupils in the Smalle set carry their BSN."),
    Defect(name="dubbele-eckid", breaks=("UWLR-ID-04", *_XSD_PUPIL_DATA, "UWLR-XSD-04"),
           description="The second pupil carries the first pupil's ECK iD."),
    Defect(name="eckid-wisselt", breaks=("UWLR-ID-06", "UWLR-GTR-02"),
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
