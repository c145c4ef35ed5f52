from django.urls import path

from . import activity_views, opinion_views, proposal_views, views

app_name = "portal"

urlpatterns = [
    path("", views.portal_home, name="home"),
    path("record.docx", views.record_docx, name="record-docx"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/read/", views.notifications_read, name="notifications-read"),
    path("notifications/settings/", views.notification_settings, name="notification-settings"),
    path("proposals/", proposal_views.proposal_list, name="proposals"),
    path("proposals/new/", proposal_views.proposal_new, name="proposal-new"),
    path("proposals/similar/", proposal_views.proposal_similar, name="proposal-similar"),
    path("proposals/<int:pk>/", proposal_views.proposal_detail, name="proposal"),
    path("proposals/<int:pk>/edit/", proposal_views.proposal_edit, name="proposal-edit"),
    path("proposals/<int:pk>/submit/", proposal_views.proposal_submit, name="proposal-submit"),
    path("proposals/<int:pk>/withdraw/", proposal_views.proposal_withdraw, name="proposal-withdraw"),
    path("proposals/<int:pk>/cosign/", proposal_views.proposal_cosign, name="proposal-cosign"),
    path("proposals/<int:pk>/feedback/", proposal_views.proposal_feedback, name="proposal-feedback"),
    path("proposals/<int:pk>/reply/", proposal_views.proposal_reply, name="proposal-reply"),
    path(
        "proposals/<int:pk>/unit-opinion/", proposal_views.proposal_unit_opinion, name="proposal-unit-opinion"
    ),
    path("opinions/", opinion_views.opinion_list, name="opinions"),
    path("opinions/new/", opinion_views.opinion_form, name="opinion-new"),
    path("opinions/<int:pk>/", opinion_views.opinion_detail, name="opinion"),
    path("opinions/<int:pk>/edit/", opinion_views.opinion_form, name="opinion-edit"),
    path("opinions/<int:pk>/submit/", opinion_views.opinion_submit, name="opinion-submit"),
    path("activities/", activity_views.activity_list, name="activities"),
    path("activities/<int:pk>/leave/", activity_views.activity_leave, name="activity-leave"),
]
