"""Announcements: an optional Mercato module installed through the ``mercato.modules`` entry point.

Importing this package imports nothing else: Mercato loads ``definition.MODULE`` at
discovery time and the module's code only when the module is enabled on a platform.
"""

__all__: list[str] = []
