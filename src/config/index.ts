export * from './types.js';
export { defaultConfig, loadConfig, parseConfig, MAX_CONFIG_BYTES } from './load.js';
export { configFor, ruleSetting, globMatcher } from './effective.js';
export { isValidDate, isExpired, todayUtc } from './dates.js';
