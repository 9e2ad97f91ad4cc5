"""Surveys: XLSForm questionnaires, submissions, weights and weighted analysis."""
