"""Email alerts: a task assigned, a deadline near or missed, as each user chooses."""
