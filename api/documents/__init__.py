"""Letters and notices generated from council templates, and evidence files attached to cases."""
