"""dbt-model-monitor: warehouse-native ML monitoring as a dbt package.

The statistics live in the dbt package (``macros/``, ``models/``); this Python package holds the
command line (``model-monitor``), the demo data generator and small helpers.
"""

__version__ = "0.2.0"  # keep equal to pyproject.toml (a test checks)
