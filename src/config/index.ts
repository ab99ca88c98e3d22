export * from './types.js';
export { defaultConfig, loadConfig, MAX_CONFIG_BYTES } from './read.js';
export { parseConfig } from './load.js';
export { configFor, ruleSetting, globMatcher } from './effective.js';
export { isValidDate, isExpired, todayUtc } from './dates.js';
export { gateConfig, gateChanges, GATE_KEYS, type GateChange, type GateKey } from './gate.js';
