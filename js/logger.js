// Logging as @azure/logger does it: `setLogLevel(level)`, and `AzureLogger.log` to redirect.

import { describe, invalid } from './errors.js';

const LEVELS = ['verbose', 'info', 'warning', 'error'];
let threshold = 2; // 'warning'

/** Where log lines go: replace `AzureLogger.log` to redirect them. */
export const AzureLogger = { log: (...args) => console.log(...args) };

/** `setLogLevel('verbose' | 'info' | 'warning' | 'error')`. */
export function setLogLevel(level) {
  const at = LEVELS.indexOf(level);
  if (at < 0) {
    throw invalid('level', `expected 'verbose', 'info', 'warning' or 'error', got ${describe(level)}`);
  }
  threshold = at;
}

export function log(level, message) {
  if (LEVELS.indexOf(level) >= threshold) {
    AzureLogger.log(`azure:breakout-rooms:${level} ${message}`);
  }
}
