/*
 * Hi!
 *
 * Note that this is an EXAMPLE Backstage backend. Please check the README.
 *
 * Happy hacking!
 */

import { createBackend } from '@backstage/backend-defaults';
import {
  httpRouterWithoutStackTraces,
  rootHttpRouterWithoutStackTraces,
} from './httpRouters';
import { authModuleGuestSignInGuard } from './guestSignInGuard';
import { rootConfigWithoutPathLine } from './rootConfig';
import { searchModulePortalEngine } from './searchEngine';
import { techdocsModulePortalGenerator } from './techdocsGenerator';
import { searchModuleTechDocsPrebuild } from './techdocsPrebuild';

const backend = createBackend();

// Every log line is JSON in production: the configuration is read without a plain-text line.
backend.add(rootConfigWithoutPathLine);

// Error answers carry no stack trace, not even in development, unless backend.showStackTraces.
backend.add(rootHttpRouterWithoutStackTraces);
backend.add(httpRouterWithoutStackTraces);

// Bare repositories in platform.git.localRoots (the demo's, and where "Create project" publishes)
// are read through the https URLs platform.git.rewrites maps onto them, so the catalog can
// register and refresh them like any other.
backend.add(import('@platform-portal/plugin-platform-local-git'));

backend.add(import('@backstage/plugin-app-backend'));
backend.add(import('@backstage/plugin-proxy-backend'));

// scaffolder plugin
backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(import('@backstage/plugin-scaffolder-backend-module-github'));
backend.add(
  import('@backstage/plugin-scaffolder-backend-module-notifications'),
);

// techdocs plugin
backend.add(import('@backstage/plugin-techdocs-backend'));
// its build errors say when MkDocs is missing, and name no folder of the server
backend.add(techdocsModulePortalGenerator);

// auth plugin: each provider signs in only where auth.providers configures it. The demo signs in
// as guest (app-config.demo.yaml); production with GitHub (app-config.production.yaml), matching
// catalog Users, and refuses to start if it also configures guest sign-in without allowing it.
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
backend.add(import('@backstage/plugin-auth-backend-module-github-provider'));
backend.add(authModuleGuestSignInGuard);

// catalog plugin
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);

// See https://backstage.io/docs/features/software-catalog/configuration#subscribing-to-catalog-errors
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));

// permission plugin, with the portal's policy: the platform team administers, owners act on
// their own entities, everyone signed in reads and runs templates
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(
  import('@platform-portal/plugin-permission-backend-module-platform'),
);

// search plugin
backend.add(import('@backstage/plugin-search-backend'));

// search engine: PostgreSQL's where the database is PostgreSQL, else Lunr in memory, which finds
// nothing (instead of failing) for a document type not indexed yet
backend.add(searchModulePortalEngine);

// search collators
backend.add(import('@backstage/plugin-search-backend-module-catalog'));
backend.add(import('@backstage/plugin-search-backend-module-techdocs'));
// with TechDocs' local builder, documentation is built at start, so search finds it unopened
backend.add(searchModuleTechDocsPrebuild);

// user settings plugin
backend.add(import('@backstage/plugin-user-settings-backend'));

// notifications and signals plugins
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-signals-backend'));
// The event bus: with PostgreSQL it carries events (catalog changes, signals to browsers)
// between backend instances sharing the database.
backend.add(import('@backstage/plugin-events-backend'));

backend.add(import('@platform-portal/plugin-platform-backend'));
// The offline demo: repositories made from examples/ and a local Helm chart repository
// (platform.demo in app-config). Remove this line to run without it.
backend.add(import('@platform-portal/plugin-platform-backend-module-demo'));
backend.add(
  import('@platform-portal/plugin-scaffolder-backend-module-platform'),
);
backend.add(import('@platform-portal/plugin-catalog-backend-module-platform'));
// A backend whose start failed (a plugin that could not start, guest sign-in in production)
// exits with status 1 instead of serving the plugins that did start, so a container engine or
// service manager sees the failure. The rethrown error is logged by the root logger's
// unhandled-rejection handler, as JSON in production, before the process exits.
backend.start().catch(error => {
  setTimeout(() => process.exit(1), 100);
  throw error;
});
