import { parseEntityRef } from '@backstage/catalog-model';
import { NotificationSendOptions } from '@backstage/plugin-notifications-node';
import { ALL_VERSIONS, PinEvent, PinEventKind } from './findPinEvents';

/** high, normal or low (the notifications plugin's severities). */
export type NotificationSeverity = NonNullable<
  NotificationSendOptions['payload']['severity']
>;

/**
 * A notification's text, link and weight, as the owner reads it.
 *
 * @internal
 */
export interface PinEventText {
  title: string;
  description: string;
  link: string;
  severity: NotificationSeverity;
}

/** Notification topics, which the notifications page groups and filters by. */
export const PIN_EVENT_TOPICS: Record<PinEventKind, string> = {
  deprecated: 'Platform deprecations',
  unsupported: 'Platform end of support',
  'new-major': 'Platform new majors',
};

/** The topic of the weekly digest. */
export const DIGEST_TOPIC = 'Platform weekly digest';

const SEVERITIES: Record<PinEventKind, NotificationSeverity> = {
  unsupported: 'high',
  deprecated: 'normal',
  'new-major': 'low',
};

function listOf(items: string[]): string {
  if (items.length <= 1) {
    return items.join('');
  }
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** The platform team's message, ended as a sentence so that the next one can follow. */
function sentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?…]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

function nameOf(entityRef: string): string {
  try {
    return parseEntityRef(entityRef).name;
  } catch {
    return entityRef;
  }
}

/** Where the app shows a component's platform tab (the new frontend system's entity route). */
export function entityPlatformLink(entityRef: string): string {
  const { kind, namespace, name } = parseEntityRef(entityRef);
  return `/catalog/${[namespace, kind.toLocaleLowerCase('en-US'), name]
    .map(encodeURIComponent)
    .join('/')}/platform`;
}

/** The platform module page. */
export function modulePageLink(module: string): string {
  return `/platform/modules/${encodeURIComponent(module)}`;
}

/** `payments-api pins rds 1.4.0 and billing-worker pins rds 1.2.0 and 1.3.1` */
function whoPinsWhat(event: PinEvent): string {
  return listOf(
    event.pins.map(
      pin =>
        `${nameOf(pin.entityRef)} pins ${event.module} ${listOf(pin.versions)}`,
    ),
  );
}

/** `payments-api`, or `3 services` when there are several. */
function whoPins(event: PinEvent): string {
  return event.pins.length === 1
    ? nameOf(event.pins[0].entityRef)
    : `${event.pins.length} services`;
}

function pinVerb(event: PinEvent): string {
  return event.pins.length === 1 ? 'pins' : 'pin';
}

function moveTo(event: PinEvent): string {
  return event.latest ? ` The latest release is ${event.latest}.` : '';
}

/**
 * The notification an owner gets for one event: who pins what, and why it matters, in words.
 * One service's event links to its Platform tab; several services', and a new major, to the
 * module page, which lists every service's version and the releases.
 *
 * @internal
 */
export function describePinEvent(event: PinEvent): PinEventText {
  const severity = SEVERITIES[event.kind];
  const link =
    event.pins.length === 1 && event.kind !== 'new-major'
      ? entityPlatformLink(event.pins[0].entityRef)
      : modulePageLink(event.module);
  switch (event.kind) {
    case 'deprecated': {
      const range =
        event.subject === ALL_VERSIONS
          ? `every release of ${event.module}`
          : `${event.module} ${event.subject}`;
      const since = event.deprecation?.since
        ? ` since ${event.deprecation.since}`
        : '';
      const message = event.deprecation?.message
        ? `: ${sentence(event.deprecation.message)}`
        : '.';
      return {
        title: `${whoPins(event)} ${pinVerb(event)} a deprecated release of ${
          event.module
        } (${range})`,
        description: `${whoPinsWhat(
          event,
        )}, deprecated${since}${message}${moveTo(event)}`,
        link,
        severity,
      };
    }
    case 'unsupported': {
      const supported = (event.supportedMajors ?? []).map(m => `${m}.x`);
      return {
        title: `${whoPins(event)} ${pinVerb(event)} ${event.module} ${
          event.subject
        }.x, which is no longer supported`,
        description: `${whoPinsWhat(
          event,
        )}, out of support: the platform supports ${
          supported.length ? `only ${listOf(supported)}` : 'no major'
        } of ${event.module}.${moveTo(event)}`,
        link,
        severity,
      };
    }
    default: {
      const release = event.latest ?? `${event.subject}.0.0`;
      return {
        title: `A new major of ${event.module} is out: ${release}`,
        description: `${
          event.module
        } ${release} is the latest release; ${whoPinsWhat(
          event,
        )}. The module page lists its releases and upgrade notes.`,
        link,
        severity,
      };
    }
  }
}
