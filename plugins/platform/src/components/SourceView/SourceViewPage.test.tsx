import { ResponseError } from '@backstage/errors';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { PlatformApi, SourceFile } from '../../api';
import { renderPlatformPage } from '../../__testUtils__/renderPage';
import { SourceViewPage } from './SourceViewPage';

const COMMIT = '0123456789abcdef0123456789abcdef01234567';
const main: SourceFile = {
  repository: 'https://github.com/acme/payments-api',
  entityRefs: ['component:default/payments-api'],
  commit: COMMIT,
  path: 'infra/environments/prod/main.tf',
  language: 'hcl',
  size: 120,
  content: [
    'module "vpc" {',
    '  source = "git::https://github.com/acme/platform.git//modules/vpc?ref=vpc/v1.4.0"',
    '  cidr   = "10.0.0.0/16"',
    '}',
    '',
  ].join('\n'),
};

function query(values: Record<string, string>) {
  return `/platform/source?${new URLSearchParams(values)}`;
}

/** The link a drift row gives to line 2 of main.tf at the scanned commit. */
const lineTwoOfMain = query({
  repository: main.repository,
  commit: COMMIT,
  path: main.path,
  line: '2',
});

async function renderPage(
  path: string,
  getSourceFile: PlatformApi['getSourceFile'],
  listSourceFiles: PlatformApi['listSourceFiles'] = () =>
    new Promise<never>(() => {}),
) {
  return renderPlatformPage(<SourceViewPage />, {
    mountPath: '/platform/source',
    path,
    api: { getSourceFile, listSourceFiles },
  });
}

/** Waits for main.tf, and expects it to have been read at the commit the link named. */
async function expectMainAtCommit(getSourceFile: jest.Mock) {
  expect(
    await screen.findByRole('heading', { name: 'main.tf' }),
  ).toBeInTheDocument();
  expect(getSourceFile).toHaveBeenCalledWith({
    repository: main.repository,
    commit: COMMIT,
    path: main.path,
  });
}

describe('SourceViewPage', () => {
  it('shows the file with line numbers and the linked line highlighted and focused', async () => {
    const getSourceFile = jest.fn(async () => main);
    await renderPage(lineTwoOfMain, getSourceFile);

    await expectMainAtCommit(getSourceFile);
    const table = screen.getByRole('table', {
      name: 'infra/environments/prod/main.tf, 4 lines, hcl',
    });
    const rows = within(table).getAllByRole('row');
    // The final newline ends line 4; it starts no fifth line.
    expect(rows).toHaveLength(4);

    const linked = rows[1];
    expect(linked).toHaveAttribute('aria-current', 'location');
    expect(linked).toHaveAttribute('id', 'L2');
    expect(linked).toHaveTextContent('ref=vpc/v1.4.0');
    expect(linked).toHaveFocus();
    for (const other of [rows[0], rows[2], rows[3]]) {
      expect(other).not.toHaveAttribute('aria-current');
    }
    expect(within(linked).getByRole('rowheader')).toHaveTextContent('2');

    // What the file is: its repository, its service in the catalog, the commit.
    expect(screen.getByText('acme/payments-api')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'payments-api' })).toHaveAttribute(
      'href',
      '/catalog/default/component/payments-api',
    );
    expect(screen.getByText('0123456789ab')).toHaveAttribute('title', COMMIT);
  });

  it('moves the highlight to a line whose number is followed, keeping the file', async () => {
    const getSourceFile = jest.fn(async () => main);
    await renderPage(lineTwoOfMain, getSourceFile);
    const lineLink = await screen.findByRole('link', { name: 'Line 3' });
    expect(lineLink.getAttribute('href')).toContain('line=3');
    expect(lineLink.getAttribute('href')).toContain(`commit=${COMMIT}`);

    await userEvent.click(lineLink);

    const rows = screen.getAllByRole('row');
    expect(rows[2]).toHaveAttribute('aria-current', 'location');
    expect(rows[2]).toHaveFocus();
    expect(rows[1]).not.toHaveAttribute('aria-current');
    expect(getSourceFile).toHaveBeenCalledTimes(1);
  });

  it("reads the default branch's head when the link names no commit, and says so", async () => {
    const getSourceFile = jest.fn(async () => main);
    await renderPage(
      query({ repository: main.repository, path: main.path }),
      getSourceFile,
    );
    expect(
      await screen.findByText(/head of the default branch/),
    ).toBeInTheDocument();
    expect(getSourceFile).toHaveBeenCalledWith({
      repository: main.repository,
      commit: undefined,
      path: main.path,
    });
    expect(
      screen
        .getAllByRole('row')
        .filter(row => row.hasAttribute('aria-current')),
    ).toHaveLength(0);
  });

  it("shows the backend's refusal in its words, and tries again on request", async () => {
    const refusal = await ResponseError.fromResponse(
      new Response(
        JSON.stringify({
          error: {
            name: 'SourceRefusedError',
            message:
              '"logo.png" at 0123456789ab is a binary file; the source view shows text only',
          },
          request: { method: 'GET', url: '/api/platform/source' },
          response: { statusCode: 415 },
        }),
        {
          status: 415,
          statusText: 'Unsupported Media Type',
          headers: { 'Content-Type': 'application/json' },
        },
      ),
    );
    const getSourceFile = jest
      .fn<Promise<SourceFile>, Parameters<PlatformApi['getSourceFile']>>()
      .mockRejectedValueOnce(refusal)
      .mockResolvedValueOnce({ ...main, path: 'logo.png', content: 'text\n' });
    await renderPage(
      query({ repository: main.repository, commit: COMMIT, path: 'logo.png' }),
      getSourceFile,
    );

    expect(
      await screen.findByText(
        /is a binary file; the source view shows text only/,
      ),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('table')).toHaveTextContent('text');
  });

  it('lists the files of a repository when the link names no file, each leading to its view at the same commit', async () => {
    const getSourceFile = jest.fn(async () => main);
    const listSourceFiles = jest.fn(async () => ({
      repository: main.repository,
      entityRefs: main.entityRefs,
      commit: COMMIT,
      files: ['README.md', 'infra/environments/prod/main.tf'],
      truncated: false,
    }));
    await renderPage(
      query({ repository: main.repository }),
      getSourceFile,
      listSourceFiles,
    );

    expect(
      await screen.findByRole('heading', { name: 'acme/payments-api' }),
    ).toBeInTheDocument();
    expect(listSourceFiles).toHaveBeenCalledWith({
      repository: main.repository,
      commit: undefined,
    });
    expect(
      screen.getByRole('heading', { name: '2 files' }),
    ).toBeInTheDocument();
    expect(screen.getByText(/head of the default branch/)).toBeInTheDocument();

    await userEvent.click(
      screen.getByRole('link', { name: 'infra/environments/prod/main.tf' }),
    );
    // Pinned to the commit listed, so that the file is the one the list showed.
    await expectMainAtCommit(getSourceFile);
    const back = screen.getByRole('link', {
      name: 'All files of acme/payments-api at this commit',
    });
    expect(
      new URLSearchParams(back.getAttribute('href')!.split('?')[1]),
    ).toEqual(
      new URLSearchParams({ repository: main.repository, commit: COMMIT }),
    );
  });

  it('asks which repository when the link names none, and leads to the drift report', async () => {
    const getSourceFile = jest.fn(async () => main);
    await renderPage('/platform/source?path=main.tf', getSourceFile);
    expect(await screen.findByText('Which repository?')).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'Open the drift report' }),
    ).toHaveAttribute('href', '/platform');
    expect(getSourceFile).not.toHaveBeenCalled();
  });
});
