from django.contrib.auth import views as auth_views
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role

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
    return render(request, "web/home.html", {
        "figures": figures_for(user), "heading": heading,
        "work_queue": work_queue_for(user),
        "own_records": user.is_authenticated and user.role in OWN_RECORDS_ROLES,
    })
