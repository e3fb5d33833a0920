import MuiLink, { LinkProps } from '@mui/material/Link';
import { ReactNode } from 'react';
import { Link as RouterLink } from 'react-router-dom';
import { sourceSearch } from './sourceSearch';

/** A link within the source view: to a repository's files at a commit, or to one of its files. */
export function SourceLink(props: {
  to: Parameters<typeof sourceSearch>[0];
  sx?: LinkProps['sx'];
  children: ReactNode;
}) {
  return (
    <MuiLink
      component={RouterLink}
      to={{ search: sourceSearch(props.to) }}
      sx={props.sx}
    >
      {props.children}
    </MuiLink>
  );
}
