import Box from '@mui/material/Box';
import LinearProgress from '@mui/material/LinearProgress';
import Typography from '@mui/material/Typography';

/** A short "working on it" line with an indeterminate bar, announced politely. */
export function BusyNote({ text }: { text: string }) {
  return (
    <Box role="status" sx={{ py: 2 }}>
      <Typography color="text.secondary" gutterBottom>
        {text}
      </Typography>
      <LinearProgress aria-label={text} />
    </Box>
  );
}
