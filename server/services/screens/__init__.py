"""Read models of the screens: state snapshots, the console, the dashboard, phones."""
