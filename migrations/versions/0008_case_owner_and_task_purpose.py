"""case owner, what each open task is for, and email alerts

Each case has an owner (the officer who answers for it, not only whoever holds its tasks), and
each projected task keeps what it is for (the step that called it: "Notify the provider"), so
the inbox and the case page never show two open tasks of one case under the same name.
Each user chooses which alerts they get (alert_preference); alerts wait in an outbox (alert)
that a background job sends, with retries.

Revision ID: 0008_case_owner_and_task_purpose
Revises: 0007_case_migrations
Create Date: 2026-12-04
"""
import sqlalchemy as sa
from alembic import op

revision = '0008_case_owner_and_task_purpose'
down_revision = '0007_case_migrations'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN: SQLite's batch mode would copy case_record, which other tables refer to.
    # SQLite cannot add a foreign key to a table; PostgreSQL gets it.
    if op.get_context().dialect.name == 'sqlite':
        # SQLite takes the reference with the added column (it cannot add one to a table afterwards).
        op.execute('ALTER TABLE case_record ADD COLUMN owner_id INTEGER REFERENCES app_user (id)')
    else:
        op.add_column('case_record', sa.Column('owner_id', sa.Integer(), nullable=True))
        op.create_foreign_key('fk_case_record_owner_id_app_user', 'case_record', 'app_user', ['owner_id'], ['id'])
    op.create_index('ix_case_record_owner_id', 'case_record', ['owner_id'])
    op.add_column('case_task', sa.Column('purpose', sa.String(length=300), nullable=True))
    op.create_table(
        'alert_preference',
        sa.Column('user_id', sa.Integer(), sa.ForeignKey('app_user.id', ondelete='CASCADE',
                                                          name='fk_alert_preference_user_id_app_user'), nullable=False),
        sa.Column('on_assignment', sa.Boolean(), nullable=False),
        sa.Column('on_deadline_near', sa.Boolean(), nullable=False),
        sa.Column('on_deadline_missed', sa.Boolean(), nullable=False),
        sa.Column('near_days', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('user_id', name='pk_alert_preference'),
    )
    op.create_table(
        'alert',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('tenant_id', sa.Integer(), sa.ForeignKey('tenant.id', name='fk_alert_tenant_id_tenant'), nullable=False),
        sa.Column('user_id', sa.Integer(), sa.ForeignKey('app_user.id', ondelete='CASCADE', name='fk_alert_user_id_app_user'),
                  nullable=False),
        sa.Column('kind', sa.String(length=30), nullable=False),
        sa.Column('key', sa.String(length=200), nullable=False),
        sa.Column('email', sa.String(length=254), nullable=False),
        sa.Column('subject', sa.String(length=300), nullable=False),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('status', sa.String(length=10), nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('last_error', sa.Text(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint('id', name='pk_alert'),
        sa.UniqueConstraint('key', name='uq_alert_key'),
    )
    op.create_index('ix_alert_status_next_attempt', 'alert', ['status', 'next_attempt_at'])


def downgrade() -> None:
    op.drop_index('ix_alert_status_next_attempt', table_name='alert')
    op.drop_table('alert')
    op.drop_table('alert_preference')
    op.drop_column('case_task', 'purpose')
    op.drop_index('ix_case_record_owner_id', table_name='case_record')
    if op.get_context().dialect.name != 'sqlite':
        op.drop_constraint('fk_case_record_owner_id_app_user', 'case_record', type_='foreignkey')
    op.drop_column('case_record', 'owner_id')
