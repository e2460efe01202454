"""Staff roles and invitations; daily usage counts for the dashboard.

Every account made before roles existed was made on the server's command line:
it becomes an admin.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26 07:40:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('staff', schema=None) as batch_op:
        batch_op.add_column(sa.Column('role', sa.String(length=16), nullable=False, server_default='admin'))
    op.create_table('staff_invites',
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('name', sa.String(length=64), nullable=False),
        sa.Column('role', sa.String(length=16), nullable=False),
        sa.Column('invited_by', sa.String(length=64), nullable=False),
        sa.Column('created_at', sa.Text(), nullable=False),
        sa.Column('expires_at', sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint('token_hash'))
    op.create_table('usage_counts',
        sa.Column('day', sa.String(length=10), nullable=False),
        sa.Column('kind', sa.String(length=16), nullable=False),
        sa.Column('key', sa.String(length=200), nullable=False),
        sa.Column('count', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('day', 'kind', 'key'))


def downgrade():
    op.drop_table('usage_counts')
    op.drop_table('staff_invites')
    with op.batch_alter_table('staff', schema=None) as batch_op:
        batch_op.drop_column('role')
