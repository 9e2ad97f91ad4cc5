"""A stored law.Decision as the citizen reads it: each condition and amount with its article's number and title
in the reader's language and a link to the article's text (law/acts), never an internal id alone."""

from __future__ import annotations

from typing import Any

from law import labels, references


def article(ref: str, lang: str | None = None) -> dict[str, Any]:
    """{'id', 'number', 'title', 'act_title', 'url', 'cite', 'label'} of an article or paragraph reference."""
    r = references.reference(ref, lang)
    return {"id": r.id, "number": r.number, "paragraph": r.paragraph, "title": r.title, "act_title": r.act_title,
            "url": r.url, "cite": r.cite, "label": r.label}


def explain(decision: Any, lang: str | None = None) -> dict[str, Any] | None:
    if decision is None:
        return None
    return {
        "id": decision.pk, "on": decision.on, "eligible": decision.eligible, "rules_version": decision.rules_version,
        "conditions": [{"name": c["name"], "passed": bool(c["passed"]),
                        "value": labels.condition_value(c.get("value")),
                        "label": str(labels.CONDITIONS.get(c["name"], c.get("label") or c["name"])),
                        "article": article(c["article"], lang)} for c in decision.conditions],
        "entitlements": [{"name": a["name"], "amount_kzt": int(a["amount_kzt"]),
                          "label": str(labels.ENTITLEMENTS.get(a["name"], a.get("label") or a["name"])),
                          "article": article(a["article"], lang)} for a in decision.entitlements],
    }
