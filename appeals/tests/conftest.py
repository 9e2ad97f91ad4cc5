from relocation.tests.conftest import citizen, officer, quota, reference_units  # noqa: F401 (shared fixtures)
