//
// Generated from openapi.yaml by `yarn generate:openapi`. Do not edit.
//
import { createValidatedOpenApiRouter } from '@backstage/backend-openapi-utils';

export const spec = {
  openapi: '3.0.3',
  info: {
    title: 'platform',
    version: '1',
    description:
      "The platform plugin's API: scan status today; drift, module adoption and\nrelease channels as the scanner lands.",
    license: {
      name: 'Apache-2.0',
      url: 'http://www.apache.org/licenses/LICENSE-2.0.html',
    },
    contact: {},
  },
  servers: [
    {
      url: '/',
    },
  ],
  components: {
    examples: {},
    headers: {},
    parameters: {},
    requestBodies: {},
    responses: {
      ErrorResponse: {
        description: 'An error response from the backend.',
        content: {
          'application/json': {
            schema: {
              $ref: '#/components/schemas/Error',
            },
          },
        },
      },
    },
    schemas: {
      Error: {
        type: 'object',
        properties: {
          error: {
            type: 'object',
            properties: {
              name: {
                type: 'string',
              },
              message: {
                type: 'string',
              },
            },
            required: ['name', 'message'],
          },
          request: {
            type: 'object',
            properties: {
              method: {
                type: 'string',
              },
              url: {
                type: 'string',
              },
            },
            required: ['method', 'url'],
          },
          response: {
            type: 'object',
            properties: {
              statusCode: {
                type: 'number',
              },
            },
            required: ['statusCode'],
          },
        },
        required: ['error', 'response'],
        additionalProperties: {},
      },
      HealthResponse: {
        type: 'object',
        properties: {
          status: {
            type: 'string',
            enum: ['ok'],
          },
        },
        required: ['status'],
        additionalProperties: false,
      },
      ScanRun: {
        type: 'object',
        description:
          'One run of the scanner over the platform and service repositories.',
        properties: {
          id: {
            type: 'string',
          },
          startedAt: {
            type: 'string',
            format: 'date-time',
          },
          finishedAt: {
            type: 'string',
            format: 'date-time',
          },
          status: {
            type: 'string',
            enum: ['running', 'succeeded', 'failed'],
          },
          repositoriesScanned: {
            type: 'integer',
          },
          repositoriesSkipped: {
            type: 'integer',
          },
          repositoriesFailed: {
            type: 'integer',
          },
        },
        required: [
          'id',
          'startedAt',
          'status',
          'repositoriesScanned',
          'repositoriesSkipped',
          'repositoriesFailed',
        ],
        additionalProperties: false,
      },
      LatestScanResponse: {
        type: 'object',
        properties: {
          scan: {
            type: 'object',
            nullable: true,
            allOf: [
              {
                $ref: '#/components/schemas/ScanRun',
              },
            ],
          },
        },
        required: ['scan'],
        additionalProperties: false,
      },
    },
    securitySchemes: {
      JWT: {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'JWT',
      },
    },
  },
  security: [
    {
      JWT: [],
    },
  ],
  paths: {
    '/health': {
      get: {
        operationId: 'GetHealth',
        description:
          'Answers when the plugin is up and its database is reachable.',
        responses: {
          '200': {
            description: 'The plugin is healthy.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/HealthResponse',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/scans/latest': {
      get: {
        operationId: 'GetLatestScan',
        description:
          'The most recent scan run, or null when no scan has run yet.',
        responses: {
          '200': {
            description: 'The latest scan run.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/LatestScanResponse',
                },
              },
            },
          },
          default: {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
  },
} as const;

export const createOpenApiRouter = async (
  options?: Parameters<typeof createValidatedOpenApiRouter>['1'],
) => createValidatedOpenApiRouter<typeof spec>(spec, options);
