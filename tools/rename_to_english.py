"""Rename the code base's Dutch names to English by the language rule (README "Layout", docs/glossary.md).

Delivered as a codemod because several branches edit the code at once: the merger runs it on the final main
    python tools/rename_to_english.py            # rewrite, git mv the modules, print what it did
    python tools/rename_to_english.py --check    # exit 1 when something is still to rename (changes nothing)
It rewrites Python identifiers only (tokenize positions): NAME tokens, the names in `__all__` lists, and dotted
module paths "conformance.…" of moved modules in strings (mock/monkeypatch targets). Every other string stays: XML
names, TOML config keys, requirement ids, CLI options, messages. Scenario-test ids (test functions and classes in
testcases/) are refused as rename sources. Running it twice changes nothing."""

from __future__ import annotations

import argparse
import ast
import io
import re
import subprocess
import sys
import tokenize
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ("conformance", "tests", "testcases", "bench", "tools", "wsdl")

# Module files: old path -> new path (git mv). Their stems are rewritten only inside import statements and dotted
# "conformance.…" strings, since a stem can also be a glossary word elsewhere (producten is a config key).
MODULES = {
    "conformance/edukoppeling/afzender.py": "conformance/edukoppeling/sender.py",
    "conformance/edukoppeling/ontvanger.py": "conformance/edukoppeling/receiver.py",
    "conformance/xml/antwoord.py": "conformance/xml/answer.py",
    "conformance/standards/eckid/las_oordeel.py": "conformance/standards/eckid/las_judgement.py",
    "conformance/standards/catalogus/producten.py": "conformance/standards/catalogus/products.py",
}

