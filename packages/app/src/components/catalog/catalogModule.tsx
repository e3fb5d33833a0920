import {
  coreExtensionData,
  createFrontendModule,
} from '@backstage/frontend-plugin-api';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import { catalogColumns, catalogTableOptions } from './catalogDefaults';

/**
 * The catalog page, opening on the services and keeping entity names whole. Its filters are the
 * catalog's own filter extensions, as on the stock page.
 */
export const catalogIndexPage = catalogPlugin
  .getExtension('page:catalog')
  .override({
    factory(originalFactory, { inputs, config }) {
      return originalFactory({
        params: {
          loader: async () => {
            const [{ CatalogIndexPage }, { CatalogOpensOnServices }] =
              await Promise.all([
                import('@backstage/plugin-catalog/alpha'),
                import('./CatalogOpensOnServices'),
              ]);
            const filters = inputs.filters.map(filter =>
              filter.get(coreExtensionData.reactElement),
            );
            return (
              <CatalogOpensOnServices>
                <CatalogIndexPage
                  filters={<>{filters}</>}
                  pagination={config.pagination}
                  columns={catalogColumns}
                  tableOptions={catalogTableOptions}
                  exportSettings={
                    config.exportSettings?.enabled
                      ? config.exportSettings
                      : undefined
                  }
                />
              </CatalogOpensOnServices>
            );
          },
        },
      });
    },
  });

/**
 * The app's changes to the catalog plugin: `createApp({ features: [catalogModule] })`.
 */
export const catalogModule = createFrontendModule({
  pluginId: 'catalog',
  extensions: [catalogIndexPage],
});
