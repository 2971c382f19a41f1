"""The pipeline: the per-article state, what components require and provide, and the run."""
