"""Documents on cases (letters and evidence, every version kept) and deadline outcomes

Revision ID: 0004_documents_and_deadlines
Revises: 0003
Create Date: 2026-12-03
"""
from alembic import op
import sqlalchemy as sa
import api.db
from sqlalchemy.dialects import postgresql

revision = '0004_documents_and_deadlines'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('case_document',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('task_id', sa.String(length=36), nullable=True),
    sa.Column('element_id', sa.String(length=200), nullable=True),
    sa.Column('step_name', sa.String(length=300), nullable=True),
    sa.Column('template', sa.String(length=200), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_by', sa.String(length=254), nullable=False),
    sa.Column('created_at', api.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['case_record.id'], name=op.f('fk_case_document_case_id_case_record')),
    sa.ForeignKeyConstraint(['created_by_id'], ['app_user.id'], name=op.f('fk_case_document_created_by_id_app_user')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_case_document_tenant_id_tenant')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_document'))
    )
    with op.batch_alter_table('case_document', schema=None) as batch_op:
        batch_op.create_index('ix_case_document_case', ['case_id', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_case_document_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('deadline_outcome',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('process_key', sa.String(length=200), nullable=False),
    sa.Column('timer_element_id', sa.String(length=200), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('step_element_id', sa.String(length=200), nullable=False),
    sa.Column('step_name', sa.String(length=300), nullable=False),
    sa.Column('due_at', api.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('rule', sa.String(length=500), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('resolved_at', api.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('late_seconds', sa.Integer(), nullable=True),
    sa.Column('resolution', sa.String(length=40), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['case_record.id'], name=op.f('fk_deadline_outcome_case_id_case_record')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenant.id'], name=op.f('fk_deadline_outcome_tenant_id_tenant')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_deadline_outcome'))
    )
    with op.batch_alter_table('deadline_outcome', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_deadline_outcome_case_id'), ['case_id'], unique=False)
        batch_op.create_index('ix_deadline_outcome_tenant_due', ['tenant_id', 'due_at'], unique=False)

    op.create_table('document_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('origin', sa.String(length=16), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('content_type', sa.String(length=100), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('storage_key', sa.String(length=500), nullable=False),
    sa.Column('template_path', sa.String(length=500), nullable=True),
    sa.Column('template_sha256', sa.String(length=64), nullable=True),
    sa.Column('fields_used', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('missing', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_by', sa.String(length=254), nullable=False),
    sa.Column('created_at', api.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['app_user.id'], name=op.f('fk_document_version_created_by_id_app_user')),
    sa.ForeignKeyConstraint(['document_id'], ['case_document.id'], name=op.f('fk_document_version_document_id_case_document')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_document_version')),
    sa.UniqueConstraint('document_id', 'number', name=op.f('uq_document_version_document_id')),
    sa.UniqueConstraint('storage_key', name=op.f('uq_document_version_storage_key'))
    )
    with op.batch_alter_table('document_version', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_document_version_document_id'), ['document_id'], unique=False)

    op.create_table('document_dispatch',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('method', sa.String(length=20), nullable=False),
    sa.Column('sent_on', sa.Date(), nullable=False),
    sa.Column('recipient', sa.String(length=300), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('recorded_by', sa.String(length=254), nullable=False),
    sa.Column('recorded_at', api.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['case_document.id'], name=op.f('fk_document_dispatch_document_id_case_document')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['app_user.id'], name=op.f('fk_document_dispatch_recorded_by_id_app_user')),
    sa.ForeignKeyConstraint(['version_id'], ['document_version.id'], name=op.f('fk_document_dispatch_version_id_document_version')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_document_dispatch'))
    )
    with op.batch_alter_table('document_dispatch', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_document_dispatch_document_id'), ['document_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('document_dispatch', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_document_dispatch_document_id'))

    op.drop_table('document_dispatch')
    with op.batch_alter_table('document_version', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_document_version_document_id'))

    op.drop_table('document_version')
    with op.batch_alter_table('deadline_outcome', schema=None) as batch_op:
        batch_op.drop_index('ix_deadline_outcome_tenant_due')
        batch_op.drop_index(batch_op.f('ix_deadline_outcome_case_id'))

    op.drop_table('deadline_outcome')
    with op.batch_alter_table('case_document', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_case_document_tenant_id'))
        batch_op.drop_index('ix_case_document_case')

    op.drop_table('case_document')
