"""Forms of the fund's pages: each parses and bounds its input; amounts are read as tenge and kept as tiyn."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .models import Grant, Measure, Source
from .services import MAX_TIYN, _tiyn

MAX_STATEMENT_BYTES = 5 * 1024 * 1024
DATE_RANGE = (dt.date(2000, 1, 1), dt.date(2100, 12, 31))


def _bounded(day: dt.date | None, field: str) -> dt.date | None:
    if day is not None and not DATE_RANGE[0] <= day <= DATE_RANGE[1]:
        raise forms.ValidationError(_("Give a date between 2000 and 2100."), code=field)
    return day


class DateInput(forms.DateInput):
    input_type = "date"


class PrepareForm(forms.Form):
    pay_on = forms.DateField(label=_("Payment date"), widget=DateInput,
                             help_text=_("Orders due by this date are gathered."))
    limit = forms.IntegerField(label=_("At most this many payments"), min_value=1, max_value=5000, initial=500)

    def clean_pay_on(self):
        return _bounded(self.cleaned_data["pay_on"], "pay_on")


class StatementUploadForm(forms.Form):
    file = forms.FileField(label=_("Bank statement (CSV)"),
                           help_text=_("Columns: <code>reference</code>, <code>amount_kzt</code>, <code>status</code> "
                                       "(<code>paid</code> or <code>returned</code>), <code>date</code>, "
                                       "<code>reason</code>."))

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        if upload is None:
            return data
        if upload.size > MAX_STATEMENT_BYTES:
            raise forms.ValidationError({"file": _("The file is larger than 5 MB.")})
        try:
            data["text"] = upload.read().decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise forms.ValidationError({"file": _("The file is not UTF-8 text.")}) from exc
        return data


class SpanForm(forms.Form):
    start = forms.DateField(label=pgettext_lazy("date range", "From"), required=False, widget=DateInput)
    end = forms.DateField(label=pgettext_lazy("date range", "To"), required=False, widget=DateInput)

    def clean(self):
        data = super().clean()
        start, end = _bounded(data.get("start"), "start"), _bounded(data.get("end"), "end")
        if start and end and start > end:
            raise forms.ValidationError({"end": _("The end comes before the start.")})
        return data


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)


class PeriodForm(forms.Form):
    month = forms.DateField(label=_("Month (any day in it)"), widget=DateInput)
    act = forms.ChoiceField(label=_("Act"), choices=[("close", _("Close")), ("reopen", _("Reopen"))])
    reason = forms.CharField(label=_("Reason"), max_length=500, required=False)

    def clean_month(self):
        return _bounded(self.cleaned_data["month"], "month")


class ContributionForm(forms.Form):
    source = forms.ChoiceField(label=_("Source"), choices=Source.choices)
    payer = forms.CharField(label=_("Payer"), max_length=300)
    payer_bin = forms.CharField(label=_("Payer's BIN or IIN"), max_length=12, required=False)
    language = forms.ChoiceField(label=_("Receipt language"), choices=settings.LANGUAGES)
    amount = forms.CharField(label=_("Amount, tenge"), max_length=20, help_text=_("For example 150000 or 150000.50"))
    received_on = forms.DateField(label=_("Received on"), widget=DateInput)

    def clean_amount(self):
        try:
            tiyn = _tiyn(self.cleaned_data["amount"])
        except ValueError as exc:
            raise forms.ValidationError(_("Write the amount in tenge, with at most two decimals.")) from exc
        if not 0 < tiyn <= 10**15:
            raise forms.ValidationError(_("The amount must be positive."))
        self.cleaned_data["amount_tiyn"] = tiyn
        return self.cleaned_data["amount"]

    def clean_received_on(self):
        return _bounded(self.cleaned_data["received_on"], "received_on")




class TengeField(forms.CharField):
    """An amount written in tenge (at most two decimals, spaces allowed), cleaned to whole tiyn."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 24)
        kwargs.setdefault("help_text", _("For example 150000 or 150000.50"))
        super().__init__(**kwargs)

    def to_python(self, value):
        text = super().to_python(value)
        if text in self.empty_values:
            return None
        try:
            tiyn = _tiyn(text)
        except ValueError as exc:
            raise forms.ValidationError(_("Write the amount in tenge, with at most two decimals."),
                                        code="amount") from exc
        if not 0 < tiyn <= MAX_TIYN:
            raise forms.ValidationError(_("The amount must be positive."), code="amount")
        return tiyn

    def validate(self, value):
        if value is None and self.required:
            raise forms.ValidationError(self.error_messages["required"], code="required")

    def run_validators(self, value):  # the CharField's length validators do not apply to the integer
        return None


class AllocationForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    measure = forms.ChoiceField(label=_("Support measure"), choices=Measure.choices)
    amount = TengeField(label=_("Allocation, tenge"))


class PolicyForm(forms.Form):
    holder_iin = forms.CharField(label=_("Policy holder's IIN"), min_length=12, max_length=12,
                                 help_text=_("The holder's family and region are read from the population register."))
    premium = TengeField(label=_("Premium, tenge"))
    cover = TengeField(label=_("Cover, tenge"))
    starts_on = forms.DateField(label=pgettext_lazy("insurance policy", "From"), widget=DateInput)
    ends_on = forms.DateField(label=pgettext_lazy("insurance policy", "To"), widget=DateInput)

    def clean_starts_on(self):
        return _bounded(self.cleaned_data["starts_on"], "starts_on")

    def clean_ends_on(self):
        return _bounded(self.cleaned_data["ends_on"], "ends_on")

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] <= data["starts_on"]:
            self.add_error("ends_on", _("The policy must end after it starts."))
        return data


class ClaimForm(forms.Form):
    """A claim names one contract from the policy's labour evidence (the choices are that evidence)."""

    contract = forms.TypedChoiceField(label=_("Contract that ended (labour register)"), coerce=int)

    def __init__(self, *args, evidence=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contract"].choices = [
            (c.pk, f"{c.employee.full_name} — {c.employer.name}, {c.position}: "
                   f"{(c.terminated_on or c.end_date):%d.%m.%Y}") for c in evidence]


DECISIONS = [("approve", pgettext_lazy("decision", "Approve")), ("reject", pgettext_lazy("decision", "Reject"))]


class ClaimDecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=DECISIONS)
    reason = forms.CharField(label=_("Reason"), max_length=500)


class GrantApplicationForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Grant.Kind.choices)
    grantee = forms.CharField(label=_("Grantee"), max_length=300)
    person_iin = forms.CharField(label=_("Participant's IIN"), max_length=12, required=False,
                                 help_text=_("Required for a participant starting a business."))
    region = forms.ChoiceField(label=_("Region"))
    purpose = forms.CharField(label=_("Purpose"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    requested = TengeField(label=_("Requested, tenge"))
    applied_on = forms.DateField(label=_("Applied on"), widget=DateInput)

    def __init__(self, *args, regions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [(u.code, u.name) for u in regions]

    def clean_applied_on(self):
        return _bounded(self.cleaned_data["applied_on"], "applied_on")

    def clean(self):
        data = super().clean()
        if data.get("kind") == Grant.Kind.START_UP and not (data.get("person_iin") or "").strip():
            self.add_error("person_iin", _("Name the participant starting the business (their IIN)."))
        return data


class GrantDecisionForm(ClaimDecisionForm):
    awarded = TengeField(label=_("Awarded, tenge"), required=False,
                         help_text=_("Leave empty to award what was requested."))


class DisburseForm(forms.Form):
    on = forms.DateField(label=_("Paid on"), widget=DateInput)

    def clean_on(self):
        return _bounded(self.cleaned_data["on"], "on")


class GrantReportForm(forms.Form):
    report = forms.CharField(label=_("Grantee's report"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))


class RepaymentForm(forms.Form):
    amount = TengeField(label=_("Amount repaid, tenge"))
    received_on = forms.DateField(label=_("Received on"), widget=DateInput)

    def clean_received_on(self):
        return _bounded(self.cleaned_data["received_on"], "received_on")


class BandsForm(forms.Form):
    """The signing bands, one per line: the total from which the band applies (tenge) and the signatures."""

    bands = forms.CharField(label=_("Bands: one per line, the total from which it applies (tenge) and the number of "
                                    "signatures"), widget=forms.Textarea(attrs={"rows": 5}), max_length=2000)

    def clean_bands(self) -> list[tuple[int, int]]:
        out = []
        for line in self.cleaned_data["bands"].splitlines():
            if not line.strip():
                continue
            parts = line.split()
            if len(parts) != 2 or not all(p.isdecimal() and len(p) <= 15 for p in parts):
                raise forms.ValidationError(_("Each line: a whole number of tenge and a number of signatures."),
                                            code="bands")
            out.append((int(parts[0]) * 100, int(parts[1])))
        if not out or len(out) > 20:
            raise forms.ValidationError(_("Give from 1 to 20 bands."), code="bands")
        return out
