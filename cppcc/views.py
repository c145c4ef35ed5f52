from django.shortcuts import redirect


def home(request):
    """Until the portal exists, everyone starts at the admin (which asks anonymous users to log in)."""
    return redirect("admin:index")
