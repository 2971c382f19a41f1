"""The read-only HTTP API and the dashboard: `create_app(settings, options)` in app.py."""
