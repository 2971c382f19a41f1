"""Extraction components, one package per concept; each declares what it requires and provides."""
