from django.urls import path

from lots.attendance import views

app_name = "attendance"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("import/", views.import_new, name="import"),
    path("import/<int:import_id>/", views.import_result, name="import_result"),
    path("import/<int:import_id>/lage/", views.import_status, name="import_status"),
    path("import/<int:import_id>/bekrafta/", views.import_confirm, name="import_confirm"),
    path("signaler/", views.signals, name="signals"),
    path("signal/<int:signal_id>/", views.signal, name="signal"),
    path("signal/<int:signal_id>/starta-rutin/", views.signal_start, name="signal_start"),
    path("signal/<int:signal_id>/avsta/", views.signal_decline, name="signal_decline"),
    path("signal/<int:signal_id>/utredning/", views.signal_investigation, name="signal_investigation"),
    path("granser/", views.thresholds, name="thresholds"),
]
