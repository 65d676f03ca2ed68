"""HiGHS in memory: hand-over, solve, and results out of the model."""
