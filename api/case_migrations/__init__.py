"""Moving running cases to another version of their procedure (issue 18): preview, move, undo."""
