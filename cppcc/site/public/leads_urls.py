from django.urls import path

from . import leads

app_name = "public-leads"

urlpatterns = [
    path("new/", leads.lead_new, name="new"),
]
