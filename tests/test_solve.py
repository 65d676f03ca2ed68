"""The solver adapter: HiGHS's model statuses in our words, warm starts."""

import highspy
import pyomo.environ as pyo
import pytest

from optimizer.solve.solver import Solver, SolveStatus, _status

S = highspy.HighsModelStatus


@pytest.mark.parametrize(
    "term, has_solution, expected",
    [
        (S.kOptimal, True, SolveStatus.OPTIMAL),
        (S.kInfeasible, False, SolveStatus.INFEASIBLE),
        (S.kUnboundedOrInfeasible, False, SolveStatus.INFEASIBLE),
        (S.kTimeLimit, True, SolveStatus.FEASIBLE),
        (S.kTimeLimit, False, SolveStatus.NO_SOLUTION),
        (S.kInterrupt, True, SolveStatus.INTERRUPTED),
        (S.kInterrupt, False, SolveStatus.INTERRUPTED),
        (S.kUnbounded, False, SolveStatus.UNBOUNDED),
        (S.kSolveError, False, SolveStatus.ERROR),
    ],
)
def test_status_mapping(term, has_solution, expected):
    assert _status(term, has_solution) == expected
    assert expected.has_solution == (expected in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE))


def _two_objective_model():
    m = pyo.ConcreteModel()
    m.x = pyo.Var(range(20), within=pyo.Binary)
    m.c = pyo.Constraint(expr=sum((i % 5 + 1) * m.x[i] for i in range(20)) <= 7)
    m.w = pyo.Param([0, 1], initialize={0: 1.0, 1: 0.0}, mutable=True)
    a = sum((i % 7 + 1) * m.x[i] for i in range(20))
    b = sum((i % 3 + 1) * m.x[i] for i in range(20))
    m.floor = pyo.Param(initialize=0.0, mutable=True)
    m.keep_a = pyo.Constraint(expr=a >= m.floor)
    m.o = pyo.Objective(expr=m.w[0] * a + m.w[1] * b, sense=pyo.maximize)
    return m


@pytest.mark.parametrize("warm", [False, True])
def test_warm_start_survives_an_objective_change(warm):
    # a lexicographic step: optimise a, then b with a kept at its optimum; HiGHS drops its
    # incumbent when the objective changes, so only the warm start hands it back
    m = _two_objective_model()
    solver = Solver(m, warm_start=warm)
    first = solver.solve()
    m.floor = first.objective
    m.w[0], m.w[1] = 0.0, 1.0
    assert solver.solve().status == SolveStatus.OPTIMAL
    assert any("MIP start solution is feasible" in line for line in solver.log) == warm
