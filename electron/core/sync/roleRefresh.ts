import type { CoreContext } from '../context.ts';
import { HubStatus, HUB_PATHS } from '../../../shared/sync/protocol.ts';
import { readToken } from './credentialVault.ts';
import { hubCall } from './hubClient.ts';
import { readTeam } from './teamState.ts';
import { takeHubRetention } from './teamRetention.ts';
import { announce } from '../dispatcher.ts';

// A member's role can change at the hub at any time (an admin made them a viewer), and so can the team's
// retention period; nothing in the pulled messages says so. The sync loop asks the hub's status now and then (at most once a minute, and at once
// after the hub refused a push), so the app's controls and the core's own checks follow the role.

const EVERY_MS = 60_000;
const lastAsked = new WeakMap<CoreContext, number>();

export async function refreshRole(ctx: CoreContext, force = false): Promise<void> {
  const team = readTeam(ctx.db);
  if (!team || ctx.team?.networkCut) return;
  const now = Date.now();
  if (!force && now - (lastAsked.get(ctx) ?? 0) < EVERY_MS) return;
  lastAsked.set(ctx, now);
  try {
    const status = await hubCall(
      { url: team.hub_url, fingerprint: team.cert_fingerprint, token: readToken(ctx, team.device_token) },
      HubStatus,
      'GET',
      HUB_PATHS.status,
    );
    if (!ctx.db.open || !readTeam(ctx.db)) return;
    // The team's retention period, as its owners and admins set it at the hub (sync/teamRetention.ts).
    if (takeHubRetention(ctx, status.retentionDays)) announce(ctx, ['settings', 'restore']);
    if (status.you.role === readTeam(ctx.db)?.role) return;
    ctx.db.prepare('UPDATE sync_state SET role = ? WHERE id = 1').run(status.you.role);
    const s = ctx.team?.status();
    if (s) ctx.events.emit('team.status', s);
  } catch {
    // the next sync asks again; the role stays as it was
  }
}
