/** The current time in Unix milliseconds. Every service takes one, so tests control time. */
export type Clock = () => number;
export const systemClock: Clock = () => Date.now();
