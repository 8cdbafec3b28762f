from django.urls import path

from lots.children import todo_views

app_name = "todo"
urlpatterns = [
    path("", todo_views.start, name="start"),
]
