import { Content, Header, Page } from '@backstage/core-components';
import {
  identityApiRef,
  useApi,
  useRouteRef,
} from '@backstage/frontend-plugin-api';
import type { HomePageLayoutProps } from '@backstage/plugin-home-react/alpha';
import scaffolderPlugin from '@backstage/plugin-scaffolder/alpha';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import AddIcon from '@material-ui/icons/Add';
import { Link as RouterLink } from 'react-router-dom';
// eslint-disable-next-line @backstage/no-undeclared-imports -- comes with @platform-portal/plugin-platform; the app's package.json is to list it
import useAsync from 'react-use/esm/useAsync';
import { arrangeWidgets } from './arrangeWidgets';

/**
 * The portal's home page: a greeting with "Create project", and the widgets in the columns the
 * home page's `defaultConfig` gives them.
 */
export function HomePageLayout(props: HomePageLayoutProps) {
  const identityApi = useApi(identityApiRef);
  const createRoute = useRouteRef(scaffolderPlugin.routes.root);
  const profile = useAsync(() => identityApi.getProfileInfo(), [identityApi]);
  const name = profile.value?.displayName;
  const columns = arrangeWidgets(props.widgets, props.defaultConfig);

  return (
    <Page themeId="home">
      <Header
        title="Platform Portal"
        subtitle={
          name
            ? `Welcome, ${name}: your teams' services and what the platform has for them`
            : "Your teams' services and what the platform has for them"
        }
      >
        {createRoute && (
          <Button
            component={RouterLink}
            to={createRoute()}
            variant="contained"
            color="primary"
            size="large"
            startIcon={<AddIcon />}
            // It navigates, so it stays a link to assistive technology; MUI would make any
            // non-native element a "button".
            role={undefined}
          >
            Create project
          </Button>
        )}
      </Header>
      <Content>
        <Grid container spacing={3}>
          {columns.map((column, index) => (
            <Grid item xs={12} md={column.width as 12} key={index}>
              <Box display="grid" gridGap={24}>
                {column.widgets.map(widget => (
                  <Box key={widget.name ?? widget.node.spec.id}>
                    {widget.component}
                  </Box>
                ))}
              </Box>
            </Grid>
          ))}
        </Grid>
      </Content>
    </Page>
  );
}
