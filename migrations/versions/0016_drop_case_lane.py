"""a partner sees a case for an invitation or an open step of its own, not for every lane the case passed (issue 23)

The need-to-know rule (api/cases/permissions.py, _own_step) reads the case's open tasks, so the
table noting every lane a case's tasks were ever in is no longer read: dropped. Its downgrade
makes it again from the open tasks of one role (those of several roles are longer than its
column); the lanes of steps already done are not known any more.

Revision ID: 0016_drop_case_lane
Revises: 0015_draft_decision_tables
Create Date: 2026-12-09
"""
import sqlalchemy as sa
from alembic import op

revision = '0016_drop_case_lane'
down_revision = '0015_draft_decision_tables'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index('ix_case_lane_role', table_name='case_lane')
    op.drop_table('case_lane')


def downgrade() -> None:
    op.create_table(
        'case_lane',
        sa.Column('case_id', sa.Integer(), sa.ForeignKey('case_record.id', name='fk_case_lane_case_id_case_record'), nullable=False),
        sa.Column('role', sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint('case_id', 'role', name='pk_case_lane'),
    )
    op.create_index('ix_case_lane_role', 'case_lane', ['role', 'case_id'])
    op.execute("INSERT INTO case_lane (case_id, role) SELECT DISTINCT case_id, role FROM case_task "
               "WHERE role IS NOT NULL AND role NOT LIKE '% %' AND LENGTH(role) <= 32")
