"""A case's chronology: decisions, deadlines, documents and meetings in date order, in plain words."""
