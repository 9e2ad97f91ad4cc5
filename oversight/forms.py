"""Forms of the oversight room's pages: the list's filters and the resolution of an alert."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from geo.models import TerritorialUnit

from .models import OUTCOMES, Rule, Status


class RegionChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class AlertFilter(forms.Form):
    """Filters of the inspector's list; unknown values are ignored (the list shows everything)."""

    rule = forms.ChoiceField(label=_("Rule"), required=False, choices=[("", _("all rules")), *Rule.choices])
    status = forms.ChoiceField(label=pgettext_lazy("alert", "Status"), required=False,
                               choices=[("", _("all statuses")), *Status.choices])
    region = RegionChoice(label=_("Region"), required=False, empty_label=_("all regions"),
                          queryset=TerritorialUnit.objects.none(), to_field_name="code")

    def __init__(self, *args, regions=None, **kwargs):
        super().__init__(*args, **kwargs)
        if regions is None:
            del self.fields["region"]
        else:
            self.fields["region"].queryset = regions

    def values(self) -> dict:
        if not self.is_valid():
            return {k: v for k, v in self.cleaned_data.items() if v} if hasattr(self, "cleaned_data") else {}
        return {k: v for k, v in self.cleaned_data.items() if v}


class ResolutionForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=[(o.value, o.label) for o in OUTCOMES],
                                widget=forms.RadioSelect)
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