# Names that mean one thing wherever they occur: old -> new in every file.
NAMES = {
    # edukoppeling: addressing
    "Adressering": "Addressing",
    "adressering": "addressing",
    "adresseer": "address_message",
    "antwoord_adressering": "answer_addressing",
    "lees_adressering": "read_addressing",
    "controleer_antwoord": "check_answer",
    "controleer_body": "check_body",
    "controleer_soapaction": "check_soapaction",
    "controleer_utf8": "check_utf8",
    "controleer_verzoek": "check_request",
    "nieuw_message_id": "new_message_id",
    "adres_met_oin": "address_with_oin",
    "oin_uit_adres": "oin_from_address",
    "verzoek_message_id": "request_message_id",
    # edukoppeling: the sending side
    "Afzender": "Sender",
    "afzender": "sender",
    "als_probe": "as_probe",
    "handtekening_problemen": "signature_problems",
    "na_ondertekening_gewijzigd": "changed_after_signing",
    "uit_bestanden": "from_files",
    "verpak": "wrap",
    "ondertekenen": "sign",
    "ondertekend": "signed",
    "dienst_oin": "service_oin",
    # edukoppeling: the receiving side
    "Ontvanger": "Receiver",
    "ontvanger": "receiver",
    "Ontvangen": "Received",
    "ontvang": "receive",
    "onderteken": "sign_answer",
    "Geweigerd": "Refused",
    "controleer": "extra_check",
    "lees_sleutelpaar": "read_keypair",
    "VERSOEPELINGEN": "RELAXATIONS",
    "versoepelingen": "relaxations",
    # the shared SOAP answer and the clients on it
    "SoapAntwoord": "SoapAnswer",
    "antwoord": "answer",
    "encode_antwoord": "encode_answer",
    "read_antwoord": "read_answer",
    "validate_antwoord": "validate_answer",
    "PING_ANTWOORD_ACTION": "PING_ANSWER_ACTION",
    "ping_verzoek": "ping_request",
    "UwlrUitwisseling": "UwlrExchange",
    "NvUitwisseling": "NvExchange",
    "Certificaat": "ClientCertificate",
    "certificaat": "certificate",
    "beantwoord": "answered",
    "geweigerd": "refused",
    "Handdruk": "Handshake",
    "handdruk": "handshake",
    "tls_versie_lokaal_mogelijk": "tls_version_possible_here",
    # bestellen
    "BestelClient": "OrderClient",
    "BestelFout": "OrderFault",
    "Instellingen": "ReferenceSettings",
    "NvInstellingen": "NvSettings",
    "demo_instellingen": "demo_settings",
    "instellingen": "reference_settings",
    "Verzoek": "OrderRequest",
    "NvVerzoek": "NvRequest",
    "bestel": "place_order",
    "annuleer": "cancel",
    "wijzig": "change",
    "lees_order": "read_order",
    "nieuwe_referentie": "new_reference",
    "annuleert": "cancels",
    "leverancier": "supplier",
    "LEVERANCIER_DECLARATIONS": "SUPPLIER_DECLARATIONS",
    "vandaag": "today",
    "ReferentieBestelservice": "ReferenceOrderService",
    "RunningBestelservice": "RunningOrderService",
    "berichtschema": "message_schema",
    "EIGEN_SCHEMA": "OWN_SCHEMA",
    "eigen_schema": "own_schema",
    "Schemapakket": "SchemaPackage",
    # catalogus
    "lees_producten": "read_products",
    "producten_van_pagina": "products_of_page",
    "gegenereerd_product": "generated_product",
    "BESTELBAAR": "ORDERABLE",
    "NIET_BESTELBAAR": "NOT_ORDERABLE",
    "bestelbaar": "orderable",
    "aantal": "how_many",
    # edukoppeling reference
    "ReferentieDienst": "ReferenceService",
    "RunningDienst": "RunningService",
    # eckid: the LAS judge
    "Uitkomst": "Verdict",
    "beoordeel": "assess",
    "beoordeel_alles": "assess_all",
    "Oordeel": "HashJudgement",
    "HpgnRechter": "HpgnJudge",
    "RechtendeNv": "JudgingNv",
    "NvOproep": "NvCall",
    "oproepen": "nv_calls",
    "on_oordeel": "on_judgement",
    "oordelen": "judgements",
    "kies_steekproef": "choose_sample",
    "grootte": "size",
    "te_berekenen": "to_compute",
    "klaar": "done",
    "verwacht": "expected",
    "analyseer": "analyse",
    "onderzoek": "examine",
    "ontbrekend": "missing",
    "fouten": "errors",
    "rekenwerk": "computation",
    "ontbreekt": "missing_calls",
    "compleet": "complete",
    "wacht": "wait",
    "gevonden": "found",
    "ingediend": "submitted",
    "misvormd": "malformed",
    "nummers": "numbers",
    "onverklaard": "unexplained",
    "verklaard": "explained",
    "totaal": "total",
    "tijd": "moment",
    "ontvangen": "received",
    "SCRYPT_SECONDEN": "SCRYPT_SECONDS",
    "HashWerk": "HashWork",
    "standaard_workers": "default_workers",
    # eckid: the reference NV and its settings
    "NvFout": "NvError",
    "ReferentieNv": "ReferenceNv",
    "bewaartermijn": "retention",
    "ingang": "effective",
    "oud": "old",
    "nieuw": "new",
    "ketens": "chains",
    "sectoren": "sectors",
    "sleutel": "secret_key",
    "EckIdTabel": "EckIdTable",
    "read_tabel": "read_table",
    "BatchResultaat": "BatchResult",
    "hpgn_vorm": "hpgn_form",
    "pgn_vorm": "pgn_form",
    # uwlr
    "Antwoord": "UwlrAnswer",
    "GroepSelectie": "GroupSelection",
    "LasGegevens": "LasData",
    "demo_gegevens": "demo_data",
    "gegevens": "pupil_data",
    "issued_gegevens": "issued_data",
    "LVS_SET_VERPLICHT": "LVS_SET_REQUIRED",
    "SMALLE_SET_VERBODEN": "SMALLE_SET_FORBIDDEN",
    "ROLLEN": "ROLES",
    "rollen": "roles",
    "onderdeel": "component",
    "samengesteld": "composed",
    "sleutel_uitgegeven": "key_issued",
    "afloop": "ending",
    # synthetic, pki
    "Namenlijsten": "NameLists",
    "namenlijsten": "name_lists",
    "jongens": "boys",
    "meisjes": "girls",
    "volledig": "full",
    "splits_voorvoegsel": "split_voorvoegsel",
    "bsn_elfproef": "bsn_eleven_test",
    "ECKID_PREFIXEN": "ECKID_PREFIXES",
    "hoofdnummer": "main_number",
}

