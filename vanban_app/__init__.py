"""The one application: the JSON API and the web UI served together.

This is the only place where the two HTTP faces meet, so neither imports the
other; ``vanban serve``, the tests and the container all build it here.
"""
