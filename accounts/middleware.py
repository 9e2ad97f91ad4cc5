from typing import Any

from django.http import HttpRequest

from .audit import log_unlogged_download, log_unlogged_refusal, request_context, restore_rolled_back_access


class ActorMiddleware:
    """Make the current request (and so its user, once authenticated) known to the audit trail.

    After the view, the access-log entries its rolled-back transaction took away (a refused look) are written again,
    a file download its view did not log is logged as an export, and a refusal (403) it did not log as a denial:
    every export and every refusal is in the access log.
    """

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> Any:
        with request_context(request):
            response = self.get_response(request)
        restore_rolled_back_access(request, response)
        with request_context(request):
            log_unlogged_download(request, response)
            log_unlogged_refusal(request, response)
        return response
