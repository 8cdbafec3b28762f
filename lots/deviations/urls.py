from django.urls import path

from lots.deviations import views

app_name = "deviations"
urlpatterns = [
    path("", views.deviation_list, name="list"),
    path("ny/", views.deviation_new, name="new"),
    path("<int:deviation_id>/", views.deviation_detail, name="detail"),
    path("<int:deviation_id>/bekrafta/", views.confirm, name="confirm"),
    path("<int:deviation_id>/avfarda/", views.dismiss, name="dismiss"),
    path("<int:deviation_id>/analys/", views.analysis, name="analysis"),
    path("<int:deviation_id>/avsluta/", views.close, name="close"),
    path("<int:deviation_id>/oppna-igen/", views.reopen, name="reopen"),
]
