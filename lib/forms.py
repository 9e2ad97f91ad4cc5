"""Form widgets every room shares."""

from __future__ import annotations

from django import forms


class NativeDateInput(forms.DateInput):
    """The browser's own date picker (<input type="date">), which shows the day in the reader's locale and sends
    it as YYYY-MM-DD. Its value must be written as YYYY-MM-DD whatever the page's language: a localized value
    ("20.03.2026") is refused by the browser and the field comes up blank."""

    input_type = "date"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")
