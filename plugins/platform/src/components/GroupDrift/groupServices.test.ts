import {
  DriftRow,
  verdictSeverity,
} from '@platform-portal/plugin-platform-common';
import { servicesWorstFirst } from './groupServices';

function row(entityRef: string, verdict: DriftRow['verdict']): DriftRow {
  return {
    id: `${entityRef}-${verdict}`,
    entityRef,
    kind: 'terraform-module',
    file: 'main.tf',
    line: 1,
    column: 1,
    source: 'x',
    name: 'x',
    pin: 'ref',
    explanation: '',
    verdict,
    severity: verdictSeverity(verdict),
  };
}

describe('servicesWorstFirst', () => {
  it('orders by worst verdict, then by references behind, then by name', () => {
    expect(
      servicesWorstFirst([
        row('b', 'minor-behind'),
        row('a', 'minor-behind'),
        row('c', 'minor-behind'),
        row('c', 'patch-behind'),
        row('d', 'up-to-date'),
        row('e', 'unsupported'),
      ]).map(s => [s.entityRef, s.worst, s.behind, s.references]),
    ).toEqual([
      ['e', 'unsupported', 1, 1],
      ['c', 'minor-behind', 2, 2],
      ['a', 'minor-behind', 1, 1],
      ['b', 'minor-behind', 1, 1],
      ['d', 'up-to-date', 0, 1],
    ]);
  });
});
