import pkg from '../package.json' with { type: 'json' };

export const TOOL_NAME = 'hyperpod-prereq';
export const TOOL_VERSION: string = pkg.version;
/** Where rule docs are published (the action's repository). */
export const DOCS_BASE_URL = 'https://github.com/hyperpod-prereq/hyperpod-prereq-action/blob/v1/';

export const docsUrl = (docs: string | undefined): string | undefined =>
  docs === undefined ? undefined : /^https?:\/\//.test(docs) ? docs : DOCS_BASE_URL + docs;
