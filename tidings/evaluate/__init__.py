"""Evaluation: scoring the event coder on gold sentences and whole articles on hand-made keys."""
