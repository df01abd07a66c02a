"""The Elasticsearch backend: the same product on a cluster, no plugin needed.

Analysis stays in Python (:mod:`vanban_core.analysis`); Elasticsearch receives
pre-analyzed tokens on whitespace-analyzed fields, so any Elasticsearch,
hosted clusters included, runs the index without the analysis-common module.
"""

from search_api.backends.elasticsearch.backend import ElasticsearchBackend

__all__ = ["ElasticsearchBackend"]
