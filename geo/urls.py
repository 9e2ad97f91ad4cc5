from django.urls import path

from . import views

app_name = "geo"
urlpatterns = [
    path("map/", views.region_map, name="map"),
    path("map/population.csv", views.region_map_csv, name="map_csv"),
    path("shapes.geojson", views.shapes, name="shapes"),
]
