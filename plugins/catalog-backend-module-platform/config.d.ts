import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  platform?: {
    /** How platform modules appear in the software catalog. */
    catalog?: {
      /** Owner of the module entities; `group:default/platform-team` by default. */
      owner?: string;
      /** System of the module entities; `acme-platform` by default, none when empty. */
      system?: string;
      /**
       * When the module entities are refreshed. Defaults to every 5 minutes, the first 15
       * seconds after start.
       */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
    };
  };
}
