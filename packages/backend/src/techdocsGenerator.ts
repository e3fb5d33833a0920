import {
  coreServices,
  createBackendModule,
  LoggerService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import { ScmIntegrations } from '@backstage/integration';
import {
  GeneratorRunOptions,
  TechdocsGenerator,
  techdocsGeneratorExtensionPoint,
} from '@backstage/plugin-techdocs-node';

/** What the documentation page says when the backend's machine has no MkDocs. */
export const MKDOCS_MISSING =
  'MkDocs is not installed where the portal runs, so this documentation cannot be built. ' +
  'Install MkDocs and its Material theme (on Debian or Ubuntu: apt-get install mkdocs ' +
  'mkdocs-material), then open this page again.';

function causeOf(error: unknown): unknown {
  return (error as { cause?: unknown })?.cause ?? error;
}

/**
 * TechDocs' own generator, with failures told in words a reader of the documentation page can act
 * on. Its errors name the temporary folders it built in ("Failed to generate docs from /tmp/…");
 * these name the missing program, or the build's own complaint, and point at the build log.
 */
export class PortalTechdocsGenerator extends TechdocsGenerator {
  static create(config: RootConfigService, logger: LoggerService) {
    return new PortalTechdocsGenerator({
      logger,
      config,
      scmIntegrations: ScmIntegrations.fromConfig(config),
    });
  }

  async run(options: GeneratorRunOptions): Promise<void> {
    try {
      await super.run(options);
    } catch (error) {
      const cause = causeOf(error);
      if ((cause as NodeJS.ErrnoException)?.code === 'ENOENT') {
        throw new Error(MKDOCS_MISSING);
      }
      // The command's exit code, or a problem of mkdocs.yml; the build log has MkDocs' output.
      const reason =
        cause instanceof Error ? cause.message : String(cause ?? 'unknown');
      throw new Error(
        `MkDocs could not build this documentation (${reason}); the build log says why.`,
      );
    }
  }
}

/** TechDocs builds with {@link PortalTechdocsGenerator}. */
export const techdocsModulePortalGenerator = createBackendModule({
  pluginId: 'techdocs',
  moduleId: 'portal-generator',
  register(env) {
    env.registerInit({
      deps: {
        generator: techdocsGeneratorExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
      },
      async init({ generator, config, logger }) {
        generator.setTechdocsGenerator(
          PortalTechdocsGenerator.create(config, logger),
        );
      },
    });
  },
});
