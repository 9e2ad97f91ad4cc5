"""The form engine: one evaluation of an XLSForm's rules, used by the live page and by the server's check.

A form's definition is pyxform's JSON (references still written `${name}`). Answers are a dict: question name
→ value, groups flattened, a repeat → a list of such dicts. `check(form, answers, lang)` builds the XForm
instance as XML (groups and repeats nested as in ODK), works out the calculations, then walks every question
in document order evaluating `relevant`, `required`, `constraint` and `choice_filter` with elementpath's XPath
2.0 engine (ODK's own functions — selected(), if(), coalesce() … — registered beside it). References
`${x}` become absolute paths, indexed by the current repeat instance where the target shares it, so a
question inside the 3rd household member reads that member's answers; `..` works as in ODK because each
expression is evaluated with the question's own node as the context item.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import threading
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any
from xml.etree import ElementTree as ET

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .xlsform import IIN_FIELD, META_TYPES, QUESTION_TYPES, language_code

ODK_NS = "urn:koshi:odk-functions"
ROOT = "koshi"
_REF = re.compile(r"\$\{([A-Za-z_][\w.-]*)\}")
_ODK_FUNCS = {
    "selected": "selected", "count-selected": "count-selected", "if": "cond", "coalesce": "coalesce",
    "today": "today", "now": "now", "int": "int", "regex": "regex", "boolean-from-string": "boolean-from-string",
    "substr": "substr", "round": "round", "selected-at": "selected-at", "date": "date",
}
_FUNC_RE = re.compile(r"(?<![\w:$.{-])(" + "|".join(re.escape(f) for f in sorted(_ODK_FUNCS, key=len, reverse=True))
                      + r")\s*\(")


# --- the form definition -------------------------------------------------------------------------------------

@dataclass
class Node:
    kind: str  # text integer decimal date select_one select_multiple note calculate group repeat meta
    name: str
    raw: dict[str, Any]
    parent: Node | None = None
    children: list[Node] = field(default_factory=list)

    @property
    def bind(self) -> dict[str, Any]:
        return self.raw.get("bind") or {}

    @property
    def choices(self) -> list[dict[str, Any]]:
        return self.raw.get("choices") or []

    @property
    def repeat_count(self) -> str | None:
        control = self.raw.get("control") or {}
        return control.get("jr:count") or self.raw.get("jr:count")

    @property
    def is_input(self) -> bool:
        return self.kind in ("text", "integer", "decimal", "date", "select_one", "select_multiple")

    def ancestors(self) -> list[Node]:
        out, node = [], self.parent
        while node is not None and node.kind != "survey":
            out.append(node)
            node = node.parent
        return out[::-1]

    def required(self) -> str | None:
        value = self.bind.get("required")
        if value in (None, "", "no", "false()", False):
            return None
        return "true()" if value in ("yes", "true()", True) else str(value)


class FormDefinition:
    def __init__(self, definition: dict[str, Any]):
        self.raw = definition
        self.root = Node("survey", "data", definition)
        self.by_name: dict[str, Node] = {}
        self._build(self.root, definition.get("children", []))
        self.default_language = language_code(str(definition.get("default_language") or "default"))

    def _build(self, parent: Node, children: list[dict]) -> None:
        for raw in children:
            kind = raw.get("type", "")
            if kind == "group" and raw.get("name") == "meta" and (raw.get("control") or {}).get("bodyless"):
                continue
            kind = QUESTION_TYPES.get(kind, kind)
            if kind in META_TYPES:
                kind = "meta"
            node = Node(kind, raw["name"], raw, parent)
            parent.children.append(node)
            self.by_name[node.name] = node
            if kind in ("group", "repeat"):
                self._build(node, raw.get("children", []))

    def walk(self, nodes: list[Node] | None = None):
        for node in self.root.children if nodes is None else nodes:
            yield node
            yield from self.walk(node.children)

    def questions(self) -> list[Node]:
        return [n for n in self.walk() if n.is_input or n.kind == "calculate"]


# The label pyxform writes itself for an "or_other" question, in English only: Koshi translates it.
PYXFORM_SPECIFY_OTHER = "Specify other."


def text_in(value: Any, lang: str, default: str = "default") -> str:
    """A label (a string, or a dict keyed 'Kazakh (kk)' …) in the reader's language, else the form's default,
    else English, else the first given; pyxform's own English label in the reader's language."""
    text = _text_in(value, lang, default)
    if text == PYXFORM_SPECIFY_OTHER:
        with translation.override(lang):
            return str(translation.gettext(PYXFORM_SPECIFY_OTHER))
    return text


def _text_in(value: Any, lang: str, default: str) -> str:
    if not isinstance(value, dict):
        return "" if value is None else str(value)
    by_code = {language_code(k): v for k, v in value.items()}
    for code in (lang, default, "default", "en"):
        if by_code.get(code):
            return str(by_code[code])
    return str(next(iter(value.values()), ""))


def label_of(node: Node, lang: str, form: FormDefinition) -> str:
    return text_in(node.raw.get("label"), lang, form.default_language) or node.name


def choice_label(node: Node, value: str, lang: str, form: FormDefinition) -> str:
    for choice in node.choices:
        if choice["name"] == value:
            return text_in(choice.get("label"), lang, form.default_language) or value
    return value


# --- XPath ----------------------------------------------------------------------------------------------------

def _string(value: Any) -> str:
    if isinstance(value, list):
        return _string(value[0]) if value else ""
    if hasattr(value, "text") and hasattr(value, "tag"):
        return value.text or ""
    if hasattr(value, "elem"):  # an elementpath node
        return _string(value.elem)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _number(value: Any) -> float:
    try:
        return float(_string(value))
    except ValueError:
        return math.nan


def _make_parser():
    from elementpath import XPath2Parser

    parser = XPath2Parser(namespaces={"odk": ODK_NS})

    def selected(values, choice):
        return _string(choice) in _string(values).split()

    def count_selected(values):
        return len(_string(values).split())

    def selected_at(values, index):
        parts = _string(values).split()
        i = int(_number(index))
        return parts[i] if 0 <= i < len(parts) else ""

    def cond(test, yes, no):
        return yes if _truth(test) else no

    def coalesce(a, b):
        return _string(a) or _string(b)

    def today():
        return timezone.localdate().isoformat()

    def now():
        return dt.datetime.now(dt.UTC).isoformat()

    def int_(value):
        number = _number(value)
        return math.nan if math.isnan(number) else float(int(number))

    def regex(value, pattern):
        return re.fullmatch(_string(pattern), _string(value)) is not None

    def boolean_from_string(value):
        return _string(value) in ("true", "1")

    def substr(value, start, end=None):
        text = _string(value)
        return text[int(_number(start)):] if end is None else text[int(_number(start)):int(_number(end))]

    def round_(value, digits=0):
        number = _number(value)
        return math.nan if math.isnan(number) else float(round(number, int(_number(digits))))

    def date(value):
        return _string(value)[:10]

    for callback, name in ((selected, "selected"), (count_selected, "count-selected"), (cond, "cond"),
                           (coalesce, "coalesce"), (today, "today"), (now, "now"), (int_, "int"),
                           (regex, "regex"), (boolean_from_string, "boolean-from-string"), (substr, "substr"),
                           (round_, "round"), (selected_at, "selected-at"), (date, "date")):
        parser.external_function(callback, name=name, prefix="odk")
    return parser


_local = threading.local()


def _compiled(expression: str):
    cache = getattr(_local, "cache", None)
    if cache is None:
        _local.parser = _make_parser()
        cache = _local.cache = {}
    token = cache.get(expression)
    if token is None:
        if len(cache) > 5000:
            cache.clear()
        token = cache[expression] = _local.parser.parse(expression)
    return token


def _truth(value: Any) -> bool:
    if isinstance(value, list):
        if len(value) == 1 and isinstance(value[0], bool | int | float | str):
            return _truth(value[0])
        return len(value) > 0
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float | Decimal):
        return not (isinstance(value, float) and math.isnan(value)) and value != 0
    if isinstance(value, str):
        return value != ""
    return value is not None


class Instance:
    """The answers as an ODK instance document, and where each question's node sits."""

    def __init__(self, form: FormDefinition, answers: dict[str, Any]):
        self.form = form
        self.document = ET.Element(ROOT)
        self.data = ET.SubElement(self.document, "data")
        self.itemsets = ET.SubElement(self.document, "itemsets")
        self.slots: list[Slot] = []
        self._items: dict[str, ET.Element] = {}
        self._fill(form.root.children, self.data, answers, "", {}, None)

    def _fill(self, nodes: list[Node], parent: ET.Element, answers: dict, prefix: str, index: dict[str, int],
              container: Slot | None) -> None:
        for node in nodes:
            if node.kind == "meta":
                continue
            element = ET.SubElement(parent, node.name) if node.kind != "repeat" else None
            if node.kind == "group" and element is not None:
                slot = Slot(node, prefix + node.name, element, dict(index), container)
                self.slots.append(slot)
                self._fill(node.children, element, answers, prefix, index, slot)
            elif node.kind == "repeat":
                instances = answers.get(node.name) or []
                slot = Slot(node, prefix + node.name, None, dict(index), container, count=len(instances))
                self.slots.append(slot)
                for i, member in enumerate(instances):
                    element = ET.SubElement(parent, node.name)
                    path = f"{prefix}{node.name}[{i}]"
                    inner = Slot(node, path, element, {**index, node.name: i}, slot, instance=True)
                    self.slots.append(inner)
                    self._fill(node.children, element, member if isinstance(member, dict) else {},
                               path + "/", {**index, node.name: i}, inner)
            elif element is not None:  # a question
                element.text = to_text(answers.get(node.name))
                self.slots.append(Slot(node, prefix + node.name, element, dict(index), container))

    def path_to(self, name: str, index: dict[str, int]) -> str:
        target = self.form.by_name.get(name)
        if target is None:
            raise KeyError(name)
        steps = [f"/{ROOT}/data"]
        for ancestor in [*target.ancestors(), target]:
            step = ancestor.name
            if ancestor.kind == "repeat" and ancestor.name in index and ancestor is not target:
                step += f"[{index[ancestor.name] + 1}]"
            steps.append(step)
        return "/".join(steps)

    def translate(self, expression: str, index: dict[str, int]) -> str:
        expression = _REF.sub(lambda m: self.path_to(m.group(1), index), expression)
        return _FUNC_RE.sub(lambda m: f"odk:{_ODK_FUNCS[m.group(1)]}(", expression)

    def evaluate(self, expression: str, slot: Slot, item: ET.Element | None = None) -> Any:
        from elementpath import XPathContext

        token = _compiled(self.translate(expression, slot.index))
        context = XPathContext(self.document, item=item if item is not None else slot.element)
        return token.evaluate(context)

    def item(self, node: Node, choice: dict) -> ET.Element:
        key = f"{node.raw.get('list_name', node.name)}\x00{choice['name']}"
        element = self._items.get(key)
        if element is None:
            element = ET.SubElement(self.itemsets, "item")
            for column, value in choice.items():
                if column != "label" and re.fullmatch(r"[A-Za-z_][\w.-]*", column):
                    ET.SubElement(element, column).text = "" if value is None else str(value)
            self._items[key] = element
        return element


