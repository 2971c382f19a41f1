"""Reading events out of the store: the event filters shared by `tidings query`, `tidings
export` and the HTTP API, and the read-only SQL that `tidings sql` and `/api/sql` run."""
