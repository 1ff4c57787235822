"""``python -m solver`` runs the same command line as ``stageplan``."""

from solver.stageplan import main

if __name__ == "__main__":
    main()
