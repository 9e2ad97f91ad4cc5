"""law/acts: the Law on Population Migration's articles Koshi relies on, and the model law, as structured data."""

from law import acts


def test_the_migration_law_articles_koshi_relies_on_are_written_with_citations():
    for rid in ("migration-law/art-8", "migration-law/art-11", "migration-law/art-50", "migration-law/art-51"):
        record = acts.get(rid)
        assert record is not None, rid
        cited = record.citations or tuple(c for p in acts.paragraphs_of(rid) for c in p.citations)
        assert cited, rid


def test_the_model_law_has_an_article_for_every_topic_the_issue_names():
    titles = {r.id: r.title.get("en", "") for r in acts.articles() if r.act == "model-law"}
    for word in ("Definitions", "Right to internal migration", "sending and receiving", "Quotas",
                 "Relocation subsidy", "Rent and utility", "certificate", "Employer", "Eligibility",
                 "live and work", "Simplified registration", "employer", "oversight", "fund", "Information system"):
        assert any(word.lower() in t.lower() for t in titles.values()), word


def test_every_paragraph_is_written_in_russian_and_english_and_model_law_choices_are_marked():
    paragraphs = [r for r in acts.records().values() if r.kind == "paragraph" or not acts.paragraphs_of(r.id)]
    for record in paragraphs:
        assert record.text.get("ru") and record.text.get("en"), record.id
    assert sum(r.decides for r in paragraphs) >= 10
    assert not any(r.decides for r in paragraphs if r.act == "migration-law")


def test_the_definitions_name_the_internal_migrant_resettler_kandas_and_both_kinds_of_region():
    text = " ".join(p.text["en"].lower() for p in acts.paragraphs_of("model-law/art-1"))
    for word in ("internal migrant", "resettler", "kandas", "labour-surplus", "labour-deficit"):
        assert word in text, word
