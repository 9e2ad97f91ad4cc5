"""Work on the job queue: the weights of a large survey (the page computes small ones at once)."""

from __future__ import annotations

from django_tasks import task

#: above this many interviews the page queues the weighting instead of waiting for it
QUEUE_ABOVE = 20_000


@task()
def compute_weights(form_id: int, actor_id: int) -> dict:
    """Compute a survey's weights as the user `actor_id`; returns the run's id and summary."""
    from accounts.models import User

    from . import services
    from .models import Form

    run = services.compute_weights(actor=User.objects.get(pk=actor_id), form=Form.objects.get(pk=form_id))
    return {"run": run.pk, "deff": run.summary["final"]["deff"], "n": run.summary["final"]["n"]}
