import type { CoreContext } from '../context.ts';

// Placeholder until the bulk runner is built.
export class BulkRunner {
  readonly ctx: CoreContext;
  constructor(ctx: CoreContext) {
    this.ctx = ctx;
  }
  wake(): void {}
  start(): void {}
  async stop(): Promise<void> {}
}
