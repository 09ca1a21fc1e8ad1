"""``python -m itineraire``: the same command line as ``itineraire``, for an environment whose
scripts folder is not on the path."""

from itineraire.cli import run

if __name__ == "__main__":
    raise SystemExit(run())
