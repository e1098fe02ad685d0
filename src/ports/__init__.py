"""Mercato's shared vocabulary: protocols and the small value types they exchange.

Nothing here imports another package of Mercato or any framework. This is part of the
public surface for module authors: import the contracts from here
(``from mercato.ports import Clock, MetricValue, PageRequest, Scope``) or from their
sub-modules; both stay stable.
"""

from mercato.ports.clock import Clock, FakeClock
from mercato.ports.content import ContentPage, ContentService, NullContentService
from mercato.ports.context import ContextProvider, NullContextProvider
from mercato.ports.contracts import ContractLookup, FakeContractLookup, contract_key
from mercato.ports.errors import (
    AuthenticationFailed,
    Conflict,
    DomainError,
    InvalidInput,
    NotFound,
    PermissionDenied,
    RateLimited,
)
from mercato.ports.events import (
    DeliveredEvent,
    Event,
    EventHandler,
    EventPublisher,
    RecordingEventPublisher,
)
from mercato.ports.media import MediaFile, MediaService, NullMediaService
from mercato.ports.metrics import MetricsProvider, MetricValue, NullMetricsProvider
from mercato.ports.money import Money
from mercato.ports.pagination import MAX_PAGE_SIZE, Page, PageRequest
from mercato.ports.permissions import ALL_PERMISSIONS, PermissionChecker, Principal
from mercato.ports.platforms import (
    FakePlatformDirectory,
    MenuConfiguration,
    NullMenuConfiguration,
    PlatformDirectory,
    PlatformRef,
    VendorDirectory,
    VendorRef,
)
from mercato.ports.scope import Scope
from mercato.ports.security import FakePasswordHasher, PasswordHasher
from mercato.ports.tasks import EnqueuedTask, FakeTaskQueue, TaskContext, TaskQueue
from mercato.ports.uow import (
    FakeUnitOfWork,
    NullProviderIsolation,
    ProviderIsolation,
    UnitOfWork,
)
from mercato.ports.widgets import (
    BreakdownSegment,
    BreakdownWidget,
    DashboardWidget,
    DashboardWidgetProvider,
    ListWidget,
    ListWidgetItem,
    NullWidgetProvider,
    TimeSeriesPoint,
    TimeSeriesWidget,
)

__all__ = [
    "ALL_PERMISSIONS",
    "MAX_PAGE_SIZE",
    "AuthenticationFailed",
    "BreakdownSegment",
    "BreakdownWidget",
    "Clock",
    "Conflict",
    "ContentPage",
    "ContentService",
    "ContextProvider",
    "ContractLookup",
    "DashboardWidget",
    "DashboardWidgetProvider",
    "DeliveredEvent",
    "DomainError",
    "EnqueuedTask",
    "Event",
    "EventHandler",
    "EventPublisher",
    "FakeClock",
    "FakeContractLookup",
    "FakePasswordHasher",
    "FakePlatformDirectory",
    "FakeTaskQueue",
    "FakeUnitOfWork",
    "InvalidInput",
    "ListWidget",
    "ListWidgetItem",
    "MediaFile",
    "MediaService",
    "MenuConfiguration",
    "MetricValue",
    "MetricsProvider",
    "Money",
    "NotFound",
    "NullContentService",
    "NullContextProvider",
    "NullMediaService",
    "NullMenuConfiguration",
    "NullMetricsProvider",
    "NullProviderIsolation",
    "NullWidgetProvider",
    "Page",
    "PageRequest",
    "PasswordHasher",
    "PermissionChecker",
    "PermissionDenied",
    "PlatformDirectory",
    "PlatformRef",
    "Principal",
    "ProviderIsolation",
    "RateLimited",
    "RecordingEventPublisher",
    "Scope",
    "TaskContext",
    "TaskQueue",
    "TimeSeriesPoint",
    "TimeSeriesWidget",
    "UnitOfWork",
    "VendorDirectory",
    "VendorRef",
    "contract_key",
]
