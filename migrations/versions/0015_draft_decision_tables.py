"""a draft keeps its own decision tables (issue 25: the modeller edits DMN tables)

A process owner edits a procedure's .dmn decision tables in the modeller, in a draft, as the
diagram and forms are; deploying stores them with the new version. A draft made before this has
none of its own (NULL) and keeps reading the tables of the version it began from.

Revision ID: 0015_draft_decision_tables
Revises: 0014_case_held_messages
Create Date: 2026-12-09
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = '0015_draft_decision_tables'
down_revision = '0014_case_held_messages'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('process_draft') as batch:
        batch.add_column(sa.Column('decisions', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'),
                                   nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('process_draft') as batch:
        batch.drop_column('decisions')
