"""The fund's statements as tables: one builder per statement, rendered as a page, CSV, XLSX or PDF from the
same rows, so the four never disagree. Every amount cell carries the link that opens it down to its entries.
Amounts are tiyn (int); they are shown as tenge with two decimals, grouped in the reader's language."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from decimal import Decimal

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, translation
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from . import selectors
from .models import TIYN, Account, Measure
from .selectors import Span

REPORTS = ("trial_balance", "balance_sheet", "income_expenditure", "flows", "budget")


@dataclass
class Cell:
    value: int | str | None
    url: str = ""
    money: bool = False


@dataclass
class Table:
    key: str
    title: str
    subtitle: str
    columns: list[str]
    rows: list[list[Cell]] = field(default_factory=list)
    total: list[Cell] | None = None


def money(tiyn: int | None) -> str:
    """Tiyn as tenge with two decimals, grouped as the active language groups numbers (Kazakh and Russian:
    a no-break space and a decimal comma; English: 276,800.00). Django has no number format for Kazakh, so the
    grouping is written here, exactly, from the integer."""
    if tiyn is None:
        return ""
    sign = "−" if tiyn < 0 else ""
    whole, frac = divmod(abs(int(tiyn)), TIYN)
    grouped = f"{whole:,}"
    if (get_language() or "en")[:2] in ("kk", "ru"):
        return f"{sign}{grouped.replace(',', chr(0xA0))},{frac:02d}"
    return f"{sign}{grouped}.{frac:02d}"


def _drill(account: Account | None, span: Span) -> str:
    if account is None:
        return ""
    params = {"end": span.end.isoformat()}
    if span.start:
        params["start"] = span.start.isoformat()
    return f"{reverse('fund:account', args=[account.pk])}?{urlencode(params)}"


def _money_cell(tiyn: int, account: Account | None, span: Span) -> Cell:
    return Cell(tiyn, _drill(account, span), money=True)


def _span_text(span: Span) -> str:
    if span.start is None:
        return _("on %(end)s") % {"end": formats.date_format(span.end)}
    return _("%(start)s – %(end)s") % {"start": formats.date_format(span.start), "end": formats.date_format(span.end)}


def trial_balance(span: Span) -> Table:
    tb = selectors.trial_balance(span)
    table = Table("trial_balance", _("Trial balance"), _span_text(span),
                  [_("Code"), _("Account"), _("Debit, tenge"), _("Credit, tenge")])
    for r in tb.rows:
        table.rows.append([Cell(r.account.code), Cell(r.account.name),
                           _money_cell(r.debit, r.account, span) if r.debit else Cell(None, money=True),
                           _money_cell(r.credit, r.account, span) if r.credit else Cell(None, money=True)])
    table.total = [Cell(""), Cell(_("Total")), Cell(tb.total_debit, money=True), Cell(tb.total_credit, money=True)]
    return table


def balance_sheet(span: Span) -> Table:
    on = span.end
    sheet = selectors.balance_sheet(on)
    whole = Span(None, on)
    table = Table("balance_sheet", _("Balance sheet"), _span_text(whole), [_("Code"), _("Item"), _("Amount, tenge")])
    titles = {"assets": _("Assets"), "liabilities": _("Liabilities"), "capital": _("Capital"),
              "surplus": _("Surplus of income over expenditure")}
    for key in ("assets", "liabilities", "capital", "surplus"):
        section = sheet[key]
        table.rows.append([Cell(""), Cell(str(titles[key])), Cell(section.total, money=True)])
        for account, value in section.lines:
            if account is not None:
                table.rows.append([Cell(account.code), Cell(account.name), _money_cell(value, account, whole)])
    liab = sheet["liabilities"].total + sheet["capital"].total + sheet["surplus"].total
    table.total = [Cell(""), Cell(_("Assets less liabilities, capital and surplus")),
                   Cell(sheet["assets"].total - liab, money=True)]
    return table


def income_expenditure(span: Span) -> Table:
    ie = selectors.income_and_expenditure(span)
    table = Table("income_expenditure", _("Statement of income and expenditure"), _span_text(span),
                  [_("Code"), _("Item"), _("Amount, tenge")])
    for key, title in (("income", _("Income")), ("expense", _("Expenditure"))):
        table.rows.append([Cell(""), Cell(str(title)), Cell(ie[key].total, money=True)])
        for account, value in ie[key].lines:
            table.rows.append([Cell(account.code), Cell(account.name), _money_cell(value, account, span)])
    table.total = [Cell(""), Cell(_("Surplus (deficit)")), Cell(ie["income"].total - ie["expense"].total, money=True)]
    return table


def flows(span: Span) -> Table:
    rows = selectors.flows(span)
    measures = [m for m in Measure.values if any(f.measure == m for f in rows)]
    labels = dict(Measure.choices)
    table = Table("flows", _("Fund flows by region and support measure"), _span_text(span),
                  [_("Region"), *[str(labels[m]) for m in measures], _("Total, tenge")])
    by_region: dict[str, dict[str, selectors.Flow]] = {}
    names: dict[str, str] = {}
    for f in rows:
        by_region.setdefault(f.region_code, {})[f.measure] = f
        region = f.account.region
        names[f.region_code] = region.name if region is not None else f.region_code
    for code, cells in sorted(by_region.items()):
        line = [Cell(names[code])]
        for m in measures:
            cell_flow = cells.get(m)
            line.append(_money_cell(cell_flow.amount, cell_flow.account, span) if cell_flow
                        else Cell(None, money=True))
        line.append(Cell(sum(f.amount for f in cells.values()), money=True))
        table.rows.append(line)
    totals = [sum(f.amount for f in rows if f.measure == m) for m in measures]
    table.total = [Cell(_("Total")), *[Cell(t, money=True) for t in totals], Cell(sum(totals), money=True)]
    return table


def budget(span: Span) -> Table:
    year = span.end.year
    rows = selectors.budget_execution(year, until=span.end)
    labels = dict(Measure.choices)
    table = Table("budget", _("Budget execution against allocation"),
                  _("Year %(year)s, to %(end)s") % {"year": year, "end": formats.date_format(span.end)},
                  [_("Support measure"), _("Allocated, tenge"), _("Spent, tenge"), _("Executed, %")])
    year_span = Span(dt.date(year, 1, 1), span.end)
    for r in rows:
        share = "" if r.share is None else formats.number_format(r.share, 1, use_l10n=True)
        table.rows.append([Cell(str(labels[r.measure])), Cell(r.allocated, money=True),
                           _money_cell(r.spent, r.account, year_span), Cell(share)])
    table.total = [Cell(_("Total")), Cell(sum(r.allocated for r in rows), money=True),
                   Cell(sum(r.spent for r in rows), money=True), Cell("")]
    return table


BUILDERS = {"trial_balance": trial_balance, "balance_sheet": balance_sheet, "income_expenditure": income_expenditure,
            "flows": flows, "budget": budget}


def build(key: str, span: Span) -> Table:
    return BUILDERS[key](span)


def _plain(cell: Cell) -> str:
    if cell.money:
        return selectors.tenge(cell.value) if isinstance(cell.value, int) else ""
    return "" if cell.value is None else str(cell.value)


def to_csv(table: Table) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([table.title, table.subtitle])
    writer.writerow(table.columns)
    for row in [*table.rows, *([table.total] if table.total else [])]:
        writer.writerow([_plain(c) for c in row])
    return out.getvalue()


def to_xlsx(table: Table) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = table.key[:31]
    ws.append([table.title])
    ws["A1"].font = Font(bold=True)
    ws.append([table.subtitle])
    ws.append(table.columns)
    for row in [*table.rows, *([table.total] if table.total else [])]:
        values: list[Decimal | str] = []
        for c in row:
            if c.money and isinstance(c.value, int):
                values.append(Decimal(c.value) / TIYN)
            else:
                values.append(_plain(c))
        ws.append(values)
        for col, c in enumerate(row, start=1):
            if c.money:
                ws.cell(row=ws.max_row, column=col).number_format = "#,##0.00"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def to_pdf(table: Table, lang: str) -> bytes:
    from weasyprint import HTML

    with translation.override(lang):
        html = render_to_string("fund/statement_pdf.html", {"table": table, "lang": lang})
    return HTML(string=html).write_pdf()


def receipt_pdf(contribution) -> bytes:
    """The receipt for a contribution, in the payer's language."""
    from weasyprint import HTML

    with translation.override(contribution.language):
        html = render_to_string("fund/receipt_pdf.html", {"c": contribution, "amount": money(contribution.amount_tiyn),
                                                          "lang": contribution.language})
    return HTML(string=html).write_pdf()
