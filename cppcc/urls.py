from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from cppcc.accounts import views as accounts_views
from cppcc.ops.views import healthz
from cppcc.site.portal import views as portal_views
from cppcc.site.public import views as public_views
from cppcc.site.public.sitemaps import SITEMAPS

handler403 = "cppcc.site.portal.errors.permission_denied"
handler404 = "cppcc.site.portal.errors.page_not_found"
# The database gone before a view runs (a middleware reading the session): 503, not 500.
handler500 = "cppcc.ops.errors.server_error"

urlpatterns = [
    path("", portal_views.home, name="home"),
    path("accounts/login/", portal_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path(
        "accounts/login/code/", accounts_views.SecondFactorVerifyView.as_view(), name="second_factor_verify"
    ),
    path("accounts/otp/", accounts_views.SecondFactorView.as_view(), name="second_factor"),
    path("accounts/logout/", auth_views.LogoutView.as_view(next_page="login"), name="logout"),
    path("accounts/password/", accounts_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "accounts/password/done/",
        accounts_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("accounts/senior-mode/", portal_views.senior_mode, name="senior-mode"),
    path("portal/", include("cppcc.site.portal.urls")),
    path("dashboard/", include("cppcc.site.dashboards.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/", include("cppcc.api")),
    path("proposals/", include("proposals.urls")),
    path("public/leads/", include("cppcc.site.public.leads_urls")),
    path("public/", include("cppcc.site.public.urls")),
    path("robots.txt", public_views.robots_txt, name="robots"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("healthz", healthz, name="healthz"),
    path("favicon.ico", portal_views.favicon, name="favicon"),
]
