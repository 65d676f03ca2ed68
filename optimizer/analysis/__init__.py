"""What one built model can answer: explanations, ranking, multi-objective."""
