"""Pure report maths: periods, tallies, groupings and summary statistics."""
