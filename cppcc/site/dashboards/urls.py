from django.urls import path

from . import views

app_name = "dashboards"

urlpatterns = [
    path("", views.dashboard, name="home"),
    path("proposal-report/", views.proposal_report_page, name="proposal-report"),
    path("units/", views.unit_assessment, name="units"),
    path("list/proposals/", views.proposal_list, name="list-proposals"),
    path("list/opinions/", views.opinion_list, name="list-opinions"),
    path("list/activities/", views.activity_list, name="list-activities"),
    path("proposals/<int:pk>/", views.proposal_detail, name="proposal"),
    path("opinions/<int:pk>/", views.opinion_detail, name="opinion"),
    path("activities/<int:pk>/", views.activity_detail, name="activity"),
]
