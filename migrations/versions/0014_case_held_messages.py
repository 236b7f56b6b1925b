"""held messages: a message a case threw before its own catching step waited (issue 20)

A Western Bay JIMP's recommendation to remove a suspension of placements goes to the suspension
running inside the same case. Thrown while the suspension was still being decided, confirmed in
writing or its lifting authorised, it was lost. It is now held here and delivered as soon as the
case waits for it (api/cases/held_messages.py).

Revision ID: 0014_case_held_messages
Revises: 0013_task_lane_roles
Create Date: 2026-12-04
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = '0014_case_held_messages'
down_revision = '0013_task_lane_roles'
branch_labels = None
depends_on = None

_JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql')


def upgrade() -> None:
    op.create_table(
        'case_held_message',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('case_id', sa.Integer(), sa.ForeignKey('case_record.id', name='fk_case_held_message_case_id_case_record'),
                  nullable=False),
        sa.Column('tenant_id', sa.Integer(), sa.ForeignKey('tenant.id', name='fk_case_held_message_tenant_id_tenant'),
                  nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('payload', _JSON, nullable=True),
        sa.Column('correlations', _JSON, nullable=False),
        sa.Column('held_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id', name='pk_case_held_message'),
    )
    op.create_index('ix_case_held_message_case_id', 'case_held_message', ['case_id'])


def downgrade() -> None:
    op.drop_index('ix_case_held_message_case_id', table_name='case_held_message')
    op.drop_table('case_held_message')
