"""Deadline outcomes: each statutory timescale of a case, met or missed and by how much."""
