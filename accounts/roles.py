"""The roles of Koshi's users (DESIGN.md, "Who uses it")."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CITIZEN = "citizen", _("Citizen")
    EMPLOYER = "employer", _("Employer")
    OFFICER = "officer", _("Employment-centre officer")
    ANALYST = "analyst", _("Akimat analyst")
    MINISTRY = "ministry", _("Ministry officer")
    ACCOUNTANT = "accountant", _("Fund accountant")
    CONTROLLER = "controller", _("Fund controller")
    INSPECTOR = "inspector", _("Labour inspector")
    ENUMERATOR = "enumerator", _("Survey enumerator")
    RESEARCHER = "researcher", _("Researcher")
    AUDITOR = "auditor", _("Auditor")
    ADMIN = "admin", _("Administrator")


class Action(models.TextChoices):
    VIEW = "view", _("view")
    IDENTIFY = "identify", _("see identifiers (IIN, names)")
    ADD = "add", _("create")
    CHANGE = "change", _("change")
    DELETE = "delete", _("delete")
    EXPORT = "export", _("export")
    DECIDE = "decide", _("decide")


class Scope(models.TextChoices):
    """How far a grant reaches: the user's own records, their territory (and below), or the country."""

    OWN = "own", _("own records")
    TERRITORY = "territory", _("own territory")
    COUNTRY = "country", _("whole country")
