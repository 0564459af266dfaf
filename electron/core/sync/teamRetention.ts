import type { CoreContext } from '../context.ts';
import { HUB_PATHS, HubSettings } from '../../../shared/sync/protocol.ts';
import { updateSettings, getSettings } from '../settings/settings.ts';
import { readToken } from './credentialVault.ts';
import { hubCall } from './hubClient.ts';
import { fromHubError } from './joinTeam.ts';
import { AppError } from '../errors.ts';
import { readTeam } from './teamState.ts';

// In a team the retention period is the team's, kept by the hub, whose clock purges (docs/sync.md,
// "Retention in team mode"). An owner's or admin's save goes to the hub first, and is saved here only once
// the hub took it (offline: UNAVAILABLE, nothing changed); every machine takes the hub's period when it
// asks the hub's status (sync/roleRefresh.ts), so the Restore tab's purge dates are the team's.

/** Sends a new retention period to the hub (team mode only; the role was checked before). */
export async function sendRetention(ctx: CoreContext, retentionDays: number): Promise<void> {
  const team = readTeam(ctx.db);
  if (!team) return;
  if (ctx.team?.networkCut)
    throw new AppError(
      'UNAVAILABLE',
      "The team's retention period is kept by the hub, which cannot be reached now: try again when you are online.",
    );
  try {
    await hubCall(
      { url: team.hub_url, fingerprint: team.cert_fingerprint, token: readToken(ctx, team.device_token) },
      HubSettings,
      'PUT',
      HUB_PATHS.settings,
      { retentionDays },
    );
  } catch (err) {
    const e = fromHubError(err);
    if (e.code === 'UNAVAILABLE')
      throw new AppError(
        'UNAVAILABLE',
        `The team's retention period is kept by the hub, which cannot be reached now: try again when you are online. (${e.message})`,
      );
    throw e;
  }
}

/** Takes the hub's retention period here if it differs; returns whether it changed. */
export function takeHubRetention(ctx: CoreContext, retentionDays: number): boolean {
  if (getSettings(ctx.db).retentionDays === retentionDays) return false;
  updateSettings(ctx.db, { retentionDays });
  return true;
}
