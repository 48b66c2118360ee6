"""Running the checks: polling the sources (monitor), the schedule, rescans after the library changes, the sweep of
old captures and watching the data file."""
