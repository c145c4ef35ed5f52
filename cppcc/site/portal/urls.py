from django.urls import path

from . import activity_views, lead_views, meeting_views, opinion_views, proposal_views, speech_views, views

app_name = "portal"

urlpatterns = [
    path("", views.portal_home, name="home"),
    path("record.docx", views.record_docx, name="record-docx"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/read/", views.notifications_read, name="notifications-read"),
    path("notifications/settings/", views.notification_settings, name="notification-settings"),
    path("proposals/", proposal_views.proposal_list, name="proposals"),
    path("proposals/new/", proposal_views.proposal_new, name="proposal-new"),
    path("members/search/", proposal_views.member_search_view, name="member-search"),
    path("proposals/similar/", proposal_views.proposal_similar, name="proposal-similar"),
    path("proposals/<int:pk>/", proposal_views.proposal_detail, name="proposal"),
    path("proposals/<int:pk>/edit/", proposal_views.proposal_edit, name="proposal-edit"),
    path("proposals/<int:pk>/submit/", proposal_views.proposal_submit, name="proposal-submit"),
    path("proposals/<int:pk>/withdraw/", proposal_views.proposal_withdraw, name="proposal-withdraw"),
    path("proposals/<int:pk>/cosign/", proposal_views.proposal_cosign, name="proposal-cosign"),
    path("proposals/<int:pk>/feedback/", proposal_views.proposal_feedback, name="proposal-feedback"),
    path("proposals/<int:pk>/reply/", proposal_views.proposal_reply, name="proposal-reply"),
    path("proposals/<int:pk>/contact/", proposal_views.proposal_contact, name="proposal-contact"),
    path(
        "proposals/<int:pk>/contacts/<int:contact_id>/answer/",
        proposal_views.contact_answer,
        name="proposal-contact-answer",
    ),
    path("proposals/<int:pk>/quality/", proposal_views.proposal_quality, name="proposal-quality"),
    path("proposals/<int:pk>/object/", proposal_views.proposal_object, name="proposal-object"),
    path(
        "proposals/<int:pk>/unit-opinion/", proposal_views.proposal_unit_opinion, name="proposal-unit-opinion"
    ),
    path("leads/", lead_views.lead_pool, name="leads"),
    path("leads/<int:pk>/draft/", lead_views.lead_draft, name="lead-draft"),
    path("opinions/", opinion_views.opinion_list, name="opinions"),
    path("opinions/new/", opinion_views.opinion_form, name="opinion-new"),
    path("opinions/<int:pk>/", opinion_views.opinion_detail, name="opinion"),
    path("opinions/<int:pk>/edit/", opinion_views.opinion_form, name="opinion-edit"),
    path("opinions/<int:pk>/submit/", opinion_views.opinion_submit, name="opinion-submit"),
    path("speeches/", speech_views.speech_list, name="speeches"),
    path("speeches/new/", speech_views.speech_form, name="speech-new"),
    path("speeches/<int:pk>/", speech_views.speech_detail, name="speech"),
    path("speeches/<int:pk>/edit/", speech_views.speech_form, name="speech-edit"),
    path("speeches/<int:pk>/submit/", speech_views.speech_submit, name="speech-submit"),
    path(
        "speeches/<int:pk>/attachments/<int:attachment>/",
        speech_views.speech_attachment,
        name="speech-attachment",
    ),
    path("activities/", activity_views.activity_list, name="activities"),
    path("activities/<int:pk>/", meeting_views.activity_pack, name="activity"),
    path("activities/<int:pk>/leave/", activity_views.activity_leave, name="activity-leave"),
    path("activities/<int:pk>/checkin/", meeting_views.activity_checkin, name="activity-checkin"),
    path(
        "activities/<int:pk>/materials/<int:attachment_pk>/",
        meeting_views.activity_material,
        name="activity-material",
    ),
]
