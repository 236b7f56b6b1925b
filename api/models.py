"""Every table, imported in one place for Alembic and for create_all in tests."""

from .alerts.models import Alert, AlertPreference
from .audit.models import AuditEvent
from .case_migrations.models import CaseMigration
from .cases.models import Case, CaseFact, CaseInvitation, CaseMessageWait, CasePart, CaseStatus, CaseTask, CaseTimer
from .compliance.models import DeadlineOutcome
from .db import Base
from .definitions.models import DefinitionOrigin, ProcessDefinition
from .documents.models import Document, DocumentDispatch, DocumentVersion
from .drafts.models import ProcessDraft
from .providers.models import Provider, ProviderKind, ProviderStatus, Regulator
from .tenants.models import Tenant
from .users.models import ApiToken, User, UserRole

__all__ = [
    "Alert", "AlertPreference", "ApiToken", "AuditEvent", "Base", "Case", "CaseFact", "CaseInvitation", "CaseMigration", "CaseMessageWait", "CasePart", "CaseStatus", "CaseTask", "CaseTimer",
    "DeadlineOutcome", "DefinitionOrigin", "Document", "DocumentDispatch", "DocumentVersion", "ProcessDefinition",
    "ProcessDraft", "Provider", "ProviderKind", "ProviderStatus", "Regulator", "Tenant", "User", "UserRole",
]
