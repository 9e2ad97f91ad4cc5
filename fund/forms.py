"""Forms of the fund's pages: each parses and bounds its input; amounts are read as tenge and kept as tiyn."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .models import Source
from .services import _tiyn

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
                           help_text=_("Columns: reference, amount_kzt, status (paid or returned), date, reason."))

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


DECISIONS = [("approve", pgettext_lazy("decision", "Approve")), ("reject", pgettext_lazy("decision", "Reject"))]


class ClaimDecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=DECISIONS)
    reason = forms.CharField(label=_("Reason"), max_length=500)


class GrantDecisionForm(ClaimDecisionForm):
    pass


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
            if len(parts) != 2 or not all(p.isdigit() and len(p) <= 15 for p in parts):
                raise forms.ValidationError(_("Each line: a whole number of tenge and a number of signatures."),
                                            code="bands")
            out.append((int(parts[0]) * 100, int(parts[1])))
        if not out or len(out) > 20:
            raise forms.ValidationError(_("Give from 1 to 20 bands."), code="bands")
        return out
