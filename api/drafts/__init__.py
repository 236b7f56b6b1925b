"""Drafts: a process owner's unsaved-to-production edit of one process and its forms."""
