"""rasd: evidence-linked conflict data from Arabic news, offline and on the CPU.

    >>> import rasd
    >>> record = rasd.analyze("…", published="2019-08-19")
    >>> results = list(rasd.analyze_many(texts, n_process=2))  # records in order, or a RasdError per bad item
    >>> tables = rasd.frames(results)                          # pandas DataFrames (pip install 'rasd[frames]')

`analyze` returns a `rasd.analysis/1` record (a dict; its JSON Schema: `rasd.json_schema()`,
described in docs/record.md) and reuses one loaded pipeline across calls. spaCy, the model and
pandas are imported on first use, so `import rasd` stays light.
"""

from __future__ import annotations

__version__ = "0.1.0"

from rasd.api import Analysis, analyze, analyze_many, json_schema  # after __version__, which rasd.fingerprint reads
from rasd.errors import RasdError
from rasd.tables import frames

__all__ = ["Analysis", "RasdError", "__version__", "analyze", "analyze_many", "frames", "json_schema"]
