"""Reports for managers: facts from the event log, roll-ups, summaries, exports."""
