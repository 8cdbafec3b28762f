from django.urls import path

from lots.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<int:notification_id>/", views.open_notification, name="open"),
    path("alla-lasta/", views.mark_all_read, name="mark_all_read"),
]
