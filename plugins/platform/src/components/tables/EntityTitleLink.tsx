import Box from '@mui/material/Box';
import Link from '@mui/material/Link';
import { Link as RouterLink } from 'react-router-dom';
import { EntityRefPresentationSnapshot } from '@backstage/plugin-catalog-react';

/**
 * A link to an entity's page showing its kind's icon and its name, as the catalog's entity link
 * does, from names the page read at once (see useEntityTitles): a table of links then asks the
 * catalog once, and each link is a plain anchor rather than the catalog link's styled boxes and
 * tooltip (a style sheet per link, which slowed large pages). The words the catalog shows on
 * hover are the link's title.
 */
export function EntityTitleLink(props: {
  /**
   * The entity's page, from `useEntityRefLink()` called once for the whole table: the hook
   * follows the browser's location, and would draw every link again at each change of the URL.
   */
  to: string;
  /** The entity's presentation, from `EntityTitles.presentationOf`. */
  presentation: EntityRefPresentationSnapshot;
}) {
  const { to, presentation } = props;
  const { primaryTitle, secondaryTitle, Icon } = presentation;
  return (
    <Link component={RouterLink} to={to} title={secondaryTitle}>
      <Box
        component="span"
        sx={{ display: 'inline-flex', alignItems: 'center' }}
      >
        {Icon && (
          <Box
            component="span"
            sx={{
              mr: 0.5,
              color: 'text.secondary',
              '& svg': { verticalAlign: 'middle' },
            }}
          >
            <Icon fontSize="inherit" />
          </Box>
        )}
        {primaryTitle}
      </Box>
    </Link>
  );
}

/** Whether two presentations show alike: the same words and icon. */
export function samePresentation(
  a: EntityRefPresentationSnapshot | undefined,
  b: EntityRefPresentationSnapshot | undefined,
): boolean {
  return (
    a === b ||
    (!!a &&
      !!b &&
      a.primaryTitle === b.primaryTitle &&
      a.secondaryTitle === b.secondaryTitle &&
      a.Icon === b.Icon)
  );
}
