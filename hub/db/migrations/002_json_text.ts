import type { HubMigration } from '../migrate.ts';

// Message bodies and cell values as `json` (the text as pushed, checked, kept verbatim) rather than `jsonb`:
// jsonb refuses a string holding U+0000, which a note may carry (a 500 for valid input), and a pull passes the
// stored text through as it is.
export const migration002: HubMigration = {
  version: 2,
  name: 'message bodies and cell values kept as their JSON text',
  up: `
ALTER TABLE messages ALTER COLUMN body TYPE json USING body::json;
ALTER TABLE cells ALTER COLUMN value TYPE json USING value::json;
`,
};
