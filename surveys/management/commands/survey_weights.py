"""Compute a survey's weights now, or put the work on the job queue (--enqueue)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from surveys.models import Form


class Command(BaseCommand):
    help = "Compute the weights of a survey (by form_id) as a researcher; --enqueue puts it on the job queue."

    def add_arguments(self, parser):
        parser.add_argument("form_id", help="The XLSForm's form_id, e.g. koshi_migrants.")
        parser.add_argument("--as", dest="username", required=True, help="The researcher the change is recorded for.")
        parser.add_argument("--enqueue", action="store_true", help="Queue the work for the worker instead.")

    def handle(self, *args, form_id: str, username: str, enqueue: bool, **options):
        from surveys import services, tasks

        form = Form.objects.filter(form_id=form_id).first()
        actor = User.objects.filter(username=username).first()
        if form is None or actor is None:
            raise CommandError(f"No survey '{form_id}'" if form is None else f"No user '{username}'")
        if enqueue:
            result = tasks.compute_weights.enqueue(form.pk, actor.pk)
            self.stdout.write(f"queued: {result.id}")
            return
        try:
            run = services.compute_weights(actor=actor, form=form)
        except (services.SurveyError, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        final = run.summary["final"]
        self.stdout.write(f"{final['n']} interviews weighted: {final['min']:.1f}–{final['max']:.1f}, "
                          f"design effect {final['deff']:.2f}, {run.summary['trimmed']} trimmed")
