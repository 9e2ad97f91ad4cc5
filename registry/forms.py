"""Forms of the registry's pages: the address and stay, the owner's consent, the employer's simplified form,
and the officer's deregistration and correction of an event on a person's history."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from geo.models import TerritorialUnit, UnitKind
from geo.selectors import first_level_unit
from lib.forms import NativeDateInput

from .models import Kind, Premises, Procedure, Reason


def first_level_units():
    return TerritorialUnit.objects.current().first_level().order_by("name_en")


def district_units():
    return TerritorialUnit.objects.current().filter(kind=UnitKind.DISTRICT).order_by("name_en")


class UnitChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class AddressForm(forms.Form):
    """Step 1: where the person lives or stays, since when, and under which procedure."""

    kind = forms.ChoiceField(label=_("Kind of registration"), choices=Kind.choices, initial=Kind.PERMANENT)
    procedure = forms.ChoiceField(label=_("Procedure"), initial=Procedure.STANDARD, choices=[
        (Procedure.STANDARD, Procedure.STANDARD.label), (Procedure.PREFERENTIAL, Procedure.PREFERENTIAL.label)])
    region = UnitChoice(label=_("Region"), queryset=first_level_units())
    district = UnitChoice(label=_("District or city district"), queryset=district_units(), required=False)
    settlement = forms.CharField(label=_("Settlement"), max_length=120)
    street = forms.CharField(label=_("Street"), max_length=160)
    building = forms.CharField(label=_("Building"), max_length=20)
    flat = forms.CharField(label=_("Flat"), max_length=20, required=False)
    premises = forms.ChoiceField(label=_("Type of premises"), choices=Premises.choices)
    arrival_date = forms.DateField(label=_("Date of arrival"), widget=NativeDateInput())
    valid_until = forms.DateField(label=_("Stay until (temporary registration)"), required=False,
                                  widget=NativeDateInput())
    reason = forms.ChoiceField(label=_("Reason for moving"), choices=[("", "—"), *Reason.choices], required=False)
    from_abroad = forms.BooleanField(label=_("I arrived from abroad"), required=False)
    decision_number = forms.CharField(label=_("Number of the local executive body's decision"), max_length=60,
                                      required=False, help_text=_("Only for internally displaced persons."))
    decision_date = forms.DateField(label=_("Date of the decision"), required=False,
                                    widget=NativeDateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = first_level_units()
        self.fields["district"].queryset = district_units()

    def values(self) -> dict:
        data = dict(self.cleaned_data)
        data["region"] = data["region"].code
        data["district"] = data["district"].code if data.get("district") else ""
        return data


class ConsentForm(forms.Form):
    """Step 2 of the standard procedure: the owner of the premises consents."""

    owner_iin = forms.CharField(label=_("Owner's IIN"), max_length=12, min_length=12)
    owner_consent = forms.BooleanField(
        label=_("The owner of the premises consents to my registration at this address"), required=True)


class SimplifiedForm(AddressForm):
    """The employer registers its contract employee at the place of work."""

    iin = forms.CharField(label=_("Employee's IIN"), max_length=12, min_length=12)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["procedure"]
        del self.fields["decision_number"]
        del self.fields["decision_date"]
        del self.fields["from_abroad"]
        self.fields["premises"].initial = Premises.SERVICE
        self.fields["reason"].initial = "work"
        self.order_fields(["iin"])


class UploadForm(forms.Form):
    file = forms.FileField(label=_("File (CSV or XLSX)"))

    def clean_file(self):
        f = self.cleaned_data["file"]
        if not f.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Upload a .csv or .xlsx file."))
        return f




class DeregisterForm(forms.Form):
    """End an active registration: the date, and whether the person leaves the country."""

    ended_on = forms.DateField(label=_("Date of deregistration"), widget=NativeDateInput())
    leaving_country = forms.BooleanField(label=_("Leaving the country"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ended_on"].initial = timezone.localdate()


class CorrectionForm(forms.Form):
    """Correct a migration event by a new one: annul it, or give the corrected date or destination.

    A blank date or destination keeps the corrected event's own; a new region without a district drops the
    old district (it lay in the old region).
    """

    correction_reason = forms.CharField(label=_("Reason for the correction"), max_length=300)
    annul = forms.BooleanField(label=_("Annul the event (it did not happen)"), required=False)
    event_date = forms.DateField(label=_("Corrected date"), required=False,
                                 widget=NativeDateInput())
    destination_region = UnitChoice(label=_("Corrected region of arrival"), queryset=first_level_units(),
                                    required=False)
    destination_district = UnitChoice(label=_("Corrected district of arrival"), queryset=district_units(),
                                      required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["destination_region"].queryset = first_level_units()
        self.fields["destination_district"].queryset = district_units()

    def clean(self):
        data = super().clean()
        region, district = data.get("destination_region"), data.get("destination_district")
        changed = any(data.get(name) for name in ("event_date", "destination_region", "destination_district"))
        if data.get("annul") and changed:
            raise forms.ValidationError(_("An annulment changes nothing else: leave the date and destination blank."))
        if not data.get("annul") and not changed and not self.errors:
            raise forms.ValidationError(_("Annul the event, or give the corrected date or destination."))
        if district is not None and region is not None and not district.path.startswith(region.path):
            self.add_error("destination_district", _("The district does not lie in the region."))
        return data

    def changes(self) -> dict:
        """The keyword arguments of services.correct_event for this form (only what the officer changed)."""
        data = self.cleaned_data
        changes = {"reason": data["correction_reason"], "annul": data["annul"]}
        if data.get("event_date"):
            changes["event_date"] = data["event_date"]
        region, district = data.get("destination_region"), data.get("destination_district")
        if district is not None and region is None:
            region = first_level_unit(district)
        if region is not None:
            changes["destination_region"] = region
            changes["destination_district"] = district
        return changes
