"""Hand a built Pyomo model to HiGHS as arrays, once; later push only what params changed.

Rows are compiled with Pyomo's LinearRepnVisitor (the LP writer's compiler, which
reuses the repn of shared named expressions such as spend[p,y]) and passed to highspy
in one batch. Mutable params may appear in constraint bounds, variable bounds and the
objective, never inside a constraint body: that is how every family in `model/` is
written, and `update` re-evaluates exactly those three places.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import highspy
import numpy as np
import pyomo.environ as pyo
from pyomo.core.base.enums import SortComponents
from pyomo.core.expr.numvalue import is_constant
from pyomo.core.expr.visitor import identify_mutable_parameters
from pyomo.repn.linear import LinearRepnVisitor
from pyomo.repn.util import VarRecorder

INF = highspy.kHighsInf


def _number(expr: object, default: float) -> float:
    return default if expr is None else float(pyo.value(expr))


def _push_changed(
    index: np.ndarray,
    lower: np.ndarray,
    upper: np.ndarray,
    held: tuple[np.ndarray, np.ndarray],
    change: Callable[..., object],
) -> None:
    """Send HiGHS the bounds that differ from those it holds (`held`), and remember them."""
    changed = (lower != held[0][index]) | (upper != held[1][index])
    if changed.any():
        index, lower, upper = index[changed], lower[changed], upper[changed]
        change(len(index), index, lower, upper)
        held[0][index], held[1][index] = lower, upper


@dataclass
class _Rows:
    lower: list[float] = field(default_factory=list)
    upper: list[float] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)
    index: list[int] = field(default_factory=list)  # id() of the variable
    value: list[float] = field(default_factory=list)


class HighsModel:
    """One Pyomo model living in one highspy.Highs instance.

    Rows follow the active constraints in declaration order; columns the order in which
    the rows first mention each variable (then the rest), the order Pyomo's persistent
    interface used, so HiGHS sees the same model as before the hand-over was rewritten
    (its search path, hence its time, depends on column order). Variables and
    constraints added, removed, fixed or (de)activated after the hand-over are not seen;
    a different active objective is.
    """

    def __init__(self, model: pyo.ConcreteModel, highs: highspy.Highs) -> None:
        self.model = model
        self.highs = highs
        self._var_map = {id(v): v for v in model.component_data_objects(pyo.Var)}
        self._cache: dict = {}  # named subexpressions' repns, shared by all rows
        self._param_bounds: list[tuple[int, object, object, float]] = []
        self._param_cols: list[int] = []
        self._row: dict[int, int] = {}  # id() of a constraint -> its row
        self._row_lower = self._row_upper = np.empty(0)
        self._col_lower = self._col_upper = np.empty(0)
        self._objective: object = None
        self._objective_has_params = False
        self.is_mip = False
        rows = self._compile_rows()
        order = dict.fromkeys(rows.index) | dict.fromkeys(self._var_map)
        self.variables = [self._var_map[k] for k in order]
        self._col = {k: j for j, k in enumerate(order)}
        self._costs = np.zeros(len(self.variables))
        self._pass_columns()
        self._pass_rows(rows)
        self.update_objective()

    def _visitor(self, cache: dict) -> LinearRepnVisitor:
        recorder = VarRecorder(self._var_map, SortComponents.deterministic)
        return LinearRepnVisitor(cache, var_recorder=recorder)

    def _pass_columns(self) -> None:
        """Bounds (params evaluated, tracked for updates) and integrality of every column."""
        n = len(self.variables)
        self._col_lower, self._col_upper = lower, upper = np.empty(n), np.empty(n)
        integer = []
        for j, v in enumerate(self.variables):
            lower[j], upper[j] = self._bounds(v)
            if not (is_constant(v._lb) and is_constant(v._ub)):
                self._param_cols.append(j)
            if v.is_integer():
                integer.append(j)
        self.highs.addVars(n, lower, upper)
        self.is_mip = bool(integer)
        if integer:
            self.highs.changeColsIntegrality(
                len(integer),
                np.array(integer, dtype=np.int32),
                np.full(len(integer), highspy.HighsVarType.kInteger),
            )

    @staticmethod
    def _bounds(v: pyo.Var) -> tuple[float, float]:
        if v.fixed:
            return v.value, v.value
        lb, ub = v.bounds
        return (-INF if lb is None else lb), (INF if ub is None else ub)

    def _compile_rows(self) -> _Rows:
        """Every active constraint body as (variable id, coefficient) entries; bounds =
        params evaluated − body constant."""
        visitor = self._visitor(self._cache)
        rows = _Rows()
        for con in self.model.component_data_objects(pyo.Constraint, active=True):
            lb, body, ub = con.to_bounded_expression()
            repn = visitor.walk_expression(body)
            if repn.nonlinear is not None:
                raise ValueError(f"constraint {con.name} is not linear")
            self._row[id(con)] = len(rows.lower)
            if not (is_constant(lb) and is_constant(ub)):
                self._param_bounds.append((len(rows.lower), lb, ub, repn.constant))
            rows.starts.append(len(rows.index))
            rows.index.extend(repn.linear)
            rows.value.extend(repn.linear.values())
            rows.lower.append(_number(lb, -INF) - repn.constant)
            rows.upper.append(_number(ub, INF) - repn.constant)
        return rows

    def _pass_rows(self, rows: _Rows) -> None:
        """Hand the compiled rows to HiGHS in one call, variable ids mapped to columns."""
        self._row_lower, self._row_upper = np.array(rows.lower), np.array(rows.upper)
        if rows.lower:
            self.highs.addRows(
                len(rows.lower),
                self._row_lower,
                self._row_upper,
                len(rows.index),
                np.array(rows.starts, dtype=np.int32),
                np.fromiter(map(self._col.__getitem__, rows.index), np.int32, len(rows.index)),
                np.array(rows.value, dtype=np.float64),
            )

    def update(self) -> None:
        """Push changed param-dependent row and column bounds, then the objective."""
        self._update_row_bounds()
        self._update_column_bounds()
        self.update_objective()

    def _update_row_bounds(self) -> None:
        if not self._param_bounds:
            return
        rows = np.array([k for k, *_ in self._param_bounds], dtype=np.int32)
        lower = np.array([_number(lb, -INF) - c for _, lb, _, c in self._param_bounds])
        upper = np.array([_number(ub, INF) - c for _, _, ub, c in self._param_bounds])
        held = (self._row_lower, self._row_upper)
        _push_changed(rows, lower, upper, held, self.highs.changeRowsBounds)

    def _update_column_bounds(self) -> None:
        if not self._param_cols:
            return
        cols = np.array(self._param_cols, dtype=np.int32)
        lower, upper = np.array([self._bounds(self.variables[j]) for j in self._param_cols]).T
        held = (self._col_lower, self._col_upper)
        _push_changed(cols, lower, upper, held, self.highs.changeColsBounds)

    def update_objective(self) -> None:
        """Compile the active objective when it changed or depends on params; push costs."""
        active = list(self.model.component_data_objects(pyo.Objective, active=True))
        if len(active) != 1:
            raise ValueError(f"the model needs one active objective, it has {len(active)}")
        objective = active[0]
        if objective is self._objective and not self._objective_has_params:
            return
        if objective is not self._objective:
            self._objective = objective
            self._objective_has_params = bool(identify_mutable_parameters(objective.expr))
            sense = objective.sense == pyo.maximize
            self.highs.changeObjectiveSense(
                highspy.ObjSense.kMaximize if sense else highspy.ObjSense.kMinimize
            )
        # a copy of the row cache: a subexpression met first here may hold a param
        repn = self._visitor(dict(self._cache)).walk_expression(objective.expr)
        if repn.nonlinear is not None:
            raise ValueError(f"objective {objective.name} is not linear")
        costs = np.zeros(len(self.variables))
        for k, coef in repn.linear.items():
            costs[self._col[k]] = coef
        self.highs.changeObjectiveOffset(float(repn.constant))
        if (costs != self._costs).any():
            self._costs = costs
            n = len(costs)
            self.highs.changeColsCost(n, np.arange(n, dtype=np.int32), costs)

    def column(self, var: pyo.Var) -> int:
        """HiGHS's column index of a Pyomo variable."""
        return self._col[id(var)]

    def row(self, con: pyo.Constraint) -> int:
        """HiGHS's row index of an active Pyomo constraint."""
        return self._row[id(con)]

    def load(self, values: list[float]) -> None:
        """Write a HiGHS column vector back into the Pyomo variables."""
        for v, x in zip(self.variables, values, strict=True):
            v.set_value(x, skip_validation=True)
