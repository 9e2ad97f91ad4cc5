"""Koshi's migration analytics: plain functions over Polars frames and NumPy arrays, no Django.

indicators  one computation of arrivals, departures, net, gross, net per 1,000, efficiency
od          origin-destination tables (published / register / estimated) and their marginals
ipf         iterative proportional fitting from marginals and a prior (published table or gravity)
evaluation  the estimator measured on published years (common part of flows, error of largest flows)
surplus     labour surplus/deficit index per region and year
gravity     PPML gravity model with fixed effects (statsmodels)
forecast    next period's arrivals/departures, backtest against the naive forecast
data        the shipped BNS tables (stats/data/) read into frames keyed by ISO code
"""
