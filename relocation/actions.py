"""One dispatch from a transition's name to its service, shared by the pages and the API."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from . import services
from .models import Application


def run_transition(app: Application, name: str, user: Any, d: dict[str, Any]) -> None:
    """The one dispatch from a transition's name to its service (pages and API alike)."""
    reason = d.get("reason", "")
    if name == "submit":
        services.submit(app, actor=user)
    elif name == "forward":
        services.forward(app, actor=user)
    elif name == "approve":
        services.approve(app, actor=user, reason=reason)
    elif name == "refuse":
        services.refuse(app, actor=user, ground=d.get("ground", ""), reason=reason)
    elif name == "sign_agreement":
        if not d.get("planned_arrival"):
            services.check_transition(app, name)
            raise services.RelocationError(_("Give the planned arrival date."), field="planned_arrival")
        services.check_transition(app, name)
        services.sign_agreement(app, actor=user, planned_arrival=d["planned_arrival"], transport=d.get("transport", ""),
                                job_or_training=d.get("job_or_training", ""),
                                housing_search=d.get("housing_search", ""))
    elif name == "cancel_agreement":
        services.check_transition(app, name)
        services.cancel_agreement(app, actor=user, reason=reason)
    elif name == "confirm_arrival":
        services.confirm_arrival(app, actor=user)
    elif name == "start_follow_up":
        services.start_follow_up(app, actor=user)
    elif name == "assess_refund":
        services.assess_refund(app, actor=user)
    elif name == "complete":
        services.complete(app, actor=user)
    elif name == "close":
        services.close(app, actor=user, reason=reason)
    elif name == "withdraw":
        services.withdraw(app, actor=user, reason=reason)
    else:
        raise services.RelocationError(_("Unknown transition."), field="name", code="unknown_transition")
