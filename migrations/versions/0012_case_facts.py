"""case facts: each case's risk level and lead officer kept as its steps record them (issue 17)

The case list filtered risk level and lead officer by reading the audit trail of the latest 500
cases, so a filter missed older cases and the list's cost grew with the trail. Each case now has
a ``case_fact`` row the steps keep up to date (api/cases/facts.py). Existing cases' rows are
filled in from their audit trails with the same rule, frozen here as it was written.

Revision ID: 0012_case_facts
Revises: 0011_case_invitations
Create Date: 2026-12-04
"""
import json
import re

import sqlalchemy as sa
from alembic import op

revision = '0012_case_facts'
down_revision = '0011_case_invitations'
branch_labels = None
depends_on = None

_RISK = re.compile(r"(^|_)(risk_level|risk_rating|level_of_risk|ec_decision)$")


def _facts_of(after) -> dict:
    if isinstance(after, str):
        after = json.loads(after)
    found = {}
    for key, value in (after or {}).items():
        if isinstance(value, str) and value and _RISK.search(key):
            found["risk_recommended" if key.startswith("recommended_") else "risk_level"] = value[:40]
        elif key == "lead_officer" and isinstance(value, str) and value.strip():
            found["lead_officer"] = value.strip()[:200]
    return found


def upgrade() -> None:
    op.create_table(
        'case_fact',
        sa.Column('case_id', sa.Integer(), sa.ForeignKey('case_record.id', name='fk_case_fact_case_id_case_record'), nullable=False),
        sa.Column('risk_level', sa.String(length=40), nullable=True),
        sa.Column('risk_recommended', sa.String(length=40), nullable=True),
        sa.Column('lead_officer', sa.String(length=200), nullable=True),
        sa.PrimaryKeyConstraint('case_id', name='pk_case_fact'),
    )
    op.create_index('ix_case_fact_risk', 'case_fact', ['risk_level', 'risk_recommended'])
    bind = op.get_bind()
    facts: dict[int, dict] = {case_id: {} for (case_id,) in bind.execute(sa.text("SELECT id FROM case_record"))}
    events = bind.execute(sa.text("SELECT case_id, after FROM audit_event WHERE case_id IS NOT NULL AND action IN "
                                  "('task_completed', 'case_action_taken') ORDER BY id"))
    for case_id, after in events:
        if case_id in facts:
            facts[case_id].update(_facts_of(after))
    rows = [{"case_id": case_id, "risk_level": found.get("risk_level"), "risk_recommended": found.get("risk_recommended"),
             "lead_officer": found.get("lead_officer")} for case_id, found in facts.items()]
    if rows:
        op.bulk_insert(sa.table('case_fact', sa.column('case_id', sa.Integer), sa.column('risk_level', sa.String),
                                sa.column('risk_recommended', sa.String), sa.column('lead_officer', sa.String)), rows)


def downgrade() -> None:
    op.drop_index('ix_case_fact_risk', table_name='case_fact')
    op.drop_table('case_fact')
