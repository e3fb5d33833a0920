import { render, screen } from '@testing-library/react';
import { LogoFull } from './LogoFull';
import { LogoIcon } from './LogoIcon';

describe('sidebar logos', () => {
  it('names the portal in the open sidebar, with the mark beside the name', () => {
    render(<LogoFull />);
    const logo = screen.getByRole('img', { name: 'Platform Portal' });
    expect(logo).toHaveAttribute('viewBox', '0 0 190 36');
    expect(logo).toHaveTextContent('Platform Portal');
    expect(logo.querySelectorAll('path')).toHaveLength(3);
  });

  it('shows the mark alone, still named, in the closed sidebar', () => {
    render(<LogoIcon />);
    const logo = screen.getByRole('img', { name: 'Platform Portal' });
    expect(logo).toHaveAttribute('viewBox', '0 0 36 36');
    expect(logo).toHaveTextContent('');
    expect(logo.querySelectorAll('path')).toHaveLength(3);
  });
});
