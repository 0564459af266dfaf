/**
 * The hub's own hybrid logical clock, for the messages it makes (purges): never behind its last time, so two
 * purges made in one millisecond still differ. Same format as every member's (`Hlc` in protocol.ts).
 */
export function nextHubHlc(last: string | null, now: number): string {
  const [lastPhysical, lastCounter] = last ? [Number(last.slice(0, 13)), Number(last.slice(14, 19))] : [0, -1];
  const physical = Math.max(now, lastPhysical);
  const counter = physical === lastPhysical ? lastCounter + 1 : 0;
  return `${String(physical).padStart(13, '0')}-${String(counter).padStart(5, '0')}-hub`;
}

/** The wall-clock part of a hybrid logical clock time, in ms. */
export function physicalOf(hlc: string): number {
  return Number(hlc.slice(0, 13));
}
