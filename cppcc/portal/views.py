"""The member and handling-unit portal: server-rendered pages that call the apps' services."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from cppcc.org.models import Notification
from cppcc.org.roles import access_for


def home(request):
    """Send each user to their place: clerks to the admin, everyone else to the portal;
    anonymous users to the login page."""
    if not request.user.is_authenticated:
        return redirect(f"{reverse('login')}?next=/")
    access = access_for(request.user)
    if access.is_staff_anywhere:
        return redirect("admin:index")
    if access.oversees:
        return redirect("dashboards:home")
    return redirect("portal:home")


@login_required
def portal_home(request):
    return render(request, "portal/home.html", {"access": access_for(request.user)})


@login_required
def notifications(request):
    items = Notification.objects.filter(user=request.user)[:100]
    return render(request, "portal/notifications.html", {"notifications": items})


@require_POST
@login_required
def notifications_read(request):
    Notification.objects.filter(user=request.user, read_at__isnull=True).update(read_at=timezone.now())
    return redirect("portal:notifications")
