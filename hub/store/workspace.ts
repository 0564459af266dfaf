import type { Db, Tx } from '../db/pool.ts';
import { newId } from './tokens.ts';

export type WorkspaceRow = { workspace_id: string; retention_days: number; seq: number; created_at: number };

/** The workspaces this database holds, oldest first. */
export async function listWorkspaces(db: Db | Tx): Promise<WorkspaceRow[]> {
  const { rows } = await db.query<WorkspaceRow>(
    'SELECT workspace_id, retention_days, seq, created_at FROM workspaces ORDER BY created_at, workspace_id',
  );
  return rows;
}

export async function createWorkspace(tx: Tx, now: number): Promise<string> {
  const workspaceId = newId();
  await tx.query('INSERT INTO workspaces (workspace_id, created_at) VALUES ($1, $2)', [workspaceId, now]);
  return workspaceId;
}

export async function getWorkspace(db: Db | Tx, workspaceId: string): Promise<WorkspaceRow | null> {
  const { rows } = await db.query<WorkspaceRow>(
    'SELECT workspace_id, retention_days, seq, created_at FROM workspaces WHERE workspace_id = $1',
    [workspaceId],
  );
  return rows[0] ?? null;
}

/** Locks the workspace's row for this transaction: pushes and purges of one workspace take their seq in turn. */
export async function lockWorkspace(tx: Tx, workspaceId: string): Promise<WorkspaceRow & { hlc: string | null }> {
  const { rows } = await tx.query<WorkspaceRow & { hlc: string | null }>(
    'SELECT workspace_id, retention_days, seq, created_at, hlc FROM workspaces WHERE workspace_id = $1 FOR UPDATE',
    [workspaceId],
  );
  if (!rows[0]) throw new Error(`workspace ${workspaceId} is missing`);
  return rows[0];
}

export async function setRetentionDays(db: Db | Tx, workspaceId: string, days: number): Promise<void> {
  await db.query('UPDATE workspaces SET retention_days = $2 WHERE workspace_id = $1', [workspaceId, days]);
}
