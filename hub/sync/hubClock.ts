import { formatHlc, parseHlc, tick, zeroClock } from '../../shared/sync/hlc.ts';

/** The node id of the hub's own clock in the HLC times it makes. */
export const HUB_NODE = 'hub';

/**
 * The hub's own hybrid logical clock, for the messages it makes (purges): never behind its last time, so two
 * purges made in one millisecond still differ. The same clock as every member's (shared/sync/hlc.ts).
 */
export function nextHubHlc(last: string | null, now: number): string {
  return formatHlc(tick(last ? parseHlc(last) : zeroClock(HUB_NODE), now));
}
