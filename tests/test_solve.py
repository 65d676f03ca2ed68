"""The solver adapter maps Pyomo's termination conditions to our statuses."""

import pytest
from pyomo.contrib.solver.common.results import TerminationCondition as T

from optimizer.solve import SolveStatus, _status


@pytest.mark.parametrize(
    "term, has_solution, expected",
    [
        (T.convergenceCriteriaSatisfied, True, SolveStatus.OPTIMAL),
        (T.provenInfeasible, False, SolveStatus.INFEASIBLE),
        (T.infeasibleOrUnbounded, False, SolveStatus.INFEASIBLE),
        (T.maxTimeLimit, True, SolveStatus.FEASIBLE),
        (T.maxTimeLimit, False, SolveStatus.NO_SOLUTION),
        (T.unbounded, False, SolveStatus.UNBOUNDED),
        (T.error, False, SolveStatus.ERROR),
    ],
)
def test_status_mapping(term, has_solution, expected):
    assert _status(term, has_solution) == expected
    assert expected.has_solution == (expected in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE))
