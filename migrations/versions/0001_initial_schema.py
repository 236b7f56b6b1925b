"""initial schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-24 01:09:23.490735
"""
from alembic import op
import sqlalchemy as sa
import api.db
from api.audit.models import install_append_only_guard
from sqlalchemy.dialects import postgresql

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('tenant',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('region', sa.String(length=16), nullable=False),
    sa.Column('folders', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('closure_days', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('working_day_ends', sa.Integer(), nullable=False),
    sa.Column('thresholds', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('created_at', api.db.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tenant')),
    sa.UniqueConstraint('slug', name=op.f('uq_tenant_slug'))
    )
    op.create_table('app_user',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('failed_sign_ins', sa.Integer(), nullable=False),
    sa.Column('locked_until', api.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', api.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_app_user_tenant_id_tenant')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_app_user')),
    sa.UniqueConstraint('email', name=op.f('uq_app_user_email'))
    )
    with op.batch_alter_table('app_user', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_app_user_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('provider',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('regulator', sa.String(length=8), nullable=False),
    sa.Column('regulator_id', sa.String(length=40), nullable=False),
    sa.Column('beds', sa.Integer(), nullable=True),
    sa.Column('address', sa.String(length=500), nullable=False),
    sa.Column('status', sa.String(length=40), nullable=False),
    sa.Column('created_at', api.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_provider_tenant_id_tenant')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_provider')),
    sa.UniqueConstraint('tenant_id', 'regulator', 'regulator_id', name=op.f('uq_provider_tenant_id'))
    )
    with op.batch_alter_table('provider', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_provider_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('api_token',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('label', sa.String(length=200), nullable=False),
    sa.Column('created_at', api.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('expires_at', api.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', api.db.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['app_user.id'], name=op.f('fk_api_token_user_id_app_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_api_token')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_api_token_token_hash'))
    )
    with op.batch_alter_table('api_token', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_api_token_user_id'), ['user_id'], unique=False)

    op.create_table('process_definition',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('folder', sa.String(length=100), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('checksum', sa.String(length=64), nullable=False),
    sa.Column('source_file', sa.String(length=500), nullable=False),
    sa.Column('bpmn', sa.Text(), nullable=False),
    sa.Column('forms', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('specs', sa.JSON(), nullable=False),
    sa.Column('calls', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('message_starts', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('roles', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('note', sa.String(length=1000), nullable=False),
    sa.Column('deployed_by_id', sa.Integer(), nullable=True),
    sa.Column('deployed_at', api.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['deployed_by_id'], ['app_user.id'], name=op.f('fk_process_definition_deployed_by_id_app_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_process_definition')),
    sa.UniqueConstraint('folder', 'key', 'version', name=op.f('uq_process_definition_folder'))
    )
    with op.batch_alter_table('process_definition', schema=None) as batch_op:
        batch_op.create_index('ix_process_definition_key_folder', ['key', 'folder'], unique=False)

    op.create_table('user_role',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['app_user.id'], name=op.f('fk_user_role_user_id_app_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'role', name=op.f('pk_user_role'))
    )
    op.create_table('case_record',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('provider_id', sa.Integer(), nullable=False),
    sa.Column('definition_id', sa.Integer(), nullable=False),
    sa.Column('process_key', sa.String(length=200), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('bundle', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('state', sa.JSON(), nullable=False),
    sa.Column('error', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=True),
    sa.Column('termination_reason', sa.Text(), nullable=True),
    sa.Column('started_by_id', sa.Integer(), nullable=True),
    sa.Column('started_at', api.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('ended_at', api.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['definition_id'], ['process_definition.id'], name=op.f('fk_case_record_definition_id_process_definition')),
    sa.ForeignKeyConstraint(['provider_id'], ['provider.id'], name=op.f('fk_case_record_provider_id_provider')),
    sa.ForeignKeyConstraint(['started_by_id'], ['app_user.id'], name=op.f('fk_case_record_started_by_id_app_user')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_case_record_tenant_id_tenant')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_record'))
    )
    with op.batch_alter_table('case_record', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_record_process_key'), ['process_key'], unique=False)
        batch_op.create_index(batch_op.f('ix_case_record_provider_id'), ['provider_id'], unique=False)
        batch_op.create_index('ix_case_record_tenant_status', ['tenant_id', 'status'], unique=False)

    op.create_table('audit_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=True),
    sa.Column('case_id', sa.Integer(), nullable=True),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('actor', sa.String(length=254), nullable=False),
    sa.Column('at', api.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('action', sa.String(length=60), nullable=False),
    sa.Column('element_id', sa.String(length=200), nullable=True),
    sa.Column('task_id', sa.String(length=36), nullable=True),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.Column('before', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=True),
    sa.Column('after', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=True),
    sa.ForeignKeyConstraint(['actor_id'], ['app_user.id'], name=op.f('fk_audit_event_actor_id_app_user')),
    sa.ForeignKeyConstraint(['case_id'], ['case_record.id'], name=op.f('fk_audit_event_case_id_case_record')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_audit_event_tenant_id_tenant')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_event'))
    )
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.create_index('ix_audit_event_case', ['case_id', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_event_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('case_message_wait',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('element_id', sa.String(length=200), nullable=False),
    sa.Column('correlations', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['case_record.id'], name=op.f('fk_case_message_wait_case_id_case_record')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_case_message_wait_tenant_id_tenant')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_message_wait'))
    )
    with op.batch_alter_table('case_message_wait', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_message_wait_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_case_message_wait_name'), ['name'], unique=False)

    op.create_table('case_task',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('element_id', sa.String(length=200), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('process_key', sa.String(length=200), nullable=False),
    sa.Column('role', sa.String(length=32), nullable=True),
    sa.Column('form', sa.String(length=300), nullable=True),
    sa.Column('ui_form', sa.String(length=300), nullable=True),
    sa.Column('instructions', sa.Text(), nullable=False),
    sa.Column('due_at', api.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('due_rule', sa.String(length=500), nullable=True),
    sa.Column('assignee_id', sa.Integer(), nullable=True),
    sa.Column('draft', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=True),
    sa.Column('created_at', api.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['assignee_id'], ['app_user.id'], name=op.f('fk_case_task_assignee_id_app_user')),
    sa.ForeignKeyConstraint(['case_id'], ['case_record.id'], name=op.f('fk_case_task_case_id_case_record')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_case_task_tenant_id_tenant')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_task'))
    )
    with op.batch_alter_table('case_task', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_task_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_case_task_due_at'), ['due_at'], unique=False)
        batch_op.create_index('ix_case_task_tenant_role', ['tenant_id', 'role'], unique=False)

    op.create_table('case_timer',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('element_id', sa.String(length=200), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('due_at', api.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('rule', sa.String(length=500), nullable=True),
    sa.Column('attached_to', sa.String(length=200), nullable=True),
    sa.Column('interrupting', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['case_record.id'], name=op.f('fk_case_timer_case_id_case_record')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_case_timer_tenant_id_tenant')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_timer'))
    )
    with op.batch_alter_table('case_timer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_timer_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_case_timer_due_at'), ['due_at'], unique=False)


    # The audit trail is append-only, enforced by the database.
    install_append_only_guard(op.get_bind())

def downgrade() -> None:
    with op.batch_alter_table('case_timer', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_case_timer_due_at'))
        batch_op.drop_index(batch_op.f('ix_case_timer_case_id'))

    op.drop_table('case_timer')
    with op.batch_alter_table('case_task', schema=None) as batch_op:
        batch_op.drop_index('ix_case_task_tenant_role')
        batch_op.drop_index(batch_op.f('ix_case_task_due_at'))
        batch_op.drop_index(batch_op.f('ix_case_task_case_id'))

    op.drop_table('case_task')
    with op.batch_alter_table('case_message_wait', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_case_message_wait_name'))
        batch_op.drop_index(batch_op.f('ix_case_message_wait_case_id'))

    op.drop_table('case_message_wait')
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_event_tenant_id'))
        batch_op.drop_index('ix_audit_event_case')

    op.drop_table('audit_event')
    with op.batch_alter_table('case_record', schema=None) as batch_op:
        batch_op.drop_index('ix_case_record_tenant_status')
        batch_op.drop_index(batch_op.f('ix_case_record_provider_id'))
        batch_op.drop_index(batch_op.f('ix_case_record_process_key'))

    op.drop_table('case_record')
    op.drop_table('user_role')
    with op.batch_alter_table('process_definition', schema=None) as batch_op:
        batch_op.drop_index('ix_process_definition_key_folder')

    op.drop_table('process_definition')
    with op.batch_alter_table('api_token', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_api_token_user_id'))

    op.drop_table('api_token')
    with op.batch_alter_table('provider', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_provider_tenant_id'))

    op.drop_table('provider')
    with op.batch_alter_table('app_user', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_app_user_tenant_id'))

    op.drop_table('app_user')
    op.drop_table('tenant')
