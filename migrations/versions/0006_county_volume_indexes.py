"""indexes a county's volume needs

The inbox, GET /tasks and GET /cases read a page in index order (keyset pagination), the "my
tasks" count reads by assignee, and the providers page reads providers by name: each has an
index that serves its order, so a page costs the same at 100,000 open tasks as at 100.

Revision ID: 0006_county_volume_indexes
Revises: 0005_case_state_parts
Create Date: 2026-12-04
"""
from alembic import op

revision = '0006_county_volume_indexes'
down_revision = '0005_case_state_parts'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index('ix_case_task_tenant_role', table_name='case_task')
    op.create_index('ix_case_task_tenant_role_due', 'case_task', ['tenant_id', 'role', 'due_at', 'created_at', 'id'])
    op.create_index('ix_case_task_tenant_due', 'case_task', ['tenant_id', 'due_at', 'created_at', 'id'])
    op.create_index('ix_case_task_assignee_due', 'case_task', ['assignee_id', 'due_at'])
    op.drop_index('ix_case_record_tenant_status', table_name='case_record')
    op.create_index('ix_case_record_tenant_status_started', 'case_record', ['tenant_id', 'status', 'started_at', 'id'])
    op.create_index('ix_case_record_tenant_started', 'case_record', ['tenant_id', 'started_at', 'id'])
    op.create_index('ix_provider_tenant_name', 'provider', ['tenant_id', 'name', 'id'])


def downgrade() -> None:
    op.drop_index('ix_provider_tenant_name', table_name='provider')
    op.drop_index('ix_case_record_tenant_started', table_name='case_record')
    op.drop_index('ix_case_record_tenant_status_started', table_name='case_record')
    op.create_index('ix_case_record_tenant_status', 'case_record', ['tenant_id', 'status'])
    op.drop_index('ix_case_task_assignee_due', table_name='case_task')
    op.drop_index('ix_case_task_tenant_due', table_name='case_task')
    op.drop_index('ix_case_task_tenant_role_due', table_name='case_task')
    op.create_index('ix_case_task_tenant_role', 'case_task', ['tenant_id', 'role'])
