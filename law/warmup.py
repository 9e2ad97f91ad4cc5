"""What every process builds on its first evaluation or calculator page, built once before gunicorn forks its
workers (koshi/warmup.py calls LawConfig.warm_up): the rules (OpenFisca's CountryTaxBenefitSystem from the
parameters' YAML and the variables), the acts and the source texts' translations, and in each language the
labels of one evaluation, the request serializer's fields and the calculator's blank form. All of it is the
same for every visitor: nothing here reads the database or a user."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation

from law import acts, sources
from law.api import LawEvaluateRequestSerializer, _labelled
from law.evaluation import CONDITION_ARTICLES, ENTITLEMENT_ARTICLES, evaluate_relocation
from law.parameters import parameter_paths
from law.rules import rules_version, tax_benefit_system
from law.views import _calculator_form

# One family as the calculator's blank form proposes it: its evaluation reads the parameters most answers read.
SAMPLE = {"date": "2026-03-01", "departure_region": "KZ-61", "arrival_region": "KZ-59", "settlement_type": "town",
          "members": [{"birth_date": "1990-05-01", "citizenship": "KZ", "status": "job_seeker",
                       "months_registered_in_departure_region": 24, "relation": "head"}]}


def warm_up() -> None:
    tax_benefit_system()
    rules_version()
    parameter_paths()
    for article in {*CONDITION_ARTICLES.values(), *ENTITLEMENT_ARTICLES.values()}:
        acts.get(article)
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            sources.translated("Model law")  # the source texts' translations (law/acts/sources.yaml)
            request = LawEvaluateRequestSerializer(data=SAMPLE)
            if request.is_valid():
                valid = request.validated_data
                _labelled(evaluate_relocation(
                    on=valid["date"], members=[dict(m) for m in valid["members"]],
                    departure_region=valid["departure_region"], arrival_region=valid["arrival_region"],
                    settlement_type=valid["settlement_type"]))
            _calculator_form(None, None)


