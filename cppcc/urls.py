from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from cppcc.ops.views import healthz
from cppcc.site.portal import views as portal_views

handler403 = "cppcc.site.portal.errors.permission_denied"
handler404 = "cppcc.site.portal.errors.page_not_found"

urlpatterns = [
    path("", portal_views.home, name="home"),
    path("accounts/login/", portal_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(next_page="login"), name="logout"),
    path("accounts/senior-mode/", portal_views.senior_mode, name="senior-mode"),
    path("portal/", include("cppcc.site.portal.urls")),
    path("dashboard/", include("cppcc.site.dashboards.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/", include("cppcc.api")),
    path("proposals/", include("proposals.urls")),
    path("public/leads/", include("cppcc.site.public.leads_urls")),
    path("healthz", healthz, name="healthz"),
    path("favicon.ico", portal_views.favicon, name="favicon"),
]
