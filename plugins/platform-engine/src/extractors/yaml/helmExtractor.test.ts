import { helmExtractor } from './helmExtractor';

const CHART = `apiVersion: v2
name: payments-api
description: Payments service and the services it runs with
type: application
version: 0.4.2
appVersion: "1.8.0"
dependencies:
  - name: postgresql
    version: 15.5.x
    repository: https://charts.bitnami.com/bitnami/
    condition: postgresql.enabled
  - name: redis
    version: "~18.19.0"
    repository: "@bitnami"
    alias: cache
  - name: platform-service
    version: ">=3.1.0 <4.0.0"
    repository: oci://ghcr.io/acme/charts
  - name: common
    version: 2.x.x
    repository: alias:bitnami
    tags:
      - bitnami-common
  - name: migrations
    repository: file://../migrations
  # - name: kafka
  #   version: 26.x.x
  #   repository: oci://registry-1.docker.io/bitnamicharts
  - name: grafana
    version: 1.10
    repository: oci://REGISTRY.example.com:5000
    alias: dashboards
`;

describe('helmExtractor', () => {
  it('matches chart and requirements files', () => {
    expect(helmExtractor.matches('Chart.yaml')).toBe(true);
    expect(helmExtractor.matches('charts/payments/Chart.yaml')).toBe(true);
    expect(helmExtractor.matches('charts/legacy/requirements.yaml')).toBe(true);
    expect(helmExtractor.matches('charts/payments/values.yaml')).toBe(false);
    expect(helmExtractor.matches('charts/payments/Chart.lock')).toBe(false);
    expect(helmExtractor.matches('docs/MyChart.yaml')).toBe(false);
  });

  it('reads every dependency of a v2 chart', () => {
    const { references, problems } = helmExtractor.extract({
      path: 'deploy/charts/payments/Chart.yaml',
      content: CHART,
    });
    expect(problems).toEqual([]);
    expect(references).toEqual([
      {
        kind: 'helm-dependency',
        position: {
          file: 'deploy/charts/payments/Chart.yaml',
          line: 9,
          column: 14,
        },
        source: 'https://charts.bitnami.com/bitnami/ postgresql',
        target: {
          type: 'helm-repository',
          repository: 'https://charts.bitnami.com/bitnami',
          chart: 'postgresql',
        },
        name: 'https://charts.bitnami.com/bitnami/postgresql',
        pin: 'constraint',
        ref: '15.5.x',
      },
      {
        kind: 'helm-dependency',
        position: {
          file: 'deploy/charts/payments/Chart.yaml',
          line: 13,
          column: 14,
        },
        source: '@bitnami redis',
        target: {
          type: 'helm-repository',
          repository: '@bitnami',
          chart: 'redis',
        },
        name: '@bitnami/redis',
        pin: 'constraint',
        ref: '~18.19.0',
        alias: 'cache',
      },
      expect.objectContaining({
        position: expect.objectContaining({ line: 17 }),
        target: {
          type: 'oci',
          registry: 'ghcr.io',
          repository: 'acme/charts/platform-service',
        },
        name: 'ghcr.io/acme/charts/platform-service',
        pin: 'constraint',
        ref: '>=3.1.0 <4.0.0',
      }),
      expect.objectContaining({
        target: {
          type: 'helm-repository',
          repository: 'alias:bitnami',
          chart: 'common',
        },
        ref: '2.x.x',
      }),
      {
        kind: 'helm-dependency',
        position: {
          file: 'deploy/charts/payments/Chart.yaml',
          line: 24,
          column: 11,
        },
        source: 'file://../migrations migrations',
        target: { type: 'local', path: 'deploy/charts/migrations' },
        name: 'deploy/charts/migrations',
        pin: 'none',
      },
      expect.objectContaining({
        position: expect.objectContaining({ line: 30 }),
        target: {
          type: 'oci',
          registry: 'registry.example.com:5000',
          repository: 'grafana',
        },
        // Written unquoted, 1.10 is a YAML float; the pin keeps its source text.
        ref: '1.10',
        alias: 'dashboards',
      }),
    ]);
  });

  it('reads a v1 requirements.yaml with an anchored repository', () => {
    const { references, problems } = helmExtractor.extract({
      path: 'charts/wordpress/requirements.yaml',
      content: `x-stable: &stable https://charts.helm.sh/stable
dependencies:
- name: mariadb
  version: 7.x.x
  repository: *stable
  condition: mariadb.enabled
  tags:
    - wordpress-database
- name: memcached
  repository: *stable
- name: vendored
`,
    });
    expect(problems).toEqual([]);
    expect(
      references.map(r => [r.position.line, r.name, r.pin, r.ref, r.target]),
    ).toEqual([
      [
        4,
        'https://charts.helm.sh/stable/mariadb',
        'constraint',
        '7.x.x',
        {
          type: 'helm-repository',
          repository: 'https://charts.helm.sh/stable',
          chart: 'mariadb',
        },
      ],
      [
        9,
        'https://charts.helm.sh/stable/memcached',
        'none',
        undefined,
        expect.objectContaining({ chart: 'memcached' }),
      ],
      [
        11,
        'charts/wordpress/charts/vendored',
        'none',
        undefined,
        { type: 'local', path: 'charts/wordpress/charts/vendored' },
      ],
    ]);
  });

  it('reports a dependency without a name and keeps the others', () => {
    const { references, problems } = helmExtractor.extract({
      path: 'Chart.yaml',
      content: `apiVersion: v2
name: x
version: 1.0.0
dependencies:
  - version: 1.0.0
    repository: https://charts.example.com
  - name: ok
    version: ^2.0.0
    repository: https://charts.example.com
`,
    });
    expect(problems).toEqual([
      {
        file: 'Chart.yaml',
        line: 5,
        column: 5,
        message: 'Helm dependency #1 has no name',
      },
    ]);
    expect(references.map(r => r.name)).toEqual([
      'https://charts.example.com/ok',
    ]);
  });

  it('keeps credentials in a repository URL out of the source and name', () => {
    const { references } = helmExtractor.extract({
      path: 'Chart.yaml',
      content: `apiVersion: v2
name: x
version: 1.0.0
dependencies:
  - name: web
    version: 1.0.0
    repository: https://deploy:s3cret@charts.example.com/stable
  - name: db
    version: 2.0.0
    repository: oci://robot:t0ken@registry.example.com/charts
`,
    });
    expect(references.map(r => [r.source, r.name])).toEqual([
      [
        'https://REDACTED@charts.example.com/stable web',
        'https://REDACTED@charts.example.com/stable/web',
      ],
      [
        'oci://REDACTED@registry.example.com/charts db',
        'registry.example.com/charts/db',
      ],
    ]);
    expect(JSON.stringify(references)).not.toMatch(/s3cret|t0ken/);
  });

  it('ignores charts without dependencies', () => {
    expect(
      helmExtractor.extract({
        path: 'Chart.yaml',
        content: 'apiVersion: v2\nname: x\nversion: 1.0.0\n',
      }),
    ).toEqual({ references: [], problems: [] });
  });
});
