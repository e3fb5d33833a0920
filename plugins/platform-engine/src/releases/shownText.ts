import { redactUrlCredentials } from '@platform-portal/plugin-platform-common';

// C0 and C1 control characters: a terminal would act on them (clear the screen, set its title).
// eslint-disable-next-line no-control-regex -- finding them is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

const cut = (text: string, max: number) =>
  text.length > max ? `${text.slice(0, max)}…` : text;

/**
 * Text a channel's server or target chose, as a message may show it: credentials hidden,
 * control characters written as `\u001b`, and at most `max` characters. The text is cut before
 * the credentials are looked for, because that search takes quadratic time on a long answer.
 */
export function shownText(text: string, max: number): string {
  const escaped = redactUrlCredentials(cut(text, max * 4)).replace(
    CONTROL,
    c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return cut(escaped, max);
}
