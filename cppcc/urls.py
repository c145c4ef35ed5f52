from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from cppcc.ops.views import healthz
from cppcc.site.portal import views as portal_views

urlpatterns = [
    path("", portal_views.home, name="home"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(next_page="login"), name="logout"),
    path("portal/", include("cppcc.site.portal.urls")),
    path("dashboard/", include("cppcc.site.dashboards.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/", include("cppcc.api")),
    path("proposals/", include("proposals.urls")),
    path("healthz", healthz, name="healthz"),
]
