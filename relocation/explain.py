"""A stored law.Decision as the citizen reads it: each condition and amount with its article's number and title
in the reader's language and a link to the article's text (law/acts), never an internal id alone."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import get_language

from law import acts, labels


def article(ref: str, lang: str | None = None) -> dict[str, Any]:
    """{'id', 'number', 'title', 'act_title', 'url', 'cite'} of an article or paragraph reference."""
    lang = (lang or get_language() or "en")[:2]
    record = acts.get(ref)
    if record is None:
        return {"id": ref, "number": "", "paragraph": "", "title": ref, "act_title": "", "url": "", "cite": ref}
    art = acts.get(record.article_id) or record
    act = next((a for a in acts.acts() if a.id == record.act), None)
    act_title = acts.pick(act.title, lang) if act else record.act
    paragraph = record.number if record.parent else ""
    number = art.number
    url = reverse("law:act", args=[record.act]) + "#" + record.id.replace("/", "-")
    art_word = {"ru": "ст.", "kk": "-бап", "en": "art."}.get(lang, "art.")
    if lang == "kk":
        cite = f"{number}{art_word}" + (f" {paragraph}-т." if paragraph else "")
    else:
        cite = f"{art_word} {number}" + (f"({paragraph})" if paragraph else "")
    return {"id": ref, "number": number, "paragraph": paragraph, "title": acts.pick(art.title, lang),
            "act_title": act_title, "url": url, "cite": cite}


def shown(value: Any) -> str:
    if isinstance(value, bool):
        return "✓" if value else "✗"
    return str(value)


def explain(decision: Any, lang: str | None = None) -> dict[str, Any] | None:
    if decision is None:
        return None
    return {
        "id": decision.pk, "on": decision.on, "eligible": decision.eligible, "rules_version": decision.rules_version,
        "conditions": [{"name": c["name"], "passed": bool(c["passed"]),
                        "value": str(labels.STATUSES.get(c.get("value"), shown(c.get("value"))))
                        if c["name"] == "applicant_is_job_seeker_or_unemployed" else shown(c.get("value")),
                        "label": str(labels.CONDITIONS.get(c["name"], c.get("label") or c["name"])),
                        "article": article(c["article"], lang)} for c in decision.conditions],
        "entitlements": [{"name": a["name"], "amount_kzt": int(a["amount_kzt"]),
                          "label": str(labels.ENTITLEMENTS.get(a["name"], a.get("label") or a["name"])),
                          "article": article(a["article"], lang)} for a in decision.entitlements],
    }
