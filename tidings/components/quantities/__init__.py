"""Quantities: numbers, ranges, amounts and what they count."""
