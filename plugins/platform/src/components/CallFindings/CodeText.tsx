import Box from '@mui/material/Box';

/** Text whose `backticked` parts, names of inputs and arguments, show as code. */
export function CodeText({ text }: { text: string }) {
  const parts = text.split('`');
  return (
    <>
      {parts.map((part, index) =>
        // Odd parts sit between a pair of backticks; an unpaired last one stays text.
        index % 2 === 1 && index < parts.length - 1 ? (
          <Box
            component="code"
            key={index}
            sx={{ fontFamily: 'monospace', fontSize: '0.95em' }}
          >
            {part}
          </Box>
        ) : (
          <span key={index}>{index % 2 === 1 ? `\`${part}` : part}</span>
        ),
      )}
    </>
  );
}
