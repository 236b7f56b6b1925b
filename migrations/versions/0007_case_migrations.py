"""moves of running cases between versions (issue 18)

Each move of a case to another version of its procedure is kept: who, when, why, from which
definition (and called versions) to which, the case's parts as they were (for undo), and the
lock versions the move wrote (undo is refused once anything has happened since).

Revision ID: 0007_case_migrations
Revises: 0006_county_volume_indexes
Create Date: 2026-12-04
"""
import sqlalchemy as sa
from alembic import op

from api.db import JsonType, UTCDateTime

revision = '0007_case_migrations'
down_revision = '0006_county_volume_indexes'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'case_migration',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('tenant_id', sa.Integer(), sa.ForeignKey('tenant.id'), nullable=False),
        sa.Column('case_id', sa.Integer(), sa.ForeignKey('case_record.id'), nullable=False),
        sa.Column('from_definition_id', sa.Integer(), sa.ForeignKey('process_definition.id'), nullable=False),
        sa.Column('to_definition_id', sa.Integer(), sa.ForeignKey('process_definition.id'), nullable=False),
        sa.Column('from_bundle', JsonType, nullable=False),
        sa.Column('to_bundle', JsonType, nullable=False),
        sa.Column('note', sa.Text(), nullable=False),
        sa.Column('lines', JsonType, nullable=False),
        sa.Column('before_parts', JsonType, nullable=False),
        sa.Column('after_versions', JsonType, nullable=False),
        sa.Column('created_parts', JsonType, nullable=False),
        sa.Column('audit_event_id', sa.Integer(), nullable=True),
        sa.Column('moved_by_id', sa.Integer(), sa.ForeignKey('app_user.id'), nullable=True),
        sa.Column('moved_by', sa.String(254), nullable=False),
        sa.Column('moved_at', UTCDateTime(timezone=True), nullable=False),
        sa.Column('undone_at', UTCDateTime(timezone=True), nullable=True),
        sa.Column('undone_by', sa.String(254), nullable=True),
    )
    op.create_index('ix_case_migration_case', 'case_migration', ['case_id', 'id'])


def downgrade() -> None:
    op.drop_index('ix_case_migration_case', table_name='case_migration')
    op.drop_table('case_migration')
