"""Growth in the results: each list and dashboard endpoint's p50 over its p50 at a smaller size."""

from cppcc.bench.measure import growth


def test_growth_is_the_ratio_of_p50s_for_lists_and_dashboards_measured_in_both_runs():
    here = {
        "list proposals": {"p50_ms": 30.0},
        "dashboard report-card": {"p50_ms": 12.0},
        "detail proposal": {"p50_ms": 9.0},
        "list visits": {"p50_ms": 5.0},
    }
    smaller = {
        "endpoints": {
            "list proposals": {"p50_ms": 20.0},
            "dashboard report-card": {"p50_ms": 10.0},
            "detail proposal": {"p50_ms": 3.0},
        }
    }
    assert growth(here, smaller) == {"list proposals": 1.5, "dashboard report-card": 1.2}
