"""API routes of the labour room, mounted under /api/v1/labour/."""

from django.urls import path

from . import api, api_market

urlpatterns = [
    path("contracts/", api.ContractList.as_view(), name="labour-contracts"),
    path("contracts/<int:pk>/entries/", api.ContractEntryCreate.as_view(), name="labour-contract-entries"),
    path("job-seekers/", api.JobSeekerList.as_view(), name="labour-job-seekers"),
    path("occupations/", api_market.OccupationList.as_view(), name="labour-occupations"),
    path("economic-activities/", api_market.EconomicActivityList.as_view(), name="labour-economic-activities"),
    path("vacancies/", api_market.VacancyList.as_view(), name="labour-vacancies"),
    path("vacancies/<int:pk>/", api_market.VacancyDetail.as_view(), name="labour-vacancy"),
    path("matching/runs/", api_market.RunList.as_view(), name="labour-matching-runs"),
    path("proposals/", api_market.ProposalList.as_view(), name="labour-proposals"),
    path("proposals/<int:pk>/decision/", api_market.ProposalDecision.as_view(), name="labour-proposal-decision"),
    path("offers/", api_market.OfferList.as_view(), name="labour-offers"),
    path("offers/<int:pk>/answer/", api_market.OfferAnswer.as_view(), name="labour-offer-answer"),
    path("course-duties/", api_market.DutyList.as_view(), name="labour-course-duties"),
    path("notices/", api_market.NoticeList.as_view(), name="labour-notices"),
    path("notices/<int:pk>/replies/", api_market.NoticeReplyCreate.as_view(), name="labour-notice-replies"),
]
