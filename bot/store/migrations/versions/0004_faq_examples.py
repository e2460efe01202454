"""FAQ entries keep visitors' own questions that they answer (`examples`): they teach the intent
classifier how visitors word an entry. Rows written before get none.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27 23:40:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('faq_entries', schema=None) as batch_op:
        batch_op.add_column(sa.Column('examples', sa.JSON(), nullable=False, server_default='[]'))


def downgrade():
    with op.batch_alter_table('faq_entries', schema=None) as batch_op:
        batch_op.drop_column('examples')
