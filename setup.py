"""The package list: the repository's ``src`` folder is the import package ``mercato``.

pyproject.toml maps ``mercato`` to ``src`` (``package-dir``); setuptools cannot discover the
sub-packages of a renamed folder by itself, so they are listed here from the tree.
"""

from setuptools import find_packages, setup

setup(packages=["mercato", *(f"mercato.{name}" for name in find_packages("src"))])
