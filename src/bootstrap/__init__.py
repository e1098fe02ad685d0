"""The composition root: settings, containers, the app and worker factories, the CLI.

Library use starts here::

    from mercato.bootstrap import Settings, open_mercato

    async with open_mercato(Settings.from_env()) as mercato:
        tenancy = await mercato.module("tenancy")
        platform = await tenancy.platforms().create("north", "North Market")
"""

from mercato.bootstrap.container import ApplicationContainer, create_container
from mercato.bootstrap.library import Mercato, open_mercato
from mercato.bootstrap.settings import Settings

__all__ = ["ApplicationContainer", "Mercato", "Settings", "create_container", "open_mercato"]