# One Dutch name for two different things: (defining module, old) -> new, applied in that module and in the
# modules that import the name from it.
SCOPED = {
    ("conformance.standards.bestellen.client", "Uitwisseling"): "OrderExchange",
    ("conformance.standards.edukoppeling.client", "Uitwisseling"): "ServiceExchange",
    ("conformance.standards.uwlr.reference", "ReferentieLas"): "ReferenceLas",
    ("conformance.standards.eckid.las_reference", "ReferentieLas"): "ReferenceNvCaller",
    ("conformance.standards.uwlr.ea_judge", "antwoord"): "uwlr_answer",  # `answer` is the SOAP message there
    ("conformance.standards.uwlr.ea_reference", "antwoord"): "uwlr_answer",
}

# One Dutch word for a method and for a field on other objects: a name called (`def fout(`, `x.fout(`) renames by
# CALLS; an attribute (`x.fout`, a keyword `fout=`, a class annotation `fout: str`) by FIELDS. Bare local
# variables of the same name are left alone.
CALLS = {
    "fout": "expect_fault",  # ServiceExchange.fout(requirement, why) and the bestellen conftest's helper
}
FIELDS = {
    "fout": "error",  # Handshake.fout and the reference LAS's reason for stopping
}

# old -> new pairs checked and accepted although both names occur in one file before the rename (the old one is an
# attribute or parameter of another object there, or the new one is a method of another class).
ACCEPTED_OVERLAPS = {
    ("adressering", "addressing"),  # eckid client: the local takes over the parameter it was made from
}

STEMS = {Path(old).stem: Path(new).stem for old, new in MODULES.items()}
DOTTED = {".".join(Path(old).with_suffix("").parts): ".".join(Path(new).with_suffix("").parts)
          for old, new in MODULES.items()}


def _module_of(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts)


def _absolute(node: ast.ImportFrom, path: Path) -> str:
    if not node.level:
        return node.module or ""
    package = _module_of(path).split(".")[:-node.level]  # a package's __init__ counts as a module inside it
    return ".".join(package + ([node.module] if node.module else []))


def file_mapping(path: Path, tree: ast.Module) -> dict[str, str]:
    """NAMES, plus the scoped renames whose defining module this is or imports from."""
    mapping = dict(NAMES)
    module = _module_of(path)
    imported = {(_absolute(n, path), a.name) for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) for a in n.names}
    for (home, old), new in SCOPED.items():
        if module == home or (home, old) in imported or (DOTTED.get(home, home), old) in imported:
            if mapping.get(old, new) != new and old not in NAMES:
                raise SystemExit(f"{path}: {old} is imported from two modules that rename it differently")
            mapping[old] = new
    for node in ast.walk(tree):  # `from package import module` binds the module's stem as a name
        if isinstance(node, ast.ImportFrom):
            for alias in node.names:
                if alias.asname is None and f"{_absolute(node, path)}.{alias.name}" in DOTTED:
                    mapping[alias.name] = STEMS[alias.name]
    return mapping


def _identifier_strings(tree: ast.Module) -> set[tuple[int, int]]:
    """Positions of string literals that hold Python names: `__all__` entries, and the fixture and argument names
    given to usefixtures, getfixturevalue and parametrize."""
    spots = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(t, ast.Name) and t.id == "__all__" for t in targets) and node.value is not None:
                spots |= {(c.lineno, c.col_offset) for c in ast.walk(node.value) if isinstance(c, ast.Constant)}
        elif isinstance(node, ast.Call):
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if name in ("usefixtures", "getfixturevalue"):
                spots |= {(a.lineno, a.col_offset) for a in node.args if isinstance(a, ast.Constant)}
            elif name == "parametrize" and node.args and isinstance(node.args[0], ast.Constant):
                spots.add((node.args[0].lineno, node.args[0].col_offset))
    return spots


def _docstrings(tree: ast.Module) -> set[tuple[int, int]]:
    nodes = [tree] + [n for n in ast.walk(tree) if isinstance(n, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))]
    return {(n.body[0].value.lineno, n.body[0].value.col_offset) for n in nodes
            if n.body and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)
            and isinstance(n.body[0].value.value, str)}


def _rewrite_string(text: str, mapping: dict[str, str]) -> str:
    """Dotted paths "conformance.…" (mock and monkeypatch targets) renamed component by component."""
    def path(match: re.Match[str]) -> str:
        return ".".join(STEMS.get(part) or mapping.get(part, part) for part in match.group(0).split("."))
    return re.sub(r"(?<![\w.])conformance(?:\.\w+)+", path, text)


