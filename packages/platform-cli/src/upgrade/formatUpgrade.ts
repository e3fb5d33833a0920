import { escapeControlCharacters } from '../report/escapeControlCharacters';
import { UpgradeCheckoutResult } from './upgradeCheckout';

/**
 * What an upgrade did, for a person reading a terminal or CI log: the files changed, what
 * needs a person and why, the inputs still to set and the notes. Text from the checkout is
 * escaped as the scan's table escapes it.
 */
export function formatUpgrade(
  result: UpgradeCheckoutResult,
  options: { dryRun?: boolean } = {},
): string {
  const safe = escapeControlCharacters;
  const { module, target } = result;
  const lines: string[] = [];
  if (result.referencesToMove === 0) {
    lines.push(
      result.alreadyThere > 0
        ? `every reference to ${module} is at ${target.version} or newer; nothing to change`
        : `no reference to ${module} found; nothing to change`,
    );
  } else {
    const verb = options.dryRun ? 'would change' : 'changed';
    for (const file of result.files) {
      lines.push(`${verb} ${safe(file.path)}`);
    }
    lines.push(
      `${module} → ${target.version} (${safe(target.tag)}): ${
        result.files.length
      } file${result.files.length === 1 ? '' : 's'} ${verb}${
        result.alreadyThere > 0
          ? `, ${result.alreadyThere} reference${
              result.alreadyThere === 1 ? '' : 's'
            } already at ${target.version} or newer`
          : ''
      }`,
    );
  }
  if (result.needsPerson.length > 0) {
    lines.push('', 'needs a person:');
    for (const refusal of result.needsPerson) {
      lines.push(
        `  ${safe(refusal.file)}:${refusal.line}: ${safe(refusal.reason)}`,
      );
    }
  }
  if (result.missingInputs.length > 0) {
    lines.push(
      '',
      `inputs ${module} ${
        target.version
      } requires and no value was given for: ${result.missingInputs.join(
        ', ',
      )}`,
      `  each is marked in its module block ("# platform upgrade: set …") and the call check refuses the call until it is set; give a value with --input ${result.missingInputs[0]}=JSON`,
    );
  }
  if (result.unusedInputs.length > 0) {
    lines.push(
      '',
      `not used (no call of this upgrade needs them): ${result.unusedInputs
        .map(safe)
        .join(', ')}`,
    );
  }
  if (result.notes.length > 0) {
    lines.push('', 'notes:');
    for (const note of result.notes) {
      lines.push(`  ${safe(note)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
