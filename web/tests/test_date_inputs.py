"""Date fields use the browser's own date picker, with their value written as YYYY-MM-DD in every language: a
Russian page wrote "20.03.2026" into <input type="date">, which the browser refuses, so the field came up blank
(issue 16). Every form of the rooms is checked, so a new form falls under the same rule."""

import datetime as dt
import importlib
import inspect

import pytest
from django import forms
from django.utils import translation

from lib.forms import NativeDateInput

ROOMS_WITH_FORMS = ["labour.forms", "registry.forms", "law.forms"]


def _date_fields():
    for module_name in ROOMS_WITH_FORMS:
        module = importlib.import_module(module_name)
        for name, form in inspect.getmembers(module, inspect.isclass):
            if issubclass(form, forms.Form) and form.__module__ == module_name:
                for field_name, field in form.base_fields.items():
                    if isinstance(field, forms.DateField) and not isinstance(field, forms.DateTimeField):
                        yield f"{module_name}.{name}.{field_name}", field


@pytest.mark.parametrize("where, field", list(_date_fields()), ids=lambda v: v if isinstance(v, str) else "")
def test_every_date_field_is_a_native_date_input_with_an_iso_value(where, field):
    assert isinstance(field.widget, NativeDateInput), where
    for language in ("ru", "kk", "en"):
        with translation.override(language):
            html = field.widget.render("d", dt.date(2026, 3, 20))
        assert 'type="date"' in html and 'value="2026-03-20"' in html, (where, language, html)


def test_a_russian_reader_may_type_the_date_the_picker_sends():
    field = forms.DateField(widget=NativeDateInput())
    with translation.override("ru"):
        assert field.clean("2026-03-20") == dt.date(2026, 3, 20)
