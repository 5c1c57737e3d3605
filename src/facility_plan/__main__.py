"""``python -m facility_plan`` runs the command line."""

from facility_plan.cli.app import main

if __name__ == "__main__":
    main()
