"""The public eligibility form: a family, its regions and settlement, and up to eight members."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from law.inputs import LAW_END, LAW_START, MAX_HOUSING_PRICE_KZT, MAX_MONTHS_REGISTERED
from lib.forms import NativeDateInput

from . import labels

MAX_MEMBERS = 8


# An <input type=date> shows only an ISO date: rendered in the language's format (29.11.2026 in Russian) it
# stays blank and the first "Check" fails. The browser sends ISO back, which every language accepts.
ISO_DATE_INPUT = NativeDateInput()


class FamilyForm(forms.Form):
    date = forms.DateField(label=_("Date of the application"), initial=timezone.localdate,
                           widget=ISO_DATE_INPUT)
    departure_region = forms.ChoiceField(label=_("Region of departure"), choices=list(labels.REGIONS.items()),
                                         initial="KZ-61")
    arrival_region = forms.ChoiceField(label=_("Receiving region"), choices=list(labels.REGIONS.items()),
                                       initial="KZ-59")
    settlement_type = forms.ChoiceField(label=_("Settlement of arrival"), choices=list(labels.SETTLEMENTS.items()))
    housing_price_kzt = forms.IntegerField(label=_("Price of the dwelling, tenge (optional)"), required=False,
                                           min_value=0, max_value=MAX_HOUSING_PRICE_KZT)

    def clean_date(self) -> dt.date:
        day: dt.date = self.cleaned_data["date"]
        if not LAW_START <= day <= LAW_END:
            raise forms.ValidationError(_("Choose a date from %(start)s to %(end)s.") % {
                "start": LAW_START.isoformat(), "end": LAW_END.isoformat()})
        return day


class MemberForm(forms.Form):
    relation = forms.ChoiceField(label=_("Relation"), choices=list(labels.RELATIONS.items()), initial="child")
    birth_date = forms.DateField(label=_("Date of birth"), widget=ISO_DATE_INPUT)
    citizenship = forms.ChoiceField(label=_("Citizenship"), choices=list(labels.COUNTRIES.items()),
                                    initial="KZ")
    status = forms.ChoiceField(label=_("Status at the career centre"), choices=list(labels.STATUSES.items()),
                               initial="none")
    months_registered_in_departure_region = forms.IntegerField(
        label=_("Months of permanent registration in the region of departure"), min_value=0,
        max_value=MAX_MONTHS_REGISTERED, initial=0)


MemberFormSet = forms.formset_factory(MemberForm, extra=3, min_num=1, max_num=MAX_MEMBERS, validate_min=True,
                                      validate_max=True)
