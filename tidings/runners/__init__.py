"""Engines that schedule Pipeline.pipe over batches: local (processes) and dask."""
