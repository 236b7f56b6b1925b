"""provider users (issue 23)

A provider's user is linked to one provider: they sign in to the provider view only.

Revision ID: 0009_provider_users
Revises: 0008_case_owner_and_task_purpose
Create Date: 2026-12-04
"""
import sqlalchemy as sa
from alembic import op

revision = '0009_provider_users'
down_revision = '0008_case_owner_and_task_purpose'
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == 'sqlite':
        # SQLite adds a column with its reference in place; rebuilding app_user (which other
        # tables reference) to add the constraint afterwards is refused.
        op.execute('ALTER TABLE app_user ADD COLUMN provider_id INTEGER REFERENCES provider (id)')
    else:
        op.add_column('app_user', sa.Column('provider_id', sa.Integer(), nullable=True))
        op.create_foreign_key('fk_app_user_provider_id_provider', 'app_user', 'provider', ['provider_id'], ['id'])
    op.create_index('ix_app_user_provider_id', 'app_user', ['provider_id'])


def downgrade() -> None:
    op.drop_index('ix_app_user_provider_id', table_name='app_user')
    if op.get_bind().dialect.name != 'sqlite':
        op.drop_constraint('fk_app_user_provider_id_provider', 'app_user', type_='foreignkey')
    op.drop_column('app_user', 'provider_id')
