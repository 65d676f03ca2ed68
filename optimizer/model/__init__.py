"""The Pyomo model: sparse inputs, constraint families, objective."""
