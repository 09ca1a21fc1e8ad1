"""Rich output: catalogue items and findings, routes, journeys and portfolios as rich renderables.

Used by the command line and by the ``__rich__`` methods (which import it lazily); the engine and
the file boundary never import it, so the library runs and prints nothing without a terminal.
"""
