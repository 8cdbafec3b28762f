from django.urls import path

from lots.intake.views import reports, requests

app_name = "intake"
urlpatterns = [
    path("orosanmalan/ny/", reports.report_new, name="report_new"),
    path("mina-anmalningar/", reports.my_reports, name="my_reports"),
    path("mina-anmalningar/<int:report_id>/", reports.my_report, name="my_report"),
    path("mottagning/", reports.queue, name="queue"),
    path("mottagning/<int:report_id>/", reports.report_detail, name="report"),
    path("forfragningar/", requests.requests, name="requests"),
    path("forfragningar/ny/", requests.request_new, name="request_new"),
    path("forfragningar/<int:request_id>/", requests.request_detail, name="request"),
]
