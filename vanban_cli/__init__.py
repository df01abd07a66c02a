"""The ``vanban`` command line."""
