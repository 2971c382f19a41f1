"""Places: toponyms in the text resolved to a name, a country, coordinates and a kind."""
