"""The voluntary relocation programme: quotas, applications, decisions, agreements, payment orders, follow-up."""
