from django.urls import path

from lots.children import views

app_name = "people"
urlpatterns = [
    path("", views.my_children, name="my_children"),
    path("sok/", views.search, name="search"),
    path("<int:child_id>/", views.child_overview, name="child"),
]
