"""The provider view (issue 23): a provider's user sees its open action plans, the letters sent
to it and the meetings it is invited to, minus what the need-to-know rules exclude."""
