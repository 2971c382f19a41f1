"""Quotes: direct, partial and indirect speech with their speakers."""
