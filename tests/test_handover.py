"""The hand-over to HiGHS: after param changes, what HiGHS holds equals a fresh hand-over."""

from pathlib import Path

import highspy
import numpy as np
import pyomo.environ as pyo
import pytest

from optimizer.config import Scenario
from optimizer.model.build import build_model
from optimizer.model.inputs import prepare
from optimizer.model.objectives import add_objectives
from optimizer.pipeline import load_data
from optimizer.solve.handover import HighsModel

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "jincheng"


def _model(kind: str) -> pyo.ConcreteModel:
    scenario = Scenario.model_validate({"name": "handover", "data": str(SAMPLE)})
    d = prepare(load_data(scenario), scenario)
    m = build_model(d, elastic=kind == "elastic")
    if kind == "multiobjective":
        add_objectives(m, d, ["score", "cost", "balance"], {})
    return m


def _hand_over(m: pyo.ConcreteModel) -> tuple[highspy.Highs, HighsModel]:
    highs = highspy.Highs()
    highs.setOptionValue("output_flag", False)
    return highs, HighsModel(m, highs)


def _arrays(highs: highspy.Highs) -> dict[str, np.ndarray]:
    lp = highs.getLp()
    names = ("col_cost_", "col_lower_", "col_upper_", "row_lower_", "row_upper_")
    out = {name: np.asarray(getattr(lp, name)) for name in names}
    matrix = lp.a_matrix_
    out |= {f"a_{k}": np.asarray(getattr(matrix, k)) for k in ("start_", "index_", "value_")}
    out["offset_sense"] = np.array([lp.offset_, int(lp.sense_)])
    return out


def _same(a: dict[str, np.ndarray], b: dict[str, np.ndarray]) -> bool:
    return all(np.array_equal(a[k], b[k]) for k in a)


@pytest.mark.parametrize("kind", ["plain", "elastic", "multiobjective"])
def test_param_updates_equal_a_fresh_hand_over(kind):
    m = _model(kind)
    highs, handed = _hand_over(m)
    before = _arrays(highs)
    params = [p for p in m.component_data_objects(pyo.Param) if p.parent_component().mutable]
    assert params
    for k, p in enumerate(params):
        p.set_value(pyo.value(p) * 0.5 + k % 3)
    handed.update()
    after = _arrays(highs)
    assert not _same(after, before)
    assert _same(after, _arrays(_hand_over(m)[0]))


def test_a_new_active_objective_is_handed_over():
    m = _model("plain")
    highs, handed = _hand_over(m)
    m.objective.deactivate()
    m.spend_only = pyo.Objective(expr=m.total_spend, sense=pyo.minimize)
    handed.update()
    assert _same(_arrays(highs), _arrays(_hand_over(m)[0]))
    assert highs.getLp().sense_ == highspy.ObjSense.kMinimize


def test_two_active_objectives_are_refused():
    m = _model("plain")
    m.second = pyo.Objective(expr=m.total_spend)
    with pytest.raises(ValueError, match="one active objective, it has 2"):
        _hand_over(m)
