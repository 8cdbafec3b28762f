from django.urls import path

from lots.documents import views

app_name = "documents"
urlpatterns = [
    path("<slug:slug>/<int:owner_id>/ladda-upp/", views.upload, name="upload"),
    path("<uuid:document_id>/", views.download, name="download"),
]
