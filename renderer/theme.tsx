// Light and dark theme, following the system's prefers-color-scheme.
import CssBaseline from '@mui/material/CssBaseline';
import { createTheme, ThemeProvider, type PaletteMode } from '@mui/material/styles';
import useMediaQuery from '@mui/material/useMediaQuery';
import { useMemo, type ReactNode } from 'react';

export function buildTheme(mode: PaletteMode) {
  const dark = mode === 'dark';
  return createTheme({
    palette: {
      mode,
      // Text on coloured chips and buttons must reach WCAG AA (4.5:1), not MUI's default 3:1.
      contrastThreshold: 4.5,
      primary: { main: dark ? '#8c9eff' : '#3949ab' },
      secondary: { main: dark ? '#80cbc4' : '#00695c' },
      error: { main: dark ? '#ff8a80' : '#c62828' },
      warning: { main: dark ? '#ffb74d' : '#a84300' },
      success: { main: dark ? '#81c784' : '#2e7d32' },
      info: { main: dark ? '#81d4fa' : '#01579b' },
      background: dark ? { default: '#0f1115', paper: '#171a21' } : { default: '#f5f6fa', paper: '#ffffff' },
    },
    shape: { borderRadius: 10 },
    typography: {
      fontFamily: 'Inter, "Segoe UI", system-ui, -apple-system, Roboto, "Helvetica Neue", Arial, sans-serif',
      h1: { fontSize: '1.6rem', fontWeight: 650, letterSpacing: '-0.01em' },
      h2: { fontSize: '1.25rem', fontWeight: 650 },
      h3: { fontSize: '1.05rem', fontWeight: 650 },
      button: { textTransform: 'none', fontWeight: 600 },
    },
    components: {
      MuiPaper: { defaultProps: { elevation: 0 }, styleOverrides: { root: { backgroundImage: 'none' } } },
      MuiTableCell: { styleOverrides: { head: { fontWeight: 650 } } },
      MuiButton: { defaultProps: { disableElevation: true } },
      // A visible focus ring on every button, checkbox, tab, link-button and menu item reached by
      // keyboard (MUI's default is a faint ripple), in the text colour on a filled snackbar.
      MuiButtonBase: {
        styleOverrides: {
          root: {
            '&.Mui-focusVisible': { outline: `3px solid ${dark ? '#c5cae9' : '#1a237e'}`, outlineOffset: 2 },
            '.MuiAlert-filled &.Mui-focusVisible': { outlineColor: 'currentColor' },
          },
        },
      },
      MuiTab: { styleOverrides: { root: { minHeight: 48, fontWeight: 600 } } },
    },
  });
}

export function AppThemeProvider({ children }: { children: ReactNode }) {
  const prefersDark = useMediaQuery('(prefers-color-scheme: dark)', { noSsr: true });
  const theme = useMemo(() => buildTheme(prefersDark ? 'dark' : 'light'), [prefersDark]);
  return (
    <ThemeProvider theme={theme}>
      <CssBaseline enableColorScheme />
      {children}
    </ThemeProvider>
  );
}
