"""Oversight of migrants' employment: joins the residence register and the contract register (above both)."""
