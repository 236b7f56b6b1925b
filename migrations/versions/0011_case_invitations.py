"""case invitations and case lanes (issue 23, need to know)

Partners (police, regulator, NHS users) see only the cases they are invited to: an invitation
names an agency or one partner user, and is withdrawn by stamping it (the row stays, for the
record). A case's lanes are every role any of its tasks has been for: a partner whose role a
lane names sees the case to do the task. The lanes of existing cases are filled in from their
open tasks; a task completed before this migration left no record of its lane.

Revision ID: 0011_case_invitations
Revises: 0010_tenant_roles
Create Date: 2026-12-05
"""
import sqlalchemy as sa
from alembic import op

revision = '0011_case_invitations'
down_revision = '0010_tenant_roles'
branch_labels = None
depends_on = None


def _user_fk(column: str) -> sa.ForeignKey:
    return sa.ForeignKey('app_user.id', name=f'fk_case_invitation_{column}_app_user')


def upgrade() -> None:
    op.create_table(
        'case_invitation',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('case_id', sa.Integer(), sa.ForeignKey('case_record.id', name='fk_case_invitation_case_id_case_record'),
                  nullable=False),
        sa.Column('tenant_id', sa.Integer(), sa.ForeignKey('tenant.id', name='fk_case_invitation_tenant_id_tenant'), nullable=False),
        sa.Column('agency', sa.String(length=32), nullable=True),
        sa.Column('user_id', sa.Integer(), _user_fk('user_id'), nullable=True),
        sa.Column('invited_by_id', sa.Integer(), _user_fk('invited_by_id'), nullable=True),
        sa.Column('invited_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('withdrawn_by_id', sa.Integer(), _user_fk('withdrawn_by_id'), nullable=True),
        sa.Column('withdrawn_at', sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint('id', name='pk_case_invitation'),
    )
    op.create_index('ix_case_invitation_case', 'case_invitation', ['case_id', 'withdrawn_at'])
    op.create_index('ix_case_invitation_agency', 'case_invitation', ['tenant_id', 'agency', 'withdrawn_at'])
    op.create_index('ix_case_invitation_user', 'case_invitation', ['user_id', 'withdrawn_at'])
    op.create_table(
        'case_lane',
        sa.Column('case_id', sa.Integer(), sa.ForeignKey('case_record.id', name='fk_case_lane_case_id_case_record'), nullable=False),
        sa.Column('role', sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint('case_id', 'role', name='pk_case_lane'),
    )
    op.create_index('ix_case_lane_role', 'case_lane', ['role', 'case_id'])
    op.execute('INSERT INTO case_lane (case_id, role) SELECT DISTINCT case_id, role FROM case_task WHERE role IS NOT NULL')


def downgrade() -> None:
    op.drop_index('ix_case_lane_role', table_name='case_lane')
    op.drop_table('case_lane')
    op.drop_index('ix_case_invitation_user', table_name='case_invitation')
    op.drop_index('ix_case_invitation_agency', table_name='case_invitation')
    op.drop_index('ix_case_invitation_case', table_name='case_invitation')
    op.drop_table('case_invitation')
