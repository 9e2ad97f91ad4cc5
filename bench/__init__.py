"""Benchmarks, each run as a script: `python bench/NAME.py --quick` (a package only so that
mypy names bench/relocation.py and bench/surveys.py apart from the rooms of the same name)."""
