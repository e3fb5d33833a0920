import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { catalogModulePlatform } from './module';

describe('catalogModulePlatform', () => {
  it('adds the module entity provider and the dependency processor to the catalog', async () => {
    const extensionPoint = {
      addEntityProvider: jest.fn(),
      addProcessor: jest.fn(),
      addPlaceholderResolver: jest.fn(),
      setOnProcessingErrorHandler: jest.fn(),
    };
    const scheduler = mockServices.scheduler.mock();
    await startTestBackend({
      extensionPoints: [[catalogProcessingExtensionPoint, extensionPoint]],
      features: [catalogModulePlatform, scheduler.factory],
    });

    expect(extensionPoint.addEntityProvider).toHaveBeenCalledTimes(1);
    expect(
      extensionPoint.addEntityProvider.mock.calls[0][0].getProviderName(),
    ).toBe('platform-modules');
    expect(extensionPoint.addProcessor).toHaveBeenCalledTimes(1);
    expect(
      extensionPoint.addProcessor.mock.calls[0][0].getProcessorName(),
    ).toBe('PlatformDependencyProcessor');
    expect(scheduler.createScheduledTaskRunner).toHaveBeenCalledWith(
      expect.objectContaining({ frequency: { minutes: 5 } }),
    );
  });
});
