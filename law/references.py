"""How a reference to the law reads: "Model law, Art. 10(1)" / "Code of Administrative Offences, Art. 492", in
the reader's language, with a link to the article's text. Rules and records keep internal ids
(``model-law/art-10/p-1``, ``koap/art-492``); every page, PDF and API label shows this instead."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from . import acts, labels


@dataclass(frozen=True)
class Reference:
    id: str
    act: str  # the act's short name
    act_title: str  # the act's full title
    number: str  # the article's number
    paragraph: str  # the paragraph's number, or ""
    title: str  # the article's title
    url: str  # the article's text on the law pages ("" for an unknown id)
    label: str  # "Model law, Art. 10(1)"
    cite: str  # "Art. 10(1)" without the act


def anchor(record_id: str) -> str:
    """The id of a record's element on its act's page."""
    return record_id.replace("/", "-")


def reference(ref: str, lang: str | None = None) -> Reference:
    """A reference by its internal id; an unknown id reads as itself (nothing is invented)."""
    with translation.override(lang or translation.get_language() or "en"):
        lang = (translation.get_language() or "en")[:2]
        record = acts.get(ref)
        if record is None:
            return Reference(ref, "", "", "", "", ref, "", ref, ref)
        article = acts.get(record.article_id) or record
        act = next((a for a in acts.acts() if a.id == record.act), None)
        prefix = record.id.split("/", 1)[0]
        short = labels.ACTS.get(prefix)
        act_name = str(short) if short else (acts.pick(act.title, lang) if act else prefix)
        paragraph = record.number if record.parent else ""
        values = {"act": act_name, "article": article.number, "paragraph": paragraph}
        if paragraph:
            cite = _("Art. %(article)s(%(paragraph)s)") % values
        else:
            cite = _("Art. %(article)s") % values
        return Reference(
            id=ref, act=act_name, act_title=acts.pick(act.title, lang) if act else act_name, number=article.number,
            paragraph=paragraph, title=acts.pick(article.title, lang),
            url=reverse("law:act", args=[record.act]) + "#" + anchor(record.id),
            label=_("%(act)s, %(cite)s") % {"act": act_name, "cite": cite}, cite=cite,
        )
