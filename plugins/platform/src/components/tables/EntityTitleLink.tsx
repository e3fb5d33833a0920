import Box from '@mui/material/Box';
import Link from '@mui/material/Link';
import { Link as RouterLink } from 'react-router-dom';
import { useEntityRefLink } from '@backstage/plugin-catalog-react';
import { EntityTitles } from '../layout/useEntityTitles';

/**
 * A link to an entity's page showing its kind's icon and its name, as the catalog's entity link
 * does, from names the page read at once (see useEntityTitles): a table of links then asks the
 * catalog once, and each link is a plain anchor rather than the catalog link's styled boxes and
 * tooltip (a style sheet per link, which slowed large pages). The words the catalog shows on
 * hover are the link's title.
 */
export function EntityTitleLink(props: {
  entityRef: string;
  titles: EntityTitles;
}) {
  const { entityRef, titles } = props;
  const entityLink = useEntityRefLink();
  const { primaryTitle, secondaryTitle, Icon } =
    titles.presentationOf(entityRef);
  return (
    <Link
      component={RouterLink}
      to={entityLink(entityRef)}
      title={secondaryTitle}
    >
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
