"""What an upheld appeal undid reads as sentences on the page, one for each shape the services write."""

from __future__ import annotations

import pytest
from django.utils import translation

from appeals.labels import undone_in_words


@pytest.mark.parametrize("entry, words", [
    ("relocation.application:15:approved", "Application №15: approved."),
    ("relocation.application:15:follow_up", "Application №15: under follow-up."),
    ("relocation.debt:3:annulled", "Debt №3 annulled."),
    ("relocation.paymentorder:7:refund repayment 125000", "Payment order №7 pays back the 125,000 tenge repaid."),
    ("relocation.paymentorder:7:cancelled->9:1250000",
     "Payment order №7 cancelled and issued again as №9 for 1,250,000 tenge."),
    ("relocation.paymentorder:7:cancelled", "Payment order №7 cancelled."),
    ("relocation.paymentorder:7:paid 300000, not recovered (250000)",
     "Payment order №7: 300,000 tenge were paid; the new amount is 250,000 tenge and the difference is not recovered."),
    ("relocation.agreement:4:committed 9028125", "Agreement №4 now commits 9,028,125 tenge."),
    ("fund.receivable:2 reversed", "Receivables reversed in the fund's books: 2."),
])
def test_each_kind_of_undoing_reads_as_a_sentence(entry, words):
    with translation.override("en"):
        assert undone_in_words(entry) == words


def test_in_kazakh_the_state_and_the_amount_are_kazakh():
    with translation.override("kk"):
        assert undone_in_words("relocation.debt:3:annulled") == "№3 берешек жойылды."
        assert "125\xa0000 теңге" in undone_in_words("relocation.paymentorder:7:refund repayment 125000")
