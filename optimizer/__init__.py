"""Multi-objective investment optimizer for new-urbanization plans (Pyomo + HiGHS)."""

__version__ = "0.1.0"
