from django.contrib.auth import views as auth_views
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.permissions import scope_key
from accounts.roles import Role
from lib.work_queue import reads_sent_together

from .home import figures_for, work_queue_for

# Roles that see their own records (a citizen's registrations, an employer's contracts), not a territory.
OWN_RECORDS_ROLES = (Role.CITIZEN, Role.EMPLOYER)


class LoginView(auth_views.LoginView):
    template_name = "web/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


def home(request):
    """The home page: the tasks of the user's role, or the public tools for a visitor."""
    user = request.user
    heading = _("Welcome to Koshi") if not user.is_authenticated else user.get_role_display()
    if not user.is_authenticated:
        figures, work_queue = [], []
    else:  # the figures' and the queues' reads, the same on each visit of the user that day, sent together
        user = getattr(user, "_wrapped", user)  # the user itself: a lazy request.user costs at every attribute
        with reads_sent_together(("web.home", scope_key(user), timezone.localdate())):
            figures, work_queue = figures_for(user), work_queue_for(user)
    return render(request, "web/home.html", {
        "figures": figures, "heading": heading, "work_queue": work_queue,
        "own_records": user.is_authenticated and user.role in OWN_RECORDS_ROLES,
    })