@dataclass
class Slot:
    node: Node
    path: str  # the name of the field in the page: roster[1]/member_age
    element: ET.Element | None
    index: dict[str, int]
    container: Slot | None
    count: int = 0
    instance: bool = False
    relevant: bool = True
    required: bool = False
    error: str = ""
    allowed: list[str] | None = None

    @property
    def value(self) -> str:
        return (self.element.text or "") if self.element is not None else ""


def to_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return " ".join(str(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# --- the check --------------------------------------------------------------------------------------------------

@dataclass
class Checked:
    slots: list[Slot]
    errors: list[str]
    data: dict[str, Any]

    @property
    def ok(self) -> bool:
        return not self.errors

    def state(self) -> dict[str, Any]:
        """What the live page needs: per field its relevance, error, allowed choices and calculated value."""
        out: dict[str, Any] = {}
        for slot in self.slots:
            entry: dict[str, Any] = {"relevant": slot.relevant, "error": slot.error}
            if slot.allowed is not None:
                entry["allowed"] = slot.allowed
            if slot.node.kind == "calculate":
                entry["value"] = slot.value
            if slot.node.kind == "repeat" and not slot.instance and slot.node.repeat_count:
                entry["count"] = slot.count
            out[slot.path] = entry
        return {"slots": out}


def _safe(instance: Instance, expression: str, slot: Slot, item: ET.Element | None = None) -> Any:
    try:
        return instance.evaluate(expression, slot, item)
    except KeyError as exc:
        raise ValueError(_("The form refers to an unknown question %(name)s.") % {"name": exc.args[0]}) from exc
    except Exception:  # XPath errors on empty answers (a number compared with "") count as false, as in ODK
        return None


def _parse(node: Node, value: Any) -> tuple[Any, str]:
    """The typed value and an error message ('' when fine)."""
    if node.kind == "select_multiple":
        values = value if isinstance(value, list | tuple) else str(value).split()
        return [str(v) for v in values], ""
    if isinstance(value, list | tuple | dict):
        return None, _("expects one value")
    text = str(value).strip()
    if node.kind == "integer":
        try:
            return int(text), ""
        except ValueError:
            return None, _("expects a whole number")
    if node.kind == "decimal":
        try:
            number = Decimal(text.replace(",", "."))
            if not number.is_finite():
                raise InvalidOperation
            return float(number), ""
        except InvalidOperation:
            return None, _("expects a number")
    if node.kind == "date":
        try:
            return dt.date.fromisoformat(text).isoformat(), ""
        except ValueError:
            return None, _("expects a date (YYYY-MM-DD)")
    if len(text) > 2000:
        return None, _("is too long")
    return text, ""


def _typed(form: FormDefinition, nodes: list[Node], answers: Any, prefix: str, problems: dict[str, str]) -> dict:
    """Typed answers (unknown names and bad types reported in `problems`, keyed by field path)."""
    out: dict[str, Any] = {}
    if not isinstance(answers, dict):
        return out
    known = {n.name: n for n in _flat(nodes)}
    for name, value in answers.items():
        node = known.get(name)
        if node is None:
            problems.setdefault(prefix + name, _("“%(name)s” is not a question of this form") % {"name": name})
            continue
        if node.kind == "repeat":
            if not isinstance(value, list):
                problems[prefix + name] = _("expects a list of members")
                continue
            out[name] = [_typed(form, node.children, member, f"{prefix}{name}[{i}]/", problems)
                         for i, member in enumerate(value[:500])]
        elif node.kind in ("calculate", "note", "meta", "group"):
            continue
        elif value not in (None, "", []):
            typed, error = _parse(node, value)
            if error:
                problems[prefix + name] = error
            else:
                out[name] = typed
    return out


def _flat(nodes: list[Node]) -> list[Node]:
    out = []
    for node in nodes:
        if node.kind == "group":
            out.extend(_flat(node.children))
        else:
            out.append(node)
    return out


def check(form: FormDefinition, answers: dict[str, Any], lang: str) -> Checked:
    """Evaluate every rule of the form on these answers; `errors` name the question and what it breaks."""
    problems: dict[str, str] = {}
    typed = _typed(form, form.root.children, answers, "", problems)
    instance = Instance(form, typed)
    slots = instance.slots
    for _round in range(2):  # calculations may read calculations further down
        for slot in slots:
            if slot.node.kind == "calculate" and slot.element is not None:
                slot.element.text = to_text(_value(_safe(instance, slot.node.bind.get("calculate", ""), slot)))
    errors: list[str] = []

    def name(slot: Slot) -> str:
        label = label_of(slot.node, lang, form)
        where = ""
        if slot.index:
            where = " (" + ", ".join(f"{k} #{v + 1}" for k, v in slot.index.items()) + ")"
        return f"«{label}» [{slot.node.name}]{where}"

    for slot in slots:
        container_relevant = slot.container.relevant if slot.container is not None else True
        relevance = slot.node.bind.get("relevant")
        if slot.instance:
            slot.relevant = container_relevant
        else:
            slot.relevant = container_relevant and (not relevance or _truth(_safe(instance, relevance, slot)))
        node = slot.node
        if node.kind == "repeat" and not slot.instance:
            if not slot.relevant and slot.count:
                slot.error = _("answered although it does not apply")
            elif slot.relevant and node.repeat_count:
                wanted = _number(_safe(instance, node.repeat_count, slot))
                if not math.isnan(wanted) and int(wanted) != slot.count:
                    slot.error = _("expects %(wanted)d entries, has %(count)d") % {"wanted": int(wanted),
                                                                                   "count": slot.count}
                slot.count = 0 if math.isnan(wanted) else int(wanted)
        if not node.is_input:
            if slot.error:
                errors.append(f"{name(slot)}: {slot.error}")
            continue
        if slot.path in problems:
            slot.error = problems.pop(slot.path)
        value = slot.value
        if node.kind in ("select_one", "select_multiple"):
            filter_expression = node.raw.get("choice_filter")
            if filter_expression:
                slot.allowed = [c["name"] for c in node.choices
                                if _truth(_safe(instance, filter_expression, slot, instance.item(node, c)))]
        if slot.error:
            pass
        elif not slot.relevant:
            if value != "":
                slot.error = _("answered although it does not apply")
        else:
            required = node.required()
            slot.required = bool(required and _truth(_safe(instance, required, slot)))
            if value == "":
                if slot.required:
                    slot.error = _("this question is required")
            else:
                slot.error = _choice_error(node, value, slot.allowed) or _constraint_error(instance, slot, lang, form)
        if slot.error:
            errors.append(f"{name(slot)}: {slot.error}")
    for path, problem in problems.items():
        errors.append(f"[{path}]: {problem}")
    data = _clean(form.root.children, slots, "")
    return Checked(slots, errors, data)


def _choice_error(node: Node, value: str, allowed: list[str] | None) -> str:
    if node.kind not in ("select_one", "select_multiple"):
        return ""
    names = {c["name"] for c in node.choices}
    picked = value.split() if node.kind == "select_multiple" else [value]
    for choice in picked:
        if choice not in names:
            return _("“%(value)s” is not one of its choices") % {"value": choice}
        if allowed is not None and choice not in allowed:
            return _("“%(value)s” is not among the choices that apply to the earlier answers") % {"value": choice}
    if node.kind == "select_multiple" and len(set(picked)) != len(picked):
        return _("a choice is picked twice")
    return ""


def _constraint_error(instance: Instance, slot: Slot, lang: str, form: FormDefinition) -> str:
    constraint = slot.node.bind.get("constraint")
    if not constraint or _truth(_safe(instance, constraint, slot)):
        return ""
    message = text_in(slot.node.bind.get("jr:constraintMsg"), lang, form.default_language)
    return message or _("the answer breaks the question's constraint (%(rule)s)") % {"rule": constraint}


def _value(result: Any) -> str:
    if isinstance(result, list) and len(result) == 1 and not hasattr(result[0], "tag"):
        result = result[0]
    if isinstance(result, float):
        if math.isnan(result):
            return ""
        return str(int(result)) if result.is_integer() else repr(round(result, 10))
    if isinstance(result, int) and not isinstance(result, bool):
        return str(result)
    return _string(result)


def _clean(nodes: list[Node], slots: list[Slot], prefix: str) -> dict[str, Any]:
    """The answers as stored: typed, only what applies, calculations included."""
    by_path = {s.path: s for s in slots}
    out: dict[str, Any] = {}
    for node in nodes:
        if node.kind == "group":
            out.update(_clean(node.children, slots, prefix))
        elif node.kind == "repeat":
            slot = by_path.get(prefix + node.name)
            members = []
            i = 0
            while f"{prefix}{node.name}[{i}]" in by_path:
                if by_path[f"{prefix}{node.name}[{i}]"].relevant:
                    members.append(_clean(node.children, slots, f"{prefix}{node.name}[{i}]/"))
                i += 1
            if slot is not None and slot.relevant and members:
                out[node.name] = members
        elif node.is_input or node.kind == "calculate":
            slot = by_path.get(prefix + node.name)
            if slot is None or not slot.relevant or slot.value == "":
                continue
            out[node.name] = _store(node, slot.value)
    return out


def _store(node: Node, text: str) -> Any:
    if node.kind == "integer":
        return int(text)
    if node.kind == "decimal":
        return float(text)
    if node.kind == "select_multiple":
        return text.split()
    return text


# --- the page's fields ------------------------------------------------------------------------------------------

_INDEX = re.compile(r"^(.*)\[(\d+)\]$")


def answers_from_post(form: FormDefinition, post: Any) -> dict[str, Any]:
    """The answers in a submitted page (QueryDict): field paths such as roster[0]/member_age."""
    keys = list(post.keys())

    def collect(nodes: list[Node], prefix: str) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for node in nodes:
            if node.kind == "group":
                out.update(collect(node.children, prefix))
            elif node.kind == "repeat":
                marker = re.compile(re.escape(prefix + node.name) + r"\[(\d+)\]$")
                indices = sorted({int(m.group(1)) for k in keys if (m := marker.match(k))})[:500]
                out[node.name] = [collect(node.children, f"{prefix}{node.name}[{i}]/") for i in indices]
            elif node.kind == "select_multiple":
                values = [v for v in post.getlist(prefix + node.name) if v]
                if values:
                    out[node.name] = values
            elif node.is_input:
                value = post.get(prefix + node.name, "").strip()
                if value:
                    out[node.name] = value
        return out

    return collect(form.root.children, "")


def split_identifier(data: dict[str, Any]) -> tuple[dict[str, Any], str]:
    """The answers without the respondent's IIN, and the IIN (kept apart, only for linking)."""
    data = dict(data)
    iin = str(data.pop(IIN_FIELD, "") or "")
    return data, iin
