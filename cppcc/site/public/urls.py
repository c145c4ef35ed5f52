from django.urls import path

from . import views

app_name = "public"

urlpatterns = [
    path("", views.proposal_list, name="proposals"),
    path("proposals/<int:pk>/", views.proposal_detail, name="proposal"),
    path("committees/", views.committee_list, name="committees"),
    path("committees/<int:pk>/", views.committee_detail, name="committee"),
    path("senior-mode/", views.senior_mode, name="senior-mode"),
]
