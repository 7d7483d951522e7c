"""Extractors: one module per kind of output, each a spaCy pipeline component.

Order (see `rasd.pipeline.COMPONENTS`): entities -> times -> numbers -> places -> quotes -> events.
Each reads the `Doc` and what earlier components set on `doc._`, and writes only its own list.
Items carry character offsets into the canonical text (`doc.text`); `rasd.record` maps them back
to the original text.
"""
