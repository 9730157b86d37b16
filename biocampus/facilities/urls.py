from django.urls import path

from biocampus.facilities import views

app_name = "facilities"
urlpatterns = [
    path("", views.search, name="search"),
    path("resources/<int:resource_id>/", views.resource_detail, name="resource"),
    path("resources/<int:resource_id>/book/", views.book, name="book"),
    path("bookings/", views.my_bookings, name="my_bookings"),
    path("bookings/<int:booking_id>/approve/", views.booking_approve, name="booking_approve"),
    path("bookings/<int:booking_id>/reject/", views.booking_reject, name="booking_reject"),
    path("bookings/<int:booking_id>/cancel/", views.booking_cancel, name="booking_cancel"),
    path("calendar/", views.calendar_feed, name="calendar_feed"),
    path("usage/", views.usage_page, name="usage"),
    path("occupancy/", views.occupancy_page, name="occupancy"),
    path("sessions/<int:session_id>/room/", views.session_room, name="session_room"),
    path("timetable/", views.timetable_page, name="timetable"),
    path("timetable/<int:proposal_id>/", views.proposal_page, name="proposal"),
]
