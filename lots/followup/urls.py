from django.urls import path

from lots.followup import views

app_name = "followup"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("rapport/", views.report, name="report"),
    path("rapport/pdf/", views.report_pdf, name="report_pdf"),
    path("rapport/csv/", views.report_csv, name="report_csv"),
    path("rapport/xlsx/", views.report_xlsx, name="report_xlsx"),
    path("definitioner/", views.definitions, name="definitions"),
    path("indikator/<str:key>/", views.indicator, name="indicator"),
]
