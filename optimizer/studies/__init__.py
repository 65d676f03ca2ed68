"""Many runs: sweeps, comparisons, parallel execution."""
