"""The internal migration support fund: a double-entry ledger that settles the programme's payment orders."""
