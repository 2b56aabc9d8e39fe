/** The environment variables the vitest integration's settings travel in, from the config to its setup files. */
export const OPTIONS_ENV = 'ONERWAY_SIM_COVERAGE_OPTIONS';
/** The folder the test files write their coverage to, made by the global setup. */
export const DIR_ENV = 'ONERWAY_SIM_COVERAGE_DIR';
