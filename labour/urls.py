from django.urls import path

from . import views

app_name = "labour"
urlpatterns = [
    path("", views.index, name="index"),
    path("contracts/new/", views.new_contract, name="new_contract"),
    path("job-seekers/new/", views.new_job_seeker, name="new_job_seeker"),
    path("vacancies/", views.vacancies, name="vacancies"),
    path("vacancies/new/", views.vacancy_new, name="vacancy_new"),
    path("vacancies/<int:pk>/", views.vacancy_detail, name="vacancy"),
    path("matching/", views.matching, name="matching"),
    path("matching/<int:pk>/", views.run_detail, name="run"),
    path("proposals/<int:pk>/decide/", views.decide, name="decide"),
    path("offers/", views.offers, name="offers"),
    path("courses/", views.courses, name="courses"),
    path("courses/mine/", views.my_courses, name="my_courses"),
    path("course-duties/<int:pk>/", views.duty_detail, name="duty"),
    path("enrolments/<int:pk>/certificate.pdf", views.certificate, name="certificate"),
    path("notices/", views.notices, name="notices"),
    path("notices/<int:pk>/", views.notice_detail, name="notice"),
]
