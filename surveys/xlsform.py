"""XLSForm → Koshi: pyxform converts the file; Koshi checks what it can run and refuses the rest by name.

`convert(filename, content)` returns a `Converted` (the XForm, pyxform's JSON definition, languages,
warnings) or raises `FormRefused` with pyxform's own message (which names the sheet and row) or with the
list of features Koshi does not support. Nothing is dropped silently.
"""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

#: pyxform JSON types Koshi renders and validates
QUESTION_TYPES = {
    "text": "text", "integer": "integer", "decimal": "decimal", "date": "date",
    "select one": "select_one", "select all that apply": "select_multiple",
    "note": "note", "calculate": "calculate",
}
#: metadata filled by the server, never shown
META_TYPES = {"start", "end", "today", "deviceid", "username", "audit"}
STRUCTURE_TYPES = {"group", "repeat"}
#: XPath functions Koshi evaluates (XPath 2.0 core via elementpath plus ODK's own, see engine.py)
FUNCTIONS = {
    "selected", "count-selected", "if", "coalesce", "today", "now", "int", "regex", "boolean-from-string",
    "not", "true", "false", "count", "sum", "min", "max", "number", "string", "string-length", "concat",
    "contains", "starts-with", "ends-with", "substring", "substr", "round", "floor", "ceiling", "abs",
    "normalize-space", "translate", "boolean", "date", "decimal-date-time", "format-date", "selected-at",
}
#: names Koshi will not collect (a researcher never receives a respondent's name)
NAME_FIELDS = {"name", "full_name", "fullname", "fio", "surname", "first_name", "last_name", "given_name",
               "respondent_name", "patronymic"}
#: the one identifier a form may ask: stored only for linking, shown as a pseudonym
IIN_FIELD = "iin"

_FUNC_CALL = re.compile(r"(?<![\w:$.{-])([A-Za-z][\w:-]*)\s*\(")
_LANG_CODE = re.compile(r"\((\w{2,3})\)\s*$")


class FormRefused(ValueError):
    """The file cannot become a Koshi form; `problems` says why, each naming the question or row."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass
class Converted:
    form_id: str
    title: str
    version: str
    xform: str
    definition: dict[str, Any]
    languages: list[str]
    warnings: list[str] = field(default_factory=list)


def language_code(label: str) -> str:
    """'Kazakh (kk)' -> 'kk'; a language without a code keeps its name."""
    match = _LANG_CODE.search(label)
    return match.group(1).lower() if match else label


def convert(filename: str, content: bytes) -> Converted:
    from pyxform.errors import PyXFormError
    from pyxform.xls2xform import convert as pyxform_convert

    suffix = os.path.splitext(filename)[1].lower()
    if suffix not in (".xlsx", ".xls", ".csv"):
        raise FormRefused([_("An XLSForm is an .xlsx, .xls or .csv file; this one is “%(name)s”.") % {"name": filename}])
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "form" + suffix)
        with open(path, "wb") as handle:
            handle.write(content)
        try:
            result = pyxform_convert(xlsform=path, validate=False, pretty_print=True)
        except PyXFormError as exc:
            raise FormRefused([str(exc)]) from exc
        except Exception as exc:  # a file pyxform cannot read at all (not a workbook, broken csv)
            raise FormRefused([_("pyxform could not read the file: %(error)s") % {"error": exc}]) from exc
    definition = result._pyxform
    problems = unsupported(definition)
    if problems:
        raise FormRefused(problems)
    languages = sorted({language_code(k) for k in _label_keys(definition)} - {"default"})
    return Converted(
        form_id=str(definition.get("id_string") or "form"), title=str(definition.get("title") or ""),
        version=str(definition.get("version") or ""), xform=result.xform, definition=definition,
        languages=languages, warnings=[str(w) for w in result.warnings],
    )


def _label_keys(node: dict) -> set[str]:
    keys: set[str] = set()
    if isinstance(node.get("label"), dict):
        keys |= set(node["label"])
    for child in node.get("children", []):
        keys |= _label_keys(child)
    return keys


def _expressions(node: dict) -> list[str]:
    bind = node.get("bind", {}) or {}
    found = [bind.get(k) for k in ("relevant", "constraint", "calculate")]
    if isinstance(bind.get("required"), str) and bind["required"] not in ("yes", "true()", "no", "false()", ""):
        found.append(bind["required"])
    found.append(node.get("choice_filter"))
    control = node.get("control", {}) or {}
    found.append(control.get("jr:count"))
    return [e for e in found if isinstance(e, str) and e]


def unsupported(definition: dict) -> list[str]:
    """Every feature of the form Koshi does not run, each named with its question."""
    problems: list[str] = []
    seen_consent = False

    def walk(children: list[dict]) -> None:
        nonlocal seen_consent
        for node in children:
            kind, name = node.get("type", ""), node.get("name", "")
            if kind == "group" and name == "meta" and (node.get("control") or {}).get("bodyless"):
                continue
            if kind not in QUESTION_TYPES and kind not in META_TYPES and kind not in STRUCTURE_TYPES:
                problems.append(_("Question “%(name)s” has type “%(type)s”, which Koshi does not support.")
                                % {"name": name, "type": kind})
            if name.lower() in NAME_FIELDS:
                problems.append(_("Question “%(name)s” would collect a respondent's name; Koshi does not collect "
                                  "names (researchers read pseudonyms).") % {"name": name})
            if kind in QUESTION_TYPES and kind not in ("note", "calculate") and not seen_consent:
                seen_consent = True
                required = (node.get("bind") or {}).get("required") in ("yes", "true()")
                if name != "consent" or kind != "select one" or not required:
                    problems.append(_("The first question must be the respondent's consent: a required select_one "
                                      "named “consent” (this form starts with “%(name)s”).") % {"name": name})
            if isinstance(node.get("itemset"), str) and "." in node["itemset"]:
                problems.append(_("Question “%(name)s” takes its choices from a file (%(file)s), which Koshi does "
                                  "not support.") % {"name": name, "file": node["itemset"]})
            for expression in _expressions(node):
                for function in _FUNC_CALL.findall(_strip_strings(expression)):
                    if function not in FUNCTIONS:
                        problems.append(_("Question “%(name)s” uses the function %(function)s(), which Koshi does "
                                          "not support.") % {"name": name, "function": function})
            if kind in STRUCTURE_TYPES:
                walk(node.get("children", []))

    walk(definition.get("children", []))
    if not seen_consent:
        problems.append(_("The form has no questions."))
    return problems


def _strip_strings(expression: str) -> str:
    return re.sub(r"'[^']*'|\"[^\"]*\"", "''", expression)
