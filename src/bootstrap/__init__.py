"""The composition root: settings, containers, the app and worker factories, the CLI.

Library use starts here::

    from bootstrap import Settings, open_mercato

    async with open_mercato(Settings.from_env()) as mercato:
        tenancy = await mercato.module("tenancy")
        platform = await tenancy.platforms().create("north", "North Market")
"""

from bootstrap.container import ApplicationContainer, create_container
from bootstrap.library import Mercato, open_mercato
from bootstrap.settings import Settings

__all__ = ["ApplicationContainer", "Mercato", "Settings", "create_container", "open_mercato"]
