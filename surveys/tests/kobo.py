"""XLSForm workbooks built the way KoboToolbox users build them (a survey sheet with translated label, hint and
constraint_message columns, a choices sheet with an extra filter column, a settings sheet), for tests."""

from __future__ import annotations

import io

from openpyxl import Workbook

LANGS = ("Kazakh (kk)", "Russian (ru)", "English (en)")


def workbook(survey: list[dict[str, str]], choices: list[dict[str, str]], settings: dict[str, str] | None = None
             ) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "survey"
    columns = list(dict.fromkeys(k for row in survey for k in row))
    sheet.append(columns)
    for row in survey:
        sheet.append([row.get(c, "") for c in columns])
    if choices:
        sheet = book.create_sheet("choices")
        columns = list(dict.fromkeys(k for row in choices for k in row))
        sheet.append(columns)
        for row in choices:
            sheet.append([row.get(c, "") for c in columns])
    sheet = book.create_sheet("settings")
    settings = settings or {"form_title": "Test", "form_id": "test_form", "version": "1",
                            "default_language": "English (en)"}
    sheet.append(list(settings))
    sheet.append(list(settings.values()))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def lab(kk: str, ru: str, en: str, key: str = "label") -> dict[str, str]:
    return {f"{key}::{LANGS[0]}": kk, f"{key}::{LANGS[1]}": ru, f"{key}::{LANGS[2]}": en}


def consent() -> dict[str, str]:
    return {"type": "select_one yn", "name": "consent", **lab("Келісесіз бе?", "Согласны?", "Do you agree?"),
            "required": "yes"}


YES_NO = [{"list_name": "yn", "name": "yes", **lab("Иә", "Да", "Yes")},
          {"list_name": "yn", "name": "no", **lab("Жоқ", "Нет", "No")}]

#: every feature Koshi supports, in one form
ALL_FEATURES_SURVEY = [
    consent(),
    {"type": "begin_group", "name": "person", **lab("Респондент", "Респондент", "Respondent"),
     "relevant": "${consent} = 'yes'"},
    {"type": "text", "name": "town_note", **lab("Қала", "Город", "Town"), **lab("кеңес", "подсказка", "a hint", "hint")},
    {"type": "integer", "name": "age", **lab("Жасы", "Возраст", "Age"), "required": "yes",
     "constraint": ". >= 18 and . <= 80", **lab("18-80", "18-80 лет", "From 18 to 80", "constraint_message")},
    {"type": "decimal", "name": "income", **lab("Табыс", "Доход", "Income, thousand tenge"),
     "constraint": ". >= 0"},
    {"type": "date", "name": "arrived", **lab("Келген күні", "Дата приезда", "Date of arrival")},
    {"type": "select_one region", "name": "home", **lab("Облыс", "Область", "Region"), "required": "yes",
     "default": "north"},
    {"type": "select_one town", "name": "town", **lab("Елді мекен", "Населённый пункт", "Town"),
     "choice_filter": "region = ${home}", "required": "yes"},
    {"type": "select_multiple why or_other", "name": "why", **lab("Себептер", "Причины", "Reasons"),
     "required": "yes"},
    {"type": "end_group", "name": ""},
    {"type": "begin_repeat", "name": "kid", **lab("Балалар", "Дети", "Children"), "relevant": "${consent} = 'yes'"},
    {"type": "integer", "name": "kid_age", **lab("Жасы", "Возраст", "Age of the child"), "required": "yes",
     "constraint": ". < 18", **lab("18-ден кіші", "Младше 18", "Under 18", "constraint_message")},
    {"type": "select_one yn", "name": "kid_school", **lab("Мектепке бара ма?", "Ходит в школу?", "At school?"),
     "relevant": "${kid_age} >= 7", "required": "yes"},
    {"type": "end_repeat", "name": ""},
    {"type": "calculate", "name": "kids", "calculation": "count(${kid})"},
    {"type": "calculate", "name": "income_band", "calculation": "if(${income} > 300, 'high', 'low')"},
    {"type": "note", "name": "bye", **lab("Рақмет, ${kids} бала", "Спасибо", "Thank you"),
     "relevant": "${consent} = 'yes'"},
]
ALL_FEATURES_CHOICES = [
    *YES_NO,
    {"list_name": "region", "name": "north", **lab("Солтүстік", "Север", "North")},
    {"list_name": "region", "name": "south", **lab("Оңтүстік", "Юг", "South")},
    {"list_name": "town", "name": "petropavl", **lab("Петропавл", "Петропавловск", "Petropavl"), "region": "north"},
    {"list_name": "town", "name": "bulaevo", **lab("Булаев", "Булаево", "Bulaevo"), "region": "north"},
    {"list_name": "town", "name": "shymkent", **lab("Шымкент", "Шымкент", "Shymkent"), "region": "south"},
    {"list_name": "why", "name": "work", **lab("Жұмыс", "Работа", "Work")},
    {"list_name": "why", "name": "family", **lab("Отбасы", "Семья", "Family")},
]


def all_features() -> bytes:
    return workbook(ALL_FEATURES_SURVEY, ALL_FEATURES_CHOICES)
