"""``python -m citysurvey …`` is the ``citysurvey`` command."""
from .cli import main

main()
