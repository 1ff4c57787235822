"""``python -m solver`` runs the same command line as ``stageplan``."""

from .cli import main

if __name__ == "__main__":
    main()
