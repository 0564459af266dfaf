import type { CoreContext } from '../context.ts';

// Placeholder until purge is built.
export class PurgeScheduler {
  readonly ctx: CoreContext;
  constructor(ctx: CoreContext) {
    this.ctx = ctx;
  }
  start(): void {}
  stop(): void {}
}
