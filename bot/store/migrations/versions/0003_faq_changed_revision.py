"""Each FAQ entry keeps the knowledge revision of its last write, so that a worker reads only the
entries changed since its last read. Rows written before get 0 (older than any worker's reading).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26 15:40:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('faq_entries', schema=None) as batch_op:
        batch_op.add_column(sa.Column('changed', sa.Integer(), nullable=False, server_default='0'))
        batch_op.create_index('ix_faq_entries_changed', ['changed'], unique=False)


def downgrade():
    with op.batch_alter_table('faq_entries', schema=None) as batch_op:
        batch_op.drop_index('ix_faq_entries_changed')
        batch_op.drop_column('changed')