def _module_level(tree: ast.Module) -> list[ast.AST]:
    """The module's own statements' nodes, without the bodies of its functions and classes."""
    nodes: list[ast.AST] = []
    todo: list[ast.AST] = list(tree.body)
    while todo:
        node = todo.pop()
        nodes.append(node)
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            todo.extend(ast.iter_child_nodes(node))
    return nodes


def _scope_names(scope: ast.AST) -> set[str]:
    """Names a scope binds or reads (its nested scopes included): where old and new would meet after a rename."""
    names = set()
    for node in (_module_level(scope) if isinstance(scope, ast.Module) else ast.walk(scope)):
        if isinstance(node, ast.Name):
            names.add(node.id)
        elif isinstance(node, ast.arg):
            names.add(node.arg)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node is not scope:
            names.add(node.name)
        elif isinstance(node, ast.alias):
            names.add(node.asname or node.name.split(".")[0])
    return names


def _class_members(cls: ast.ClassDef) -> set[str]:
    members = {n.name for n in cls.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))}
    for node in ast.walk(cls):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "self":
            members.add(node.attr)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            members.add(node.target.id)
    return members


def _overlaps(tree: ast.Module, mapping: dict[str, str]) -> list[tuple[str, str, str]]:
    """Renames whose new name is already used in one function (or the module), or is a member of one class."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            names, kind = _scope_names(node), f"a name in {getattr(node, 'name', 'the module')}"
        elif isinstance(node, ast.ClassDef):
            names, kind = _class_members(node), f"a member of {node.name}"
            found |= {(old, new, kind) for table in (CALLS, FIELDS) for old, new in table.items()
                      if old in names and new in names}
        else:
            continue
        found |= {(old, new, kind) for old, new in mapping.items() if old != new and old in names and new in names}
    return sorted(found)


def _rename_in_expression(text: str, mapping: dict[str, str]) -> str:
    """The names of a Python expression renamed (an f-string's replacement field)."""
    try:
        tokens = [t for t in tokenize.generate_tokens(io.StringIO(text).readline) if t.type != tokenize.NL]
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return text
    edits = []
    for index, tok in enumerate(tokens):
        new = None
        if tok.type == tokenize.NAME:
            new = _renamed_name(tokens, index, mapping, import_line=False, at_start=False, depth=0)
        elif tok.type == tokenize.STRING and re.match(r"[a-zA-Z]*[fF]", tok.string):
            new = _rename_in_fstring(tok.string, mapping)
        if new is not None and new != tok.string:
            edits.append((tok.start[1], tok.end[1], new))
    for start, end, new in reversed(edits):  # a replacement field is one line
        text = text[:start] + new + text[end:]
    return text


def _rename_in_fstring(literal: str, mapping: dict[str, str]) -> str:
    """The names inside an f-string's {replacement fields} renamed; its text and format specs left as they are."""
    out, i = [], 0
    while i < len(literal):
        char = literal[i]
        if char == "{" and literal[i:i + 2] == "{{":
            out.append("{{")
            i += 2
            continue
        if char != "{":
            out.append(char)
            i += 1
            continue
        j = next((k + 1 for k, _, depth in _unquoted(literal, i + 1, depth=1) if depth == 0), len(literal))
        field = literal[i + 1:j - 1]
        expression = _field_expression(field)
        rest = field[len(expression):]
        out.append("{" + _rename_in_expression(expression, mapping) + rest + "}")
        i = j
    return "".join(out)


def _field_expression(field: str) -> str:
    """The expression of a replacement field: up to its `!r`/`!s`/`!a` conversion or its `:` format spec, both found
    outside brackets and quotes only, so a slice (`{names[:3]}`) or a dict literal stays part of the expression."""
    for k, c, depth in _unquoted(field, 0, depth=0):
        if depth == 0 and (c == ":" or (c == "!" and field[k + 1:k + 2] in ("r", "s", "a")
                                         and field[k + 2:k + 3] in ("", ":"))):
            return field[:k]
    return field


def _unquoted(text: str, start: int, *, depth: int) -> Iterator[tuple[int, str, int]]:
    """(index, character, bracket depth after it) for each character of `text` from `start` outside a quoted string."""
    quote = ""
    for k in range(start, len(text)):
        c = text[k]
        if quote:
            quote = "" if c == quote else quote
        elif c in "'\"":
            quote = c
        else:
            depth += (c in "{[(") - (c in "}])")
            yield k, c, depth


Edit = tuple[tuple[int, int], tuple[int, int], str]


def _span_edits(tokens: list[tokenize.TokenInfo], docstrings: set[tuple[int, int]],
                mapping: dict[str, str]) -> list[Edit]:
    """Comments and docstrings: only their code spans."""
    edits = []
    for tok in tokens:
        if tok.type == tokenize.COMMENT or (tok.type == tokenize.STRING and tok.start in docstrings):
            renamed = rename_code_spans(tok.string, mapping)
            if renamed != tok.string:
                edits.append((tok.start, tok.end, renamed))
    return edits


def _renamed_name(tokens: list[tokenize.TokenInfo], index: int, mapping: dict[str, str], *, import_line: bool,
                  at_start: bool, depth: int) -> str | None:
    name = tokens[index].string
    before = tokens[index - 1].string if index else ""
    after = tokens[index + 1].string if index + 1 < len(tokens) else ""
    if import_line and name in STEMS:
        return STEMS[name]
    if name in mapping:
        return mapping[name]
    if name in CALLS and after == "(":
        return CALLS[name]
    if name in FIELDS and (before == "." or (after == "=" and depth > 0) or (after == ":" and at_start and depth == 0)):
        return FIELDS[name]
    return None


def _renamed_string(literal: str, mapping: dict[str, str], *, holds_names: bool) -> str:
    if holds_names:  # __all__, usefixtures, parametrize: the whole text is names
        return re.sub(r"\w+", lambda m: mapping.get(m.group(0), m.group(0)), literal)
    if re.match(r"[a-zA-Z]*[fF]", literal):
        literal = _rename_in_fstring(literal, mapping)
    return _rewrite_string(literal, mapping) if "conformance." in literal else literal


def _token_edits(tokens: list[tokenize.TokenInfo], tree: ast.Module, docstrings: set[tuple[int, int]],
                 mapping: dict[str, str]) -> list[Edit]:
    names_in_strings = _identifier_strings(tree)
    code = [t for t in tokens if t.type not in (tokenize.NL, tokenize.INDENT, tokenize.DEDENT, tokenize.COMMENT)]
    edits: list[Edit] = []
    import_line, first, depth = False, True, 0
    for index, tok in enumerate(code):
        if tok.type == tokenize.NEWLINE:
            first = True
            continue
        depth += (tok.type == tokenize.OP and tok.string in "([{") - (tok.type == tokenize.OP and tok.string in ")]}")
        at_start, first = first, False
        if at_start:
            import_line = tok.type == tokenize.NAME and tok.string in ("import", "from")
        new = None
        if tok.type == tokenize.NAME:
            new = _renamed_name(code, index, mapping, import_line=import_line, at_start=at_start, depth=depth)
        elif tok.type == tokenize.STRING and tok.start not in docstrings:
            new = _renamed_string(tok.string, mapping, holds_names=tok.start in names_in_strings)
        if new is not None and new != tok.string:
            edits.append((tok.start, tok.end, new))
    return edits


def _apply(source: str, edits: list[Edit]) -> str:
    lines = source.splitlines(keepends=True)
    for (srow, scol), (erow, ecol), text in sorted(edits, reverse=True):
        lines[srow - 1:erow] = [lines[srow - 1][:scol] + text + lines[erow - 1][ecol:]]
    return "".join(lines)


def rewrite(source: str, path: Path) -> tuple[str, list[str]]:
    """The source with its identifiers renamed, and notes on overlaps a reviewer should look at."""
    tree = ast.parse(source)
    mapping = file_mapping(path, tree)
    tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    docstrings = _docstrings(tree)
    notes = [f"{path.relative_to(ROOT)}: {old} -> {new}, but {new} is already {kind} here"
             for old, new, kind in _overlaps(tree, mapping) if (old, new) not in ACCEPTED_OVERLAPS]
    edits = _span_edits(tokens, docstrings, mapping) + _token_edits(tokens, tree, docstrings, mapping)
    return _apply(source, edits), notes


def _registered_check(node: ast.AST) -> bool:
    return isinstance(node, ast.FunctionDef) and any(
        isinstance(d, ast.Call) and getattr(d.func, "id", None) == "check" for d in node.decorator_list)


def protected_names() -> set[str]:
    """Ids users see and keep: scenario-test ids (test functions and classes in testcases/, in expected-failure
    files) and registered check ids (an @check function's name is its id in failure messages and `validate`)."""
    names = set()
    for path in (ROOT / "testcases").rglob("test_*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and \
                    node.name.startswith(("test", "Test")):
                names.add(node.name)
    for path in (ROOT / "conformance").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names |= {node.name for node in ast.walk(tree) if _registered_check(node)}
    return names


def python_files() -> list[Path]:
    """Every Python file but this one and its test, whose snippets hold the old names on purpose."""
    own = {Path(__file__).resolve(), ROOT / "tests" / "core" / "test_rename_codemod.py"}
    return sorted(p for root in SOURCES for p in (ROOT / root).rglob("*.py")
                  if p.resolve() not in own and ".venv" not in p.parts)


def move_modules(check: bool) -> list[str]:
    moved = []
    for old, new in MODULES.items():
        if (ROOT / old).exists() and not (ROOT / new).exists():
            moved.append(f"git mv {old} {new}")
            if not check:
                subprocess.run(["git", "mv", old, new], cwd=ROOT, check=True)
        elif (ROOT / old).exists():
            raise SystemExit(f"both {old} and {new} exist: merge them by hand first")
    return moved


def rename_code_spans(text: str, mapping: dict[str, str] = NAMES) -> str:
    """Code spans naming a renamed identifier (`read_antwoord()`, `Ontvanger.ontvang`, `ondertekenen=False`)
    follow the rename; the prose around them stays. For Markdown files, docstrings and comments."""
    def rename(part: str, last: bool, called: bool) -> str:
        if part in mapping:
            return mapping[part]
        if last and called and part in CALLS:
            return CALLS[part]
        return FIELDS.get(part, part) if not (last and called) else part

    def span(match: re.Match[str]) -> str:
        parts = match.group(1).split(".")
        called = match.group(2).startswith("(")
        renamed = [rename(part, i == len(parts) - 1, called) for i, part in enumerate(parts)]
        return "`" + ".".join(renamed) + match.group(2) + "`"
    return re.sub(r"`([A-Za-z_][\w.]*)([^`\n]*)`", span, text)


def markdown_files() -> list[Path]:
    listed = subprocess.run(["git", "ls-files", "*.md"], cwd=ROOT, capture_output=True, text=True, check=True)
    return [ROOT / name for name in listed.stdout.split() if not name.startswith("docs/glossary")]


def templates_naming_old() -> list[str]:
    """Jinja templates reach Python attributes by name; they are reported, not rewritten."""
    found = []
    old_names = set(NAMES) | set(CALLS) | set(FIELDS) | {old for _, old in SCOPED}
    for path in ROOT.glob("conformance/**/*.jinja2"):
        for name in set(re.findall(r"\.(\w+)", path.read_text(encoding="utf-8"))) & old_names:
            found.append(f"{path.relative_to(ROOT)} uses .{name}")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 when something is to rename")
    args = parser.parse_args(argv)
    clash = (set(NAMES) | set(CALLS) | set(FIELDS) | {old for _, old in SCOPED}) & protected_names()
    if clash:
        raise SystemExit(f"scenario-test ids may not be renamed: {sorted(clash)}")
    changes = move_modules(args.check)
    notes: list[str] = []
    for path in python_files():
        if not path.exists():  # a module just moved: its new path is in the list as well
            continue
        source = path.read_text(encoding="utf-8")
        result, found = rewrite(source, path)
        notes += found
        if result != source:
            changes.append(f"rewrote {path.relative_to(ROOT)}")
            if not args.check:
                path.write_text(result, encoding="utf-8")
    for path in markdown_files():
        text = path.read_text(encoding="utf-8")
        if rename_code_spans(text) != text:
            changes.append(f"rewrote {path.relative_to(ROOT)}")
            if not args.check:
                path.write_text(rename_code_spans(text), encoding="utf-8")
    for line in changes + [f"review: {n}" for n in notes] + [f"review: {t}" for t in templates_naming_old()]:
        print(line)
    return 1 if args.check and changes else 0


if __name__ == "__main__":
    sys.exit(main())
