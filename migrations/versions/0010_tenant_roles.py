"""each council's declared roles (issue 23)

Slug -> label, agency and the base roles it acts as, from processes/tenants.toml.

Revision ID: 0010_tenant_roles
Revises: 0009_provider_users
Create Date: 2026-12-04
"""
import sqlalchemy as sa
from alembic import op

from api.db import JsonType

revision = '0010_tenant_roles'
down_revision = '0009_provider_users'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('tenant', sa.Column('roles', JsonType, nullable=True))


def downgrade() -> None:
    op.drop_column('tenant', 'roles')
