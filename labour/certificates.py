"""The course completion certificate: HTML in the person's language, rendered to PDF by WeasyPrint
(as stats/bulletin.py does)."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import translation

from .models import Enrolment

LANGUAGES = ("kk", "ru", "en")


def certificate_html(enrolment: Enrolment, *, lang: str) -> str:
    lang = lang if lang in LANGUAGES else "kk"
    contract = enrolment.duty.contract
    with translation.override(lang):
        return render_to_string("labour/certificate.html", {
            "enrolment": enrolment, "person": contract.employee, "course": enrolment.course,
            "provider": enrolment.course.provider, "employer": contract.employer, "lang": lang,
            "hours": enrolment.hours_attended,
        })


def certificate_pdf(enrolment: Enrolment, *, lang: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=certificate_html(enrolment, lang=lang)).write_pdf()
