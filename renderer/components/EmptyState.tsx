import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import type { ReactNode } from 'react';

export function EmptyState({ icon, title, children, action }: { icon: ReactNode; title: string; children?: ReactNode; action?: ReactNode }) {
  return (
    <Box sx={{ textAlign: 'center', py: 8, px: 2, color: 'text.secondary' }}>
      <Box sx={{ fontSize: 48, mb: 1, '& svg': { fontSize: 48 } }} aria-hidden>
        {icon}
      </Box>
      <Typography variant="h2" component="h2" color="text.primary" gutterBottom>
        {title}
      </Typography>
      {children && <Typography sx={{ maxWidth: 480, mx: 'auto', mb: 2 }}>{children}</Typography>}
      {action}
    </Box>
  );
}
