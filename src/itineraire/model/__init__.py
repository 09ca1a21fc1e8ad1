"""The pact's values: catalogues, certifications and their blocks, competences, requirement rules,
learners, scales, sectors and provenance.

Frozen attrs objects, free of files, rich and the planner: every other layer builds on them. The
kinds of module (:mod:`itineraire.modules`) and the rules by which blocks are validated
(:mod:`itineraire.validation`) belong to this layer too and keep their own packages. This package
re-exports nothing, so that importing one value never loads the others.
"""
