import type { Migration } from '../migrate.ts';

// Team mode at volume: the batch being pushed is found, resent and acknowledged by its batch_id
// (sync/outbox.ts). Without an index each of those scanned the whole outbox, so a join's upload of
// 2 million row messages (~420 batches) scanned it ~1,300 times. Only sent rows carry a batch id: the
// index holds the one open batch at most.
export const migration016: Migration = {
  version: 16,
  name: 'team mode: the outbox found by batch',
  up: `
CREATE INDEX idx_sync_outbox_batch ON sync_outbox(batch_id) WHERE batch_id IS NOT NULL;
`,
};
