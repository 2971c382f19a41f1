"""Exports for other tools: GDELT 2.0 Event TSV, PLOVER JSON lines, Parquet and CSV.

Every export reads the events that `tidings.query.filters` selects (the countable merged events
by default), so `tidings export` takes the filters of `tidings query` and means the same by them.
"""
