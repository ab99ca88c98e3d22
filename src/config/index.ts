export * from './types.js';
export { defaultConfig, loadConfig, parseConfig, MAX_CONFIG_BYTES } from './load.js';
export { configFor, ruleSetting, globMatcher } from './effective.js';
export { isValidDate, isExpired, todayUtc } from './dates.js';
export { gateConfig, gateChanges, GATE_KEYS, type GateChange, type GateKey } from './gate.js';
