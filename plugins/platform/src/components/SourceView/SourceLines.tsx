import { SourceFile } from '../../api';
import Box from '@mui/material/Box';
import { useEffect, useRef } from 'react';
import { Link as RouterLink, useSearchParams } from 'react-router-dom';
import { visuallyHidden } from '../layout/visuallyHidden';

/** The file's lines; a final newline ends the last line rather than starting an empty one. */
function linesOf(content: string): string[] {
  const lines = content.split(/\r?\n/);
  if (lines.length > 1 && lines[lines.length - 1] === '') {
    lines.pop();
  }
  return lines;
}

/**
 * The file as a table of numbered lines. Each number links to its own line (so a line can be
 * shared), and the line asked for is marked, scrolled to and focused, so that a keyboard or
 * screen reader user starts there too.
 */
export function SourceLines(props: { file: SourceFile; line?: number }) {
  const { file, line } = props;
  const [searchParams] = useSearchParams();
  const current = useRef<HTMLTableRowElement>(null);
  const lines = linesOf(file.content);
  const highlighted =
    line !== undefined && line <= lines.length ? line : undefined;

  useEffect(() => {
    const row = current.current;
    if (row) {
      // jsdom has no layout, hence no scrollIntoView.
      row.scrollIntoView?.({ block: 'center' });
      row.focus({ preventScroll: true });
    }
  }, [highlighted]);

  const lineSearch = (number: number) => {
    const next = new URLSearchParams(searchParams);
    next.set('line', String(number));
    return `?${next}`;
  };

  return (
    <Box
      sx={theme => ({
        border: `1px solid ${theme.palette.divider}`,
        borderRadius: 1,
        overflowX: 'auto',
        backgroundColor: theme.palette.background.paper,
      })}
    >
      <Box
        component="table"
        sx={theme => ({
          borderCollapse: 'collapse',
          width: '100%',
          fontFamily: 'monospace',
          fontSize: '0.8125rem',
          lineHeight: 1.6,
          color: theme.palette.text.primary,
          '& th': {
            width: '1%',
            px: 1.5,
            textAlign: 'right',
            fontWeight: 'normal',
            verticalAlign: 'top',
            userSelect: 'none',
            whiteSpace: 'nowrap',
          },
          '& th a': {
            color: theme.palette.text.secondary,
            textDecoration: 'none',
          },
          '& th a:hover, & th a:focus-visible': {
            color: theme.palette.text.primary,
            textDecoration: 'underline',
          },
          '& td': { pr: 2, whiteSpace: 'pre', tabSize: 4 },
          '& tr[aria-current]': {
            // A yellow that keeps the text's contrast in either theme.
            backgroundColor:
              theme.palette.mode === 'dark'
                ? 'rgba(187, 128, 9, 0.3)'
                : '#fff8c5',
            boxShadow: `inset 3px 0 0 ${theme.palette.warning.main}`,
          },
          '& tr:focus': { outline: 'none' },
          '& tr:focus-visible': {
            outline: `2px solid ${theme.palette.primary.main}`,
            outlineOffset: -2,
          },
        })}
      >
        <caption style={visuallyHidden}>
          {`${file.path}, ${lines.length} line${
            lines.length === 1 ? '' : 's'
          }, ${file.language}`}
        </caption>
        <tbody>
          {lines.map((text, index) => {
            const number = index + 1;
            const isCurrent = number === highlighted;
            return (
              <tr
                key={number}
                id={`L${number}`}
                ref={isCurrent ? current : undefined}
                tabIndex={isCurrent ? -1 : undefined}
                aria-current={isCurrent ? 'location' : undefined}
              >
                <th scope="row">
                  <RouterLink
                    to={{ search: lineSearch(number) }}
                    replace
                    aria-label={`Line ${number}`}
                  >
                    {number}
                  </RouterLink>
                </th>
                <td>
                  {text}
                  {isCurrent && (
                    <span style={visuallyHidden}> (linked line)</span>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </Box>
    </Box>
  );
}
