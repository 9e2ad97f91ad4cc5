"""Forms of the labour room's pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from geo.models import TerritorialUnit
from lib.forms import NativeDateInput

from .models import Course, Employer, Housing, NoticeKind, Occupation, SeekerStatus, Term, Vacancy


class UnitChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class ContractForm(forms.Form):
    employer = forms.ModelChoiceField(label=_("Employer"), queryset=Employer.objects.none())
    iin = forms.CharField(label=_("Employee's IIN"), max_length=12, min_length=12)
    position = forms.CharField(label=_("Position"), max_length=200)
    workplace_unit = UnitChoice(label=_("Place of work"), queryset=TerritorialUnit.objects.none())
    start_date = forms.DateField(label=_("Start date"), widget=NativeDateInput())
    term = forms.ChoiceField(label=_("Term"), choices=Term.choices)
    end_date = forms.DateField(label=_("End date (fixed term)"), required=False,
                               widget=NativeDateInput())
    wage_kzt = forms.IntegerField(label=_("Monthly wage, tenge"), min_value=1)

    def __init__(self, *args, employers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employer"].queryset = employers if employers is not None else Employer.objects.none()
        self.fields["workplace_unit"].queryset = TerritorialUnit.objects.current().order_by("path")


class JobSeekerForm(forms.Form):
    iin = forms.CharField(label=_("IIN"), max_length=12, min_length=12)
    unit = UnitChoice(label=_("Employment centre's unit"), queryset=TerritorialUnit.objects.none())
    registered_on = forms.DateField(label=_("Registered on"), widget=NativeDateInput())
    status = forms.ChoiceField(label=_("Status"), choices=SeekerStatus.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = TerritorialUnit.objects.current().order_by("path")


# --- issue 13 ---

class TitledChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} {obj.title}"


class VacancyForm(forms.Form):
    employer = forms.ModelChoiceField(label=_("Employer"), queryset=Employer.objects.none())
    title = forms.CharField(label=_("Position"), max_length=200)
    occupation = TitledChoice(label=_("Occupation (ISCO-08)"), queryset=Occupation.objects.none())
    region = UnitChoice(label=_("Region"), queryset=TerritorialUnit.objects.none())
    settlement = forms.CharField(label=_("Settlement"), max_length=200)
    places = forms.IntegerField(label=_("Places"), min_value=1, max_value=10_000)
    wage_kzt = forms.IntegerField(label=_("Monthly wage, tenge"), min_value=1, max_value=100_000_000)
    housing = forms.ChoiceField(label=_("Housing"), choices=Housing.choices)
    housing_rooms = forms.IntegerField(label=_("Rooms (service flat)"), min_value=1, max_value=20, required=False)
    starts_on = forms.DateField(label=_("Start date"), widget=NativeDateInput())
    closes_on = forms.DateField(label=_("Closing date"), widget=NativeDateInput())

    def __init__(self, *args, employers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employer"].queryset = employers if employers is not None else Employer.objects.none()
        self.fields["occupation"].queryset = Occupation.objects.filter(level="sub-major").order_by("code")
        self.fields["region"].queryset = TerritorialUnit.objects.current().first_level().order_by("code")


class VacancySearchForm(forms.Form):
    region = UnitChoice(label=_("Region"), queryset=TerritorialUnit.objects.none(), required=False)
    occupation = TitledChoice(label=_("Occupation"), queryset=Occupation.objects.none(), required=False)
    min_wage = forms.IntegerField(label=_("Wage from, tenge"), min_value=0, max_value=100_000_000, required=False)
    housing = forms.ChoiceField(label=_("Housing"), required=False, choices=[
        ("", "—"), ("any", _("with housing")), *Housing.choices])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = TerritorialUnit.objects.current().first_level().order_by("code")
        self.fields["occupation"].queryset = Occupation.objects.order_by("code")


class MatchRunForm(forms.Form):
    on = forms.DateField(label=_("Date"), widget=NativeDateInput())
    region = UnitChoice(label=_("Region"), queryset=TerritorialUnit.objects.none(), required=False,
                        help_text=_("Empty: the whole country (ministry only)."))

    def __init__(self, *args, regions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions if regions is not None else TerritorialUnit.objects.none()


class EnrolForm(forms.Form):
    course = forms.ModelChoiceField(label=_("Course"), queryset=Course.objects.none())
    enrolled_on = forms.DateField(label=_("Enrolled on"), widget=NativeDateInput())

    def __init__(self, *args, courses=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = courses if courses is not None else Course.objects.none()


class AttendanceForm(forms.Form):
    on = forms.DateField(label=_("Date"), widget=NativeDateInput())
    hours = forms.IntegerField(label=_("Hours"), min_value=1, max_value=12)


class NoticeForm(forms.Form):
    region = UnitChoice(label=_("Region"), queryset=TerritorialUnit.objects.none())
    kind = forms.ChoiceField(label=_("Kind"), choices=NoticeKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 5}), required=False)
    fair_date = forms.DateField(label=_("Date of the fair"), required=False,
                                widget=NativeDateInput())
    fair_place = forms.CharField(label=_("Place of the fair"), max_length=300, required=False)

    def __init__(self, *args, regions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions if regions is not None else TerritorialUnit.objects.none()


class ReplyForm(forms.Form):
    body = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    attends_fair = forms.BooleanField(label=_("We take part in the fair"), required=False)
    vacancies = forms.ModelMultipleChoiceField(label=_("Vacancies we bring"), queryset=Vacancy.objects.none(),
                                               required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, vacancies=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["vacancies"].queryset = vacancies if vacancies is not None else Vacancy.objects.none()


class InviteForm(forms.Form):
    iin = forms.CharField(label=_("IIN"), max_length=12, min_length=12)
