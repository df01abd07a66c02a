"""vanban for integrators: ``from vanban.client import VanbanClient``."""
