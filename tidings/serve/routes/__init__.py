"""The API's routes, one module a concern: events and their views, articles and their items,
the store's counts, read-only SQL."""
