import Box from '@mui/material/Box';
import { alpha, useTheme } from '@mui/material/styles';
import { useMemo } from 'react';
import { DiffLine, parseUnifiedDiff } from './unifiedDiff';

/**
 * A file's unified diff, line by line in monospace: added and removed lines are tinted from the
 * theme's success and error colours and keep their `+`/`-` marker, so colour is not the only cue.
 */
export function UnifiedDiff(props: { path: string; patch: string }) {
  const { path, patch } = props;
  const theme = useTheme();
  // The file's headers (Index:, ---, +++) only repeat the path the caption shows.
  const lines = useMemo(() => {
    const all = parseUnifiedDiff(patch);
    const firstHunk = all.findIndex(line => line.kind === 'hunk');
    return firstHunk > 0 ? all.slice(firstHunk) : all;
  }, [patch]);
  const dark = theme.palette.mode === 'dark';
  const tint = (color: string) => alpha(color, dark ? 0.25 : 0.12);
  const markerColor = (color: { light: string; dark: string }) =>
    dark ? color.light : color.dark;
  const styleOf = (kind: DiffLine['kind']) => {
    switch (kind) {
      case 'added':
        return {
          bgcolor: tint(theme.palette.success.main),
          '& .marker': { color: markerColor(theme.palette.success) },
        };
      case 'removed':
        return {
          bgcolor: tint(theme.palette.error.main),
          '& .marker': { color: markerColor(theme.palette.error) },
        };
      case 'hunk':
        return { color: 'text.secondary', bgcolor: 'action.hover' };
      case 'header':
        return { color: 'text.secondary' };
      default:
        return {};
    }
  };

  return (
    <Box
      component="figure"
      sx={{
        m: 0,
        border: 1,
        borderColor: 'divider',
        borderRadius: 1,
        overflow: 'hidden',
      }}
    >
      <Box
        component="figcaption"
        sx={{
          px: 1,
          py: 0.5,
          fontFamily: 'monospace',
          fontSize: '0.85rem',
          bgcolor: 'action.hover',
          borderBottom: 1,
          borderColor: 'divider',
          wordBreak: 'break-all',
        }}
      >
        {path}
      </Box>
      {/* Scrollable both ways: long lines keep their layout instead of wrapping. */}
      <Box
        component="pre"
        role="region"
        tabIndex={0}
        aria-label={`Diff of ${path}`}
        sx={{
          m: 0,
          maxHeight: 320,
          overflow: 'auto',
          fontFamily: 'monospace',
          fontSize: '0.8rem',
          lineHeight: 1.5,
          color: 'text.primary',
        }}
      >
        <Box
          component="code"
          sx={{ display: 'block', minWidth: 'max-content' }}
        >
          {lines.map((line, index) => (
            <Box
              key={index}
              component="span"
              data-diff-line={line.kind}
              sx={{ display: 'block', px: 1, ...styleOf(line.kind) }}
            >
              <Box
                component="span"
                className="marker"
                sx={{
                  display: 'inline-block',
                  width: '1.5ch',
                  fontWeight: 'bold',
                  userSelect: 'none',
                }}
              >
                {line.marker}
              </Box>
              {line.text}
            </Box>
          ))}
        </Box>
      </Box>
    </Box>
  );
}
