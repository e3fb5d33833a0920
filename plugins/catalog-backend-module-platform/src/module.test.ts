import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { catalogModulePlatform } from './module';

describe('catalogModulePlatform', () => {
  it('adds the module entity provider, the dependency and the source view processors to the catalog', async () => {
    const extensionPoint = {
      addEntityProvider: jest.fn(),
      addProcessor: jest.fn(),
      addPlaceholderResolver: jest.fn(),
      setOnProcessingErrorHandler: jest.fn(),
    };
    const scheduler = mockServices.scheduler.mock();
    await startTestBackend({
      extensionPoints: [[catalogProcessingExtensionPoint, extensionPoint]],
      features: [
        catalogModulePlatform,
        scheduler.factory,
        mockServices.rootConfig.factory({
          data: { app: { baseUrl: 'http://localhost:3000' } },
        }),
      ],
    });

    expect(extensionPoint.addEntityProvider).toHaveBeenCalledTimes(1);
    expect(
      extensionPoint.addEntityProvider.mock.calls[0][0].getProviderName(),
    ).toBe('platform-modules');
    expect(
      extensionPoint.addProcessor.mock.calls.map(([processor]) =>
        processor.getProcessorName(),
      ),
    ).toEqual(['PlatformDependencyProcessor', 'SourceViewLocationProcessor']);
    expect(scheduler.createScheduledTaskRunner).toHaveBeenCalledWith(
      expect.objectContaining({ frequency: { minutes: 5 } }),
    );
  });
});
