"""The HTTP face of search: FastAPI routes, query parameters and error answers.

It depends only on the search service, the backend contract and the core; the
one application factory that joins it with the web UI is :mod:`vanban_app`.
"""
