"""index cases by provider and start

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24 01:59:35.874448
"""
from alembic import op
import sqlalchemy as sa
import api.db


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('case_record', schema=None) as batch_op:
        batch_op.create_index('ix_case_record_provider_started', ['provider_id', 'started_at'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('case_record', schema=None) as batch_op:
        batch_op.drop_index('ix_case_record_provider_started')

