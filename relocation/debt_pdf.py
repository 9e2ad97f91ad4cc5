"""The notice of a debt, as a PDF in the family's language (WeasyPrint, as the agreement): the amount, how the law
computed it from the frozen inputs, the articles, and how and by when to appeal (model law art. 19)."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils import translation

from law.appeals import EXEMPTION_ARTICLE, appeal_deadline, deciding_body

from .explain import article
from .models import DebtNotice


def notice_context(notice: DebtNotice) -> dict[str, Any]:
    debt = notice.debt
    lang = notice.language
    deadline = appeal_deadline(notice.issued_on)
    return {"notice": notice, "debt": debt, "app": debt.application, "lang": lang,
            "article": article(debt.article, lang), "exemption_article": article(EXEMPTION_ARTICLE, lang),
            "appeal_article": article(deadline.article, lang), "appeal_by": deadline.due_date,
            "body": deciding_body(notice.issued_on)[1], "days_not_served": debt.days_owed - debt.days_served}


def render_notice(notice: DebtNotice) -> bytes:
    from weasyprint import HTML

    with translation.override(notice.language):
        html = render_to_string("relocation/debt_notice_pdf.html", notice_context(notice))
    return HTML(string=html).write_pdf()
