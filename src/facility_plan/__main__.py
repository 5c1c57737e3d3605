"""``python -m facility_plan`` runs the command line."""

from facility_plan.cli import main

main()
