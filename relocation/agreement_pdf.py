"""The resettlement agreement with its adaptation plan, as a PDF in the reader's language (WeasyPrint, as the
stats bulletin), each support measure with its amount and the article it rests on."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils.translation import get_language

from law import labels

from .explain import article
from .models import Application


def agreement_context(app: Application) -> dict:
    lang = (get_language() or "en")[:2]
    agreement = app.agreement
    measures = [{**m, "label": labels.ENTITLEMENTS.get(m["name"], m["name"]), "article": article(m["article"], lang)}
                for m in agreement.measures]
    return {"app": app, "agreement": agreement, "measures": measures, "lang": lang,
            "members": app.members.select_related("person")}


def render_agreement(app: Application) -> bytes:
    from weasyprint import HTML

    html = render_to_string("relocation/agreement_pdf.html", agreement_context(app))
    return HTML(string=html).write_pdf()
