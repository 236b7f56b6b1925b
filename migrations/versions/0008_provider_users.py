"""provider users (issue 23)

A provider's user is linked to one provider: they sign in to the provider view only.

Revision ID: 0008_provider_users
Revises: 0007_case_migrations
Create Date: 2026-12-04
"""
import sqlalchemy as sa
from alembic import op

revision = '0008_provider_users'
down_revision = '0007_case_migrations'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('app_user') as batch:
        batch.add_column(sa.Column('provider_id', sa.Integer(), nullable=True))
        batch.create_foreign_key('fk_app_user_provider', 'provider', ['provider_id'], ['id'])
        batch.create_index('ix_app_user_provider_id', ['provider_id'])


def downgrade() -> None:
    with op.batch_alter_table('app_user') as batch:
        batch.drop_index('ix_app_user_provider_id')
        batch.drop_constraint('fk_app_user_provider', type_='foreignkey')
        batch.drop_column('provider_id')
