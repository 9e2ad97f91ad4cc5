"""The web form: HTML rendered on the server from the form definition, in the reader's language.

Every field carries `data-path` (its name in the page, e.g. member[0]/member_age); the page's small script
(static/surveys/collect.js) sends the answers to the evaluate endpoint as the respondent types and applies
what the server's engine answers: hidden and disabled questions that do not apply, errors, the choices a
filter leaves, calculated values. Without JavaScript the same state is rendered after each submit.
"""

from __future__ import annotations

from typing import Any

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import pgettext

from . import engine

RADIO_LIMIT = 7  # more choices than this: a drop-down list


class Renderer:
    def __init__(self, definition: engine.FormDefinition, lang: str, answers: dict[str, Any] | None = None,
                 state: dict[str, Any] | None = None):
        self.form = definition
        self.lang = lang
        self.answers = answers
        self.state = (state or {}).get("slots", {})

    def text(self, value: Any) -> str:
        return engine.text_in(value, self.lang, self.form.default_language)

    def render(self) -> SafeString:
        return mark_safe("".join(self.nodes(self.form.root.children, "", self.answers or {}, fresh=self.answers is None)))

    def _attrs(self, path: str) -> tuple[str, str]:
        state = self.state.get(path, {})
        hidden = " hidden" if state and not state.get("relevant", True) else ""
        return hidden, state.get("error", "")

    def nodes(self, nodes: list[engine.Node], prefix: str, answers: dict[str, Any], *, fresh: bool) -> list[str]:
        out: list[str] = []
        for node in nodes:
            path = prefix + node.name
            if node.kind == "meta":
                continue
            hidden, error = self._attrs(path)
            if node.kind == "group":
                inner = "".join(self.nodes(node.children, prefix, answers, fresh=fresh))
                out.append(format_html('<fieldset class="sv-group" data-path="{}"{}><legend>{}</legend>{}</fieldset>',
                                       path, mark_safe(hidden), self.text(node.raw.get("label")) or node.name,
                                       mark_safe(inner)))
            elif node.kind == "repeat":
                members = answers.get(node.name) or []
                instances = "".join(self.instance(node, f"{path}[{i}]", member if isinstance(member, dict) else {},
                                                  fresh=False) for i, member in enumerate(members))
                template = self.instance(node, f"{path}[__{node.name}__]", {}, fresh=True, template=True)
                out.append(format_html(
                    '<fieldset class="sv-repeat" data-path="{}" data-repeat="{}"{}><legend>{}</legend>'
                    '<div class="sv-instances">{}</div><template>{}</template>'
                    '<button type="button" class="sv-add" data-add="{}">{}</button>'
                    '<p class="sv-error" role="alert">{}</p></fieldset>',
                    path, node.name, mark_safe(hidden), self.text(node.raw.get("label")) or node.name,
                    mark_safe(instances), mark_safe(template), node.name, pgettext("survey", "Add"), error))
            elif node.kind == "note":
                out.append(format_html('<div class="sv-note" data-path="{}"{}><p>{}</p></div>', path,
                                       mark_safe(hidden), self.text(node.raw.get("label"))))
            elif node.kind == "calculate":
                value = self.state.get(path, {}).get("value", "")
                out.append(format_html('<output class="sv-calc" data-path="{}" hidden>{}</output>', path, value))
            else:
                out.append(self.question(node, path, answers.get(node.name), fresh=fresh, hidden=hidden, error=error))
        return out

    def instance(self, node: engine.Node, path: str, member: dict[str, Any], *, fresh: bool,
                 template: bool = False) -> str:
        inner = "".join(self.nodes(node.children, path + "/", member, fresh=fresh))
        number = "" if template else str(int(path.rsplit("[", 1)[1].rstrip("]")) + 1)
        return format_html(
            '<div class="sv-instance card" data-path="{}"><input type="hidden" name="{}" value="1">'
            '<p class="sv-instance-head"><strong>{} <span class="sv-number">{}</span></strong> '
            '<button type="button" class="sv-remove" data-remove>{}</button></p>{}</div>',
            path, path, self.text(node.raw.get("label")) or node.name, number, pgettext("survey", "Remove"), mark_safe(inner))

    def question(self, node: engine.Node, path: str, value: Any, *, fresh: bool, hidden: str, error: str) -> str:
        if value is None and fresh and node.raw.get("default") not in (None, ""):
            value = node.raw["default"]
        field_id = "q-" + path.replace("[", "-").replace("]", "").replace("/", "-")
        label = self.text(node.raw.get("label")) or node.name
        required = node.required() is not None
        hint = self.text(node.raw.get("hint"))
        allowed = self.state.get(path, {}).get("allowed")
        if node.kind in ("select_one", "select_multiple"):
            control = self.select(node, path, field_id, value, allowed)
            head = format_html('<legend id="{}-label">{}{}</legend>', field_id, label,
                               mark_safe(' <span class="sv-req" aria-hidden="true">*</span>') if required else "")
            wrapper = "fieldset"
        else:
            kind = {"integer": 'type="number" step="1" inputmode="numeric"', "decimal":
                    'type="number" step="any" inputmode="decimal"', "date": 'type="date"'}.get(node.kind, 'type="text"')
            control = format_html('<input id="{}" name="{}" {} value="{}"{}>', field_id, path, mark_safe(kind),
                                  "" if value is None else engine.to_text(value),
                                  mark_safe(" disabled") if hidden else "")
            head = format_html('<label for="{}">{}{}</label>', field_id, label,
                               mark_safe(' <span class="sv-req" aria-hidden="true">*</span>') if required else "")
            wrapper = "div"
        return format_html(
            '<{} class="sv-q" data-path="{}" data-kind="{}"{}>{}{}{}<p class="sv-error" role="alert">{}</p></{}>',
            mark_safe(wrapper), path, node.kind, mark_safe(hidden), head,
            format_html('<small class="sv-hint">{}</small>', hint) if hint else "", control, error,
            mark_safe(wrapper))

    def select(self, node: engine.Node, path: str, field_id: str, value: Any, allowed: list[str] | None) -> str:
        picked = set(value if isinstance(value, list) else ([] if value in (None, "") else str(value).split()))
        choices = node.choices
        disabled = " disabled" if self.state.get(path, {}).get("relevant") is False else ""
        if node.kind == "select_one" and len(choices) > RADIO_LIMIT:
            options = [format_html('<option value="">{}</option>', "—")]
            for c in choices:
                off = allowed is not None and c["name"] not in allowed
                options.append(format_html('<option value="{}" data-choice="{}"{}{}>{}</option>', c["name"], c["name"],
                                           mark_safe(" selected") if c["name"] in picked else "",
                                           mark_safe(" hidden disabled") if off else "",
                                           self.text(c.get("label")) or c["name"]))
            return format_html('<select id="{}" name="{}" aria-labelledby="{}-label"{}>{}</select>', field_id, path,
                               field_id, mark_safe(disabled), mark_safe("".join(options)))
        kind = "radio" if node.kind == "select_one" else "checkbox"
        items = []
        for i, c in enumerate(choices):
            off = allowed is not None and c["name"] not in allowed
            items.append(format_html(
                '<label class="sv-choice" data-choice="{}"{}><input type="{}" id="{}-{}" name="{}" value="{}"{}{}> {}'
                '</label>', c["name"], mark_safe(" hidden") if off else "", kind, field_id, i, path, c["name"],
                mark_safe(" checked") if c["name"] in picked else "", mark_safe(disabled),
                self.text(c.get("label")) or c["name"]))
        return mark_safe('<div class="sv-choices">' + "".join(items) + "</div>")


def render_form(definition: engine.FormDefinition, lang: str, answers: dict[str, Any] | None = None,
                state: dict[str, Any] | None = None) -> SafeString:
    return Renderer(definition, lang, answers, state).render()


def error_list(errors: list[str]) -> SafeString:
    return mark_safe("".join(f"<li>{escape(e)}</li>" for e in errors))
