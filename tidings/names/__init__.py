"""Names: surface forms of countries, bodies and places, and the country an article is set in."""
