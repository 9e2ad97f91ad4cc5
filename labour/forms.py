"""Forms of the labour room's pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from geo.models import TerritorialUnit

from .models import Employer, SeekerStatus, Term


class UnitChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class ContractForm(forms.Form):
    employer = forms.ModelChoiceField(label=_("Employer"), queryset=Employer.objects.none())
    iin = forms.CharField(label=_("Employee's IIN"), max_length=12, min_length=12)
    position = forms.CharField(label=_("Position"), max_length=200)
    workplace_unit = UnitChoice(label=_("Place of work"), queryset=TerritorialUnit.objects.none())
    start_date = forms.DateField(label=_("Start date"), widget=forms.DateInput(attrs={"type": "date"}))
    term = forms.ChoiceField(label=_("Term"), choices=Term.choices)
    end_date = forms.DateField(label=_("End date (fixed term)"), required=False,
                               widget=forms.DateInput(attrs={"type": "date"}))
    wage_kzt = forms.IntegerField(label=_("Monthly wage, tenge"), min_value=1)

    def __init__(self, *args, employers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employer"].queryset = employers if employers is not None else Employer.objects.none()
        self.fields["workplace_unit"].queryset = TerritorialUnit.objects.current().order_by("path")


class JobSeekerForm(forms.Form):
    iin = forms.CharField(label=_("IIN"), max_length=12, min_length=12)
    unit = UnitChoice(label=_("Employment centre's unit"), queryset=TerritorialUnit.objects.none())
    registered_on = forms.DateField(label=_("Registered on"), widget=forms.DateInput(attrs={"type": "date"}))
    status = forms.ChoiceField(label=_("Status"), choices=SeekerStatus.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = TerritorialUnit.objects.current().order_by("path")
