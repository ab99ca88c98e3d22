// JSON schemas for the .github files actionlint does not cover, written from GitHub's documentation
// ("Configuration options for the dependabot.yml file"; "Syntax for issue forms"; "Configuring issue templates").
// They check the keys and values this repository uses, and reject unknown keys so typos fail.

const schedule = {
  type: 'object',
  required: ['interval'],
  additionalProperties: false,
  properties: {
    interval: { enum: ['daily', 'weekly', 'monthly', 'quarterly', 'semiannually', 'yearly', 'cron'] },
    day: { enum: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] },
    time: { type: 'string', pattern: '^\\d{2}:\\d{2}$' },
    timezone: { type: 'string' },
    cronjob: { type: 'string' },
  },
};

const stringList = { type: 'array', items: { type: 'string', minLength: 1 }, minItems: 1 };

export const dependabotSchema = {
  type: 'object',
  required: ['version', 'updates'],
  additionalProperties: false,
  properties: {
    version: { const: 2 },
    registries: { type: 'object' },
    updates: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['package-ecosystem', 'schedule'],
        anyOf: [{ required: ['directory'] }, { required: ['directories'] }],
        additionalProperties: false,
        properties: {
          'package-ecosystem': {
            enum: [
              'bundler',
              'cargo',
              'composer',
              'docker',
              'elm',
              'gitsubmodule',
              'github-actions',
              'gomod',
              'gradle',
              'maven',
              'mix',
              'npm',
              'nuget',
              'pip',
              'pub',
              'swift',
              'terraform',
            ],
          },
          directory: { type: 'string', pattern: '^/' },
          directories: stringList,
          schedule,
          'open-pull-requests-limit': { type: 'integer', minimum: 0 },
          'target-branch': { type: 'string' },
          labels: stringList,
          assignees: stringList,
          reviewers: stringList,
          'versioning-strategy': { enum: ['auto', 'increase', 'increase-if-necessary', 'lockfile-only', 'widen'] },
          allow: { type: 'array' },
          ignore: { type: 'array' },
          'commit-message': {
            type: 'object',
            additionalProperties: false,
            properties: {
              prefix: { type: 'string', maxLength: 50 },
              'prefix-development': { type: 'string', maxLength: 50 },
              include: { const: 'scope' },
            },
          },
          groups: {
            type: 'object',
            additionalProperties: {
              type: 'object',
              additionalProperties: false,
              anyOf: [{ required: ['patterns'] }, { required: ['dependency-type'] }],
              properties: {
                'applies-to': { enum: ['version-updates', 'security-updates'] },
                'dependency-type': { enum: ['development', 'production'] },
                patterns: stringList,
                'exclude-patterns': stringList,
                'update-types': { type: 'array', items: { enum: ['major', 'minor', 'patch'] } },
              },
            },
          },
        },
      },
    },
  },
};

const formAttributes = {
  type: 'object',
  required: ['label'],
  properties: { label: { type: 'string', minLength: 1 }, description: { type: 'string' } },
};

const formElement = {
  type: 'object',
  required: ['type', 'attributes'],
  additionalProperties: false,
  properties: {
    type: { enum: ['markdown', 'textarea', 'input', 'dropdown', 'checkboxes'] },
    id: { type: 'string', pattern: '^[A-Za-z0-9_-]+$' },
    attributes: { type: 'object' },
    validations: { type: 'object', additionalProperties: false, properties: { required: { type: 'boolean' } } },
  },
  allOf: [
    {
      if: { properties: { type: { const: 'markdown' } } },
      then: {
        properties: { attributes: { type: 'object', required: ['value'], properties: { value: { type: 'string', minLength: 1 } } } },
      },
      else: { properties: { attributes: formAttributes } },
    },
    {
      if: { properties: { type: { const: 'dropdown' } } },
      then: {
        properties: {
          attributes: { type: 'object', required: ['options'], properties: { options: { type: 'array', minItems: 1, uniqueItems: true } } },
        },
      },
    },
    {
      if: { properties: { type: { const: 'checkboxes' } } },
      then: {
        properties: {
          attributes: {
            type: 'object',
            required: ['options'],
            properties: {
              options: {
                type: 'array',
                minItems: 1,
                items: {
                  type: 'object',
                  required: ['label'],
                  additionalProperties: false,
                  properties: { label: { type: 'string' }, required: { type: 'boolean' } },
                },
              },
            },
          },
        },
      },
    },
  ],
};

export const issueFormSchema = {
  type: 'object',
  required: ['name', 'description', 'body'],
  additionalProperties: false,
  properties: {
    name: { type: 'string', minLength: 1 },
    description: { type: 'string', minLength: 1 },
    title: { type: 'string' },
    labels: { anyOf: [stringList, { type: 'string' }] },
    assignees: { anyOf: [stringList, { type: 'string' }] },
    projects: { anyOf: [stringList, { type: 'string' }] },
    type: { type: 'string' },
    body: { type: 'array', minItems: 1, items: formElement },
  },
};

export const issueConfigSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    blank_issues_enabled: { type: 'boolean' },
    contact_links: {
      type: 'array',
      items: {
        type: 'object',
        required: ['name', 'url', 'about'],
        additionalProperties: false,
        properties: { name: { type: 'string' }, url: { type: 'string', pattern: '^https://' }, about: { type: 'string' } },
      },
    },
  },
};
