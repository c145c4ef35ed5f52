"""Every app's API routes under /api/."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from cppcc.accounts import api as accounts_api
from cppcc.core.jobs import api as jobs_api
from cppcc.ops.views import SwaggerView
from cppcc.org import api as org_api
from cppcc.scoring import api as scoring_api
from cppcc.site.dashboards import api as dashboards_api
from cppcc.site.public import api as public_api
from opinions import api as opinions_api
from platforms import api as platforms_api
from proposals import api as proposals_api
from speeches import api as speeches_api

router = DefaultRouter()
org_api.register(router)
accounts_api.register(router)
opinions_api.register(router)
proposals_api.register(router)
platforms_api.register(router)
speeches_api.register(router)
jobs_api.register(router)

urlpatterns = [
    path("auth/token/", accounts_api.TokenView.as_view(), name="api-token"),
    path("me/", org_api.MeView.as_view(), name="api-me"),
    path(
        "me/notification-preferences/",
        org_api.NotificationPreferencesView.as_view(),
        name="api-notification-preferences",
    ),
    path("members/<int:pk>/record/", scoring_api.MemberRecordView.as_view(), name="api-member-record"),
    path("scores/ranking/", scoring_api.RankingView.as_view(), name="api-score-ranking"),
    path("dashboard/", include(dashboards_api.urlpatterns)),
    path("public/", include(public_api.urlpatterns)),
    # Before the router's activity routes: a meeting's selected speeches and their compilation.
    path(
        "activities/<int:pk>/speeches/", speeches_api.CompilationView.as_view(), name="api-activity-speeches"
    ),
    path("public/leads/", proposals_api.PublicLeadView.as_view(), name="api-public-leads"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("", include(router.urls)),
]
