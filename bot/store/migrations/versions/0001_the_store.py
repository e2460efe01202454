"""The store: knowledge, history, staff, visitor questions.

A database from the version before the store (its SQLite file in the instance
folder: history, staff, staff_sessions, sign_in_failures, unanswered, feedback,
batch_runs) is upgraded in place: those tables and their rows are kept, and the
tables they lack are made.

Revision ID: 0001
Revises:
Create Date: 2026-11-26 04:14:56.067148
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def existing_tables() -> set[str]:
    """The tables the database has now."""
    return set(sa.inspect(op.get_bind()).get_table_names())


def create_table(name: str, *columns, have: set[str]) -> None:
    """Make a table unless the version before the store made it already."""
    if name not in have:
        op.create_table(name, *columns)


def create_index(table: str, name: str, columns: list[str]) -> None:
    """Make an index unless it is there."""
    if name not in {i["name"] for i in sa.inspect(op.get_bind()).get_indexes(table)}:
        op.create_index(name, table, columns, unique=False)


def upgrade():
    have = existing_tables()
    create_table('batch_runs',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('at', sa.Text(), nullable=False),
        sa.Column('staff', sa.Text(), nullable=False),
        sa.Column('name', sa.Text(), nullable=False),
        sa.Column('accuracy', sa.Float(), nullable=False),
        sa.Column('report', sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        have=have)
    create_table('documents',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('key', sa.String(length=200), nullable=False),
        sa.Column('title', sa.String(length=300), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('key'),
        have=have)
    create_table('faq_entries',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('key', sa.String(length=200), nullable=False),
        sa.Column('question', sa.Text(), nullable=False),
        sa.Column('alternates', sa.JSON(), nullable=False),
        sa.Column('answer', sa.Text(), nullable=False),
        sa.Column('section', sa.String(length=300), nullable=False),
        sa.Column('url', sa.String(length=2000), nullable=False),
        sa.Column('source', sa.String(length=300), nullable=False),
        sa.Column('file', sa.String(length=200), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('key'),
        have=have)
    create_index('faq_entries', 'ix_faq_entries_position', ['position'])

    create_table('feedback',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('created_at', sa.Text(), nullable=False),
        sa.Column('question', sa.Text(), nullable=False),
        sa.Column('source_id', sa.Text(), nullable=True),
        sa.Column('helpful', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        have=have)
    create_table('history',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('at', sa.Text(), nullable=False),
        sa.Column('staff', sa.Text(), nullable=False),
        sa.Column('kind', sa.Text(), nullable=False),
        sa.Column('target', sa.Text(), nullable=False),
        sa.Column('action', sa.Text(), nullable=False),
        sa.Column('before', sa.Text(), nullable=False),
        sa.Column('after', sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        have=have)
    create_index('history', 'history_target', ['kind', 'target'])

    create_table('knowledge_state',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('revision', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        have=have)
    create_table('messages',
        sa.Column('name', sa.String(length=100), nullable=False),
        sa.Column('value', sa.JSON(), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('name'),
        have=have)
    create_table('question_sets',
        sa.Column('name', sa.String(length=100), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint('name'),
        have=have)
    create_table('sign_in_failures',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('key', sa.String(length=200), nullable=False),
        sa.Column('at', sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        have=have)
    create_index('sign_in_failures', 'sign_in_failures_key', ['key', 'at'])

    create_table('staff',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('name', sa.String(length=64), nullable=False),
        sa.Column('password_hash', sa.Text(), nullable=False),
        sa.Column('created_at', sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('name'),
        have=have)
    create_table('staff_sessions',
        sa.Column('token', sa.String(length=100), nullable=False),
        sa.Column('staff_id', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint('token'),
        have=have)
    create_index('staff_sessions', 'ix_staff_sessions_staff_id', ['staff_id'])

    create_table('synonym_groups',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('terms', sa.JSON(), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        have=have)
    create_table('topics',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('key', sa.String(length=200), nullable=False),
        sa.Column('topic', sa.Text(), nullable=False),
        sa.Column('phrasings', sa.JSON(), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('key'),
        have=have)
    create_table('unanswered',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('at', sa.Text(), nullable=False),
        sa.Column('question', sa.Text(), nullable=False),
        sa.Column('normalized', sa.Text(), nullable=False),
        sa.Column('reason', sa.String(length=20), nullable=False),
        sa.Column('handled', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        have=have)
    create_index('unanswered', 'ix_unanswered_at', ['at'])

    create_table('sections',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('document_id', sa.Integer(), nullable=False),
        sa.Column('key', sa.String(length=120), nullable=False),
        sa.Column('title', sa.String(length=300), nullable=False),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('level', sa.Integer(), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['document_id'], ['documents.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('key'),
        have=have)
    create_index('sections', 'ix_sections_document_id', ['document_id'])

    if op.get_bind().execute(sa.text("SELECT COUNT(*) FROM knowledge_state")).scalar() == 0:
        op.execute("INSERT INTO knowledge_state (id, revision) VALUES (1, 0)")  # every change takes this row's lock

    if 'unanswered_at' in {i['name'] for i in sa.inspect(op.get_bind()).get_indexes('unanswered')}:
        op.drop_index('unanswered_at', 'unanswered')  # the version before's name for ix_unanswered_at


def downgrade():
    with op.batch_alter_table('sections', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sections_document_id'))

    op.drop_table('sections')
    with op.batch_alter_table('unanswered', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_unanswered_at'))

    op.drop_table('unanswered')
    op.drop_table('topics')
    op.drop_table('synonym_groups')
    with op.batch_alter_table('staff_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_staff_sessions_staff_id'))

    op.drop_table('staff_sessions')
    op.drop_table('staff')
    with op.batch_alter_table('sign_in_failures', schema=None) as batch_op:
        batch_op.drop_index('sign_in_failures_key')

    op.drop_table('sign_in_failures')
    op.drop_table('question_sets')
    op.drop_table('messages')
    op.drop_table('knowledge_state')
    with op.batch_alter_table('history', schema=None) as batch_op:
        batch_op.drop_index('history_target')

    op.drop_table('history')
    op.drop_table('feedback')
    with op.batch_alter_table('faq_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_faq_entries_position'))

    op.drop_table('faq_entries')
    op.drop_table('documents')
    op.drop_table('batch_runs')
