"""One schema judgement for every candidate document: libxml2 (lxml) always, xmlschema beside it when asked.

libxml2's XSD support has known gaps (it takes "1e" for an xs:double and a blank NMTOKENS list), so a certification
should not rest on it alone. Both validators compile the same schema files, read as hostile input is read (no
network, no entities, no DTD, imports and includes only from under the schema's folder); where their verdicts
differ the judgement carries both messages instead of errors, and the scenario test cannot tell.
"""

from __future__ import annotations

import dataclasses
import functools
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lxml import etree

if TYPE_CHECKING:
    from lxml.etree._docloader import _InputDocument  # types-lxml's name for what a Resolver returns

__all__ = ["SchemaError", "SchemaJudgement", "SchemaRefused", "XsdSchema", "judge_schema", "lxml_errors", "validator_versions",
           "xmlschema_errors"]

_XS = "http://www.w3.org/2001/XMLSchema"


class SchemaRefused(ValueError):
    """A schema does not compile or reaches outside its folder (`outside`: the first such reference); the message
    names the file."""

    def __init__(self, message: str, *, outside: str | None = None) -> None:
        super().__init__(message)
        self.outside = outside


@dataclasses.dataclass(frozen=True)
class XsdSchema:
    """The XSD `name` (or `file.wsdl#n`, a WSDL's n-th inline schema) under `root`, as both validators compile it."""

    root: Path
    name: str

    def lxml(self) -> etree.XMLSchema:
        """Compiled by libxml2, once per process; imports outside `root` or on the network are refused."""
        return _compile_lxml(self)

    def xmlschema(self) -> Any:
        """Compiled by xmlschema, once per process, from the files libxml2 already accepted (so nothing outside
        `root`); no network, every file defused (entity declarations refused), an import that fails is an error."""
        return _compile_xmlschema(self)


@dataclasses.dataclass(frozen=True)
class SchemaError:
    """One schema error at one line (None when the validator gives none)."""

    line: int | None
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


@dataclasses.dataclass(frozen=True, kw_only=True)
class SchemaJudgement:
    """What the validators said of one document: its errors (empty when valid), or, when two validators differ,
    no errors and `disagreement` with both messages."""

    errors: list[SchemaError]
    validators: tuple[str, ...]
    disagreement: str | None = None


class _InsideOnly(etree.Resolver):
    """Resolves xs:import/xs:include to files under `root`; anything else is refused and remembered."""

    def __init__(self, root: Path) -> None:
        super().__init__()
        self.root = root
        self.refused: list[str] = []

    def resolve(self, url: str | None, pubid: str | None, context: object) -> _InputDocument:
        path = Path(url[len("file://"):] if url.startswith("file://") else url).resolve() if url is not None else None
        if path is None or not path.is_relative_to(self.root) or not path.is_file():
            self.refused.append(url if url is not None else "(no URL)")
            return self.resolve_string("<refused/>", context)
        return self.resolve_filename(str(path), context)


def _inline(document: etree._ElementTree, index: str, base: Path, parser: etree.XMLParser) -> etree._ElementTree:
    schema = list(document.getroot().iter(f"{{{_XS}}}schema"))[int(index)]
    return etree.ElementTree(etree.fromstring(etree.tostring(schema), parser, base_url=str(base)))


@functools.cache
def _compile_lxml(schema: XsdSchema) -> etree.XMLSchema:
    root = schema.root.resolve()
    resolver = _InsideOnly(root)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    parser.resolvers.add(resolver)
    file, _, inline = schema.name.partition("#")
    try:
        document = etree.parse(str(root / file), parser)
        if document.docinfo.doctype or document.docinfo.internalDTD is not None:
            raise SchemaRefused(f"{schema.name} carries a DOCTYPE; DTDs and entities are refused")
        return etree.XMLSchema(_inline(document, inline, root / file, parser) if inline else document)
    except (etree.XMLSchemaParseError, etree.XMLSyntaxError) as exc:
        if resolver.refused:
            raise SchemaRefused(f"{schema.name} refers to {resolver.refused[0]}, which is not under {root}",
                                outside=resolver.refused[0]) from exc
        raise SchemaRefused(f"{schema.name}: the schema does not compile: {exc}") from exc


@functools.cache
def _compile_xmlschema(schema: XsdSchema) -> Any:
    import xmlschema

    _compile_lxml(schema)  # libxml2's resolver is the one that keeps imports inside root; it has run first
    root = schema.root.resolve()
    file, _, inline = schema.name.partition("#")
    source: Any = str(root / file)
    if inline:
        parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
        source = _inline(etree.parse(source, parser), inline, root / file, parser).getroot()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", xmlschema.XMLSchemaImportWarning)
            return xmlschema.XMLSchema(source, base_url=str((root / file).parent), allow="local", defuse="always",
                                       timeout=1)
    except (xmlschema.XMLSchemaException, xmlschema.XMLSchemaImportWarning, OSError) as exc:
        raise SchemaRefused(f"{schema.name}: xmlschema does not compile it: {exc}") from exc


def lxml_errors(schema: XsdSchema, element: etree._Element, limit: int) -> list[SchemaError]:
    """Up to `limit` of libxml2's errors; empty when the element validates."""
    compiled = schema.lxml()
    if compiled.validate(element):
        return []
    return [SchemaError(error.line, error.message) for error in list(compiled.error_log)[:limit]]


def xmlschema_errors(schema: XsdSchema, element: etree._Element, limit: int) -> list[SchemaError]:
    """Up to `limit` of xmlschema's errors; empty when the element validates.

    It is given the element libxml2 judged (parsed once, safely), so it never parses candidate bytes itself."""
    if isinstance(element, etree._ElementTree):
        element = element.getroot()
    found = []
    # no xsi:schemaLocation hint of the candidate's is followed (the default of today's xmlschema, said explicitly)
    for error in schema.xmlschema().iter_errors(element, use_location_hints=False):
        found.append(SchemaError(error.sourceline, error.reason or error.message))
        if len(found) >= limit:
            break
    return found


def judge_schema(schema: XsdSchema, element: etree._Element, *, dual: bool, limit: int = 10) -> SchemaJudgement:
    """libxml2's verdict on `element`; with `dual`, xmlschema's too, and where they differ, both messages."""
    first = lxml_errors(schema, element, limit)
    if not dual:
        return SchemaJudgement(errors=first, validators=("lxml",))
    try:
        second: list[SchemaError] | str = xmlschema_errors(schema, element, limit)
    except Exception as exc:  # a crash of the second validator decides nothing, either way
        second = f"could not judge ({type(exc).__name__}: {exc})"
    if isinstance(second, list) and bool(first) == bool(second):
        return SchemaJudgement(errors=first, validators=("lxml", "xmlschema"))
    return SchemaJudgement(errors=[], validators=("lxml", "xmlschema"),
                           disagreement=f"the two schema validators disagree: libxml2 (lxml) {_said(first)}; "
                                        f"xmlschema {_said(second)}")


def _said(verdict: list[SchemaError] | str) -> str:
    if isinstance(verdict, str):
        return verdict
    if not verdict:
        return "finds it valid"
    return "finds it invalid:\n" + "\n".join(f"  - {error}" for error in verdict)


def validator_versions(*, dual: bool) -> dict[str, str]:
    """Which validators judge schemas in a run, with their versions, for its provenance."""
    versions = {"lxml": etree.__version__, "libxml2": ".".join(map(str, etree.LIBXML_VERSION))}
    if dual:
        import xmlschema

        versions["xmlschema"] = xmlschema.__version__
    return versions
