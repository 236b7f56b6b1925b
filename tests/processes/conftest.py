"""Scenario tests of the shipped procedures use the `councils` fixture (tests/conftest.py):
the real processes/ and forms/, the demo councils, a provider each and a user per role."""
