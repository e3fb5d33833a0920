import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { VerdictCountFilter } from './VerdictCountFilter';

describe('VerdictCountFilter', () => {
  it('writes each count with thousands separated, as the heading does', async () => {
    const look = {
      color: '#2e7d32',
      contrastText: '#fff',
      shape: 'circle',
    } as const;
    await renderInTestApp(
      <VerdictCountFilter
        label="Counts by verdict"
        heading="905,013 references in 50,000 services"
        counts={[
          { value: 'up-to-date', label: 'Up to date', count: 426619, look },
          { value: 'deprecated', label: 'Deprecated', count: 7, look },
        ]}
        selected={[]}
        onChange={() => {}}
      />,
    );
    expect(
      screen.getByRole('button', { name: 'Up to date: 426,619' }),
    ).toBeVisible();
    expect(screen.getByRole('button', { name: 'Deprecated: 7' })).toBeVisible();
  });
});
