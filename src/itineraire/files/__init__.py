"""The file boundary: read → document → build → check.

Raw bytes are read into JSON-like data (``_reading``), checked in shape by the pydantic documents
(:mod:`~itineraire.files.documents`, whose pydantic errors ``_locating`` turns into problems), built
into engine values with every cross-reference checked (:mod:`~itineraire.files.catalogue`,
:mod:`~itineraire.files.learner`), then checked for consistency. :mod:`~itineraire.files.loading`
is the public entry; :mod:`~itineraire.files.export` writes values back as documents.
"""
