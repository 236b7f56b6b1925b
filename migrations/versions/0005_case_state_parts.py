"""case state stored by parts

Each case's one-blob workflow state becomes one ``case_part`` row per workflow (the top-level
process and each sub-process), as engine.parts describes, and each projected task, timer and
message wait names the part it lives in. Downgrade joins the parts back into one state.

Revision ID: 0005_case_state_parts
Revises: 0004_documents_and_deadlines
Create Date: 2026-12-04
"""
import json

from alembic import op
import sqlalchemy as sa

from engine.parts import ROOT, StoredPart, join_parts, split_state

revision = '0005_case_state_parts'
down_revision = '0004_documents_and_deadlines'
branch_labels = None
depends_on = None

PROJECTIONS = ('case_task', 'case_timer', 'case_message_wait')
BATCH = 200

case_record = sa.table('case_record', sa.column('id', sa.Integer), sa.column('state', sa.JSON))
case_part = sa.table('case_part', sa.column('case_id', sa.Integer), sa.column('key', sa.String), sa.column('parent', sa.String),
                     sa.column('spec', sa.String), sa.column('finished', sa.Boolean), sa.column('state', sa.Text),
                     sa.column('version', sa.Integer))


def upgrade() -> None:
    op.create_table('case_part',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=36), nullable=False),
    sa.Column('parent', sa.String(length=36), nullable=True),
    sa.Column('spec', sa.String(length=200), nullable=True),
    sa.Column('finished', sa.Boolean(), nullable=False),
    sa.Column('state', sa.Text(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['case_record.id'], name=op.f('fk_case_part_case_id_case_record')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_part')),
    sa.UniqueConstraint('case_id', 'key', name='uq_case_part_case_key')
    )
    with op.batch_alter_table('case_part', schema=None) as batch_op:
        batch_op.create_index('ix_case_part_case_finished', ['case_id', 'finished'], unique=False)
    for table in PROJECTIONS:
        op.add_column(table, sa.Column('part', sa.String(length=36), server_default=ROOT, nullable=False))
    _split_every_case(op.get_bind())
    _drop_column('case_record', 'state')


def _drop_column(table: str, column: str) -> None:
    """Drop in place: on SQLite, batch mode would copy the table and drop the old one, which
    the foreign keys of every row pointing at it forbid (SQLite 3.35+ drops columns itself)."""
    if op.get_bind().dialect.name == 'sqlite':
        op.execute(f'ALTER TABLE {table} DROP COLUMN {column}')
    else:
        op.drop_column(table, column)


def _case_ids(bind) -> list[int]:
    return list(bind.execute(sa.select(case_record.c.id).order_by(case_record.c.id)).scalars())


def _split_every_case(bind) -> None:
    ids = _case_ids(bind)
    for start in range(0, len(ids), BATCH):
        rows = bind.execute(sa.select(case_record.c.id, case_record.c.state)
                            .where(case_record.c.id.in_(ids[start:start + BATCH]))).all()
        for case_id, state in rows:
            parts = split_state(state if isinstance(state, dict) else json.loads(state))
            bind.execute(case_part.insert(), [
                {"case_id": case_id, "key": p.key, "parent": p.parent, "spec": p.spec, "finished": p.finished,
                 "state": p.text, "version": 1} for p in parts.values()])
            _name_parts_of_projections(bind, case_id, parts)


def _name_parts_of_projections(bind, case_id: int, parts: dict[str, StoredPart]) -> None:
    for key, part in parts.items():
        if key == ROOT:
            continue
        task_ids = list(json.loads(part.text).get('tasks', {}))
        for table in PROJECTIONS:
            rows = sa.table(table, sa.column('id', sa.String), sa.column('case_id', sa.Integer), sa.column('part', sa.String))
            for start in range(0, len(task_ids), 500):
                bind.execute(rows.update().where(rows.c.case_id == case_id, rows.c.id.in_(task_ids[start:start + 500]))
                             .values(part=key))


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == 'sqlite'
    # SQLite adds a NOT NULL column only with a default; PostgreSQL is made NOT NULL once filled.
    op.add_column('case_record', sa.Column('state', sa.JSON(), nullable=not sqlite,
                                           server_default=sa.text("'{}'") if sqlite else None))
    _join_every_case(op.get_bind())
    if not sqlite:
        op.alter_column('case_record', 'state', existing_type=sa.JSON(), nullable=False)
    for table in reversed(PROJECTIONS):
        _drop_column(table, 'part')
    with op.batch_alter_table('case_part', schema=None) as batch_op:
        batch_op.drop_index('ix_case_part_case_finished')
    op.drop_table('case_part')


def _join_every_case(bind) -> None:
    for case_id in _case_ids(bind):
        rows = bind.execute(sa.select(case_part.c.key, case_part.c.parent, case_part.c.spec, case_part.c.finished,
                                      case_part.c.state).where(case_part.c.case_id == case_id)).all()
        state = join_parts(StoredPart(*row) for row in rows) if rows else {}
        bind.execute(case_record.update().where(case_record.c.id == case_id).values(state=state))
