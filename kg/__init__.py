"""kg: build a knowledge graph of ML papers (models, datasets, methods, tasks, code, results)."""
from __future__ import annotations

__version__ = "0.1.0"
