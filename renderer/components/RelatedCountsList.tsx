import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { RELATED_KINDS, type RelatedCounts } from '../../shared/domain.ts';
import { formatCount, KIND_LABELS } from '../lib/format.ts';

/** Counts per related kind, as a small two-column list (zeros shown faint, so nothing is hidden). */
export function RelatedCountsList({ counts, label }: { counts: RelatedCounts; label: string }) {
  return (
    <Box
      component="ul"
      aria-label={label}
      sx={{ listStyle: 'none', p: 0, m: 0, display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(180px, 1fr))', gap: 0.5 }}
    >
      {RELATED_KINDS.map((k) => {
        const n = counts[k] ?? 0;
        return (
          <Box component="li" key={k} sx={{ display: 'flex', gap: 1, opacity: n ? 1 : 0.75 }}>
            <Typography component="span" sx={{ fontWeight: 650, minWidth: 40, textAlign: 'right', fontVariantNumeric: 'tabular-nums' }}>
              {formatCount(n)}
            </Typography>{' '}
            <Typography component="span" color="text.secondary">
              {n === 1 ? KIND_LABELS[k][0] : KIND_LABELS[k][1]}
            </Typography>
          </Box>
        );
      })}
    </Box>
  );
}
