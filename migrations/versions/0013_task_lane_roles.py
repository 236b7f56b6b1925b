"""a task may be for several roles (issue 23: a lane naming several roles)

A lane may name several roles, any of whom may do its steps; the task's role then holds their
slugs separated by spaces ("contract_officer police_officer"), longer than one slug.

Revision ID: 0013_task_lane_roles
Revises: 0012_case_facts
Create Date: 2026-12-08
"""
import sqlalchemy as sa
from alembic import op

revision = '0013_task_lane_roles'
down_revision = '0012_case_facts'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('case_task') as batch:
        batch.alter_column('role', existing_type=sa.String(length=32), type_=sa.String(length=300), existing_nullable=True)


def downgrade() -> None:
    with op.batch_alter_table('case_task') as batch:
        batch.alter_column('role', existing_type=sa.String(length=300), type_=sa.String(length=32), existing_nullable=True)
