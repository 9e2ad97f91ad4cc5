import collections, re
import pytest
from accounts.testing import audit_gaps
pytestmark = pytest.mark.django_db

def test_gaps(demo_data):
    gaps = audit_gaps(installed=demo_data)
    cats = collections.Counter(re.sub(r"#\d+", "#N", re.sub(r"'.*", "", g)) for g in gaps)
    for k, v in cats.most_common(40):
        print("CAT", v, k)
    for g in gaps[:3]: print("EX", g)
    for g in [g for g in gaps if "registration#" in g and "owner_consent" not in g][:8]: print("EX", g)
